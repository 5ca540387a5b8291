package dev.unmark.matte;

import dev.unmark.image.Mask;
import dev.unmark.image.Rect;

/**
 * What {@link ReverseBlend} did to one mark.
 *
 * @param box       the mark's box in the image
 * @param residual  {@code box}-sized: the pixels it could not recover (too opaque or clipped), left for the fill
 * @param recovered pixels whose blend was inverted
 * @param noise     the noise level (0-255) the recovery was regularised for; 0 when it divided exactly
 */
public record Recovery(Rect box, Mask residual, long recovered, long residualPixels, double noise) {

    /** Share of the mark's pixels that were recovered rather than left to the fill; 1 for an empty mark. */
    public double recoveredFraction() {
        long all = recovered + residualPixels;
        return all == 0 ? 1 : recovered / (double) all;
    }

    public double inpaintedFraction() {
        long all = recovered + residualPixels;
        return all == 0 ? 0 : residualPixels / (double) all;
    }
}
