package dev.unmark.matte;

/**
 * Where a {@link Template} was found and how strongly it was blended.
 *
 * @param x          left edge of the placed template, image pixels (sub-pixel)
 * @param y          top edge, image pixels
 * @param scaleX     image pixels per template pixel across (1 = its own size)
 * @param scaleY     image pixels per template pixel down (equal to {@code scaleX} but for rounding of the size it
 *                   was stamped at)
 * @param strength   the global factor {@code c} its opacity was multiplied by (Dekel et al. 2017); 1 = as in the
 *                   template
 * @param confidence 0-1: how much of the image's variation along the template's outline reversing the blend
 *                   removes, in the worst-but-one of eight sectors around it, scaled so that half counts as 1, and
 *                   lowered in proportion for strengths below 0.5; 0 for a fit smaller than
 *                   {@link TemplateConfig#minSide()}
 * @param found      whether {@code confidence} reached {@link TemplateConfig#minConfidence()}
 */
public record TemplateMatch(double x, double y, double scaleX, double scaleY, double strength, double confidence,
                            boolean found) {

    /** No candidate at all (e.g. the image is smaller than the smallest template size tried). */
    public static TemplateMatch none() {
        return new TemplateMatch(0, 0, 0, 0, 0, 0, false);
    }
}
