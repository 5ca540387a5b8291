package dev.unmark.matte;

/**
 * How {@link TemplateMatcher} searches.
 *
 * @param minSide       smallest size (longer side, px) the template is looked for and accepted at; at least 8,
 *                      start at 16 (at 10-12 px a small logo is a blob that texture matches: on the dev bench's
 *                      256 px images the best false matches were 10-11 px)
 * @param maxScale      largest scale tried (1 = the template's own size); 0.05-16, start at 2
 * @param scaleStep     ratio between the scales of the coarse search; 1.02-1.5, start at 1.1 (the fine search
 *                      then tries quarter steps around the best)
 * @param minConfidence a match below this confidence (0-1) counts as not found and the image is left unchanged;
 *                      start at 0.55 (on the dev bench the true marks scored 0.58 and up, the best match of
 *                      the template in the 140 photos without it 0.32)
 */
public record TemplateConfig(int minSide, double maxScale, double scaleStep, double minConfidence) {

    public TemplateConfig {
        if (minSide < 8) {
            throw new IllegalArgumentException("min side must be at least 8 px, got " + minSide);
        }
        if (!(maxScale >= 0.05 && maxScale <= 16)) {
            throw new IllegalArgumentException("max scale must be 0.05-16, got " + maxScale);
        }
        if (!(scaleStep >= 1.02 && scaleStep <= 1.5)) {
            throw new IllegalArgumentException("scale step must be 1.02-1.5, got " + scaleStep);
        }
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("min confidence must be 0-1, got " + minConfidence);
        }
    }

    public static TemplateConfig defaults() {
        return new TemplateConfig(16, 2, 1.1, 0.55);
    }

    public TemplateConfig withMinConfidence(double c) {
        return new TemplateConfig(minSide, maxScale, scaleStep, c);
    }
}
