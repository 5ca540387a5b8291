package dev.unmark.detect;

/**
 * Parameters of {@link ContourDetector}. "Working pixels" are pixels of the reduced copy the detector analyses
 * (long side {@link #workingSize}); "image pixels" are pixels of the input.
 *
 * @param workingSize        long side, in pixels, of the reduced copy used for the background estimate and the
 *                           component analysis; larger is slower and finds thinner strokes. Range 128-16384,
 *                           start at 1024. Images no larger are analysed at full size.
 * @param strokeWidth        widest stroke the detector looks for, as a fraction of the working long side; it is
 *                           the diameter of the largest disc whose opening/closing estimates the local background,
 *                           so strokes and filled parts wider than this are missed. Range 0.005-0.25, start at 0.04.
 * @param smallestDisc       diameter, in working pixels, of the smallest of the background discs; the others double
 *                           from it up to {@code strokeWidth}. Smaller finds thinner strokes but also more fine
 *                           texture. Range 3-255, start at 9.
 * @param minContrast        least luma difference from the local background, in 0-255 levels, that can count as
 *                           a mark, whatever the noise. Range 1-128, start at 12.
 * @param noiseFactor        how many robust standard deviations (1.4826 MAD) of the difference image above its
 *                           median the threshold must also be; guards textured or noisy photos. Range 0-20,
 *                           start at 5.
 * @param closeRadius        radius in working pixels of the morphological close that joins broken strokes before
 *                           labelling. Range 0-10, start at 1 (0 switches it off).
 * @param minArea            smallest component kept, in working pixels; drops specks. Range 1-10000, start at 12.
 * @param maxAreaFraction    largest component kept, as a fraction of the image's pixels; a bigger one is scene
 *                           texture, possibly fused with a mark, and is re-thresholded {@code splitFactor} times
 *                           higher (up to four times) until it falls apart, then dropped. Range (0, 1], start at 0.1.
 * @param splitFactor        how much the threshold rises per splitting round. Range 1-8, start at 2.
 * @param broadFactor        least mean departure of a component from the broad median (three widest strokes), in
 *                           units of its threshold, in its own direction; drops the scene between a mark's strokes
 *                           and low-contrast texture. Range 0-10, start at 1.
 * @param minElongation      least {@code area / thickness²} (thickness from the distance transform) for a
 *                           component to count as a stroke; a stroke of length L and width w scores about L/w.
 *                           Compact blobs below it are kept only next to a stroke. Range 0-100, start at 2.5.
 * @param groupRadius        distance, as a fraction of the working long side, within which components belong to
 *                           one mark (letters of a word, the dot of an i); also how near a compact blob must be to
 *                           a stroke to be kept. Range 0-0.25, start at 0.02 (at least 8 working pixels are used).
 * @param chromaTolerance    how far, in 0-255 levels, a pixel's colour may stray from "the background pulled
 *                           towards grey" and still look like a neutral overlay. Range 0-255, start at 12.
 * @param maxOpacity         most opacity {@code a} an overlay is assumed to have: a pixel's chroma must keep at
 *                           least {@code 1 - maxOpacity} of the background's, which tells a black or white scene
 *                           object on a strongly coloured background from a see-through mark. Range 0-1, start at
 *                           0.85 (1 allows opaque marks).
 * @param opacityTolerance   a component's opacity (mean of {@code step / (W - B)} in luma over its strong pixels,
 *                           W = 255 or 0) must be within this of the area-weighted mode of all candidates of its
 *                           polarity: one mark has one opacity. Range 0-1, start at 0.08 (1 switches it off).
 * @param pixelOpacityTolerance the same test per pixel, against the mode; drops scene parts fused to a mark.
 *                           Range 0-1, start at 0.15 (1 switches it off).
 * @param minPolarityShare   the weaker polarity (bright vs dark marks) is kept only when it has at least this share
 *                           of the stronger one's pixels; otherwise it is the scene between the mark's strokes.
 *                           Range 0-1, start at 1 (keep one polarity unless they tie; 0 keeps both).
 * @param minNeutralFraction share of a component's pixels that must pass the neutrality test. Range 0-1, start at
 *                           0.6 (0 switches the colour cue off).
 * @param dilateRadius       final growth of the mask in image pixels, to cover antialiased edges. Range 0-10,
 *                           start at 1.
 */
public record ContourConfig(int workingSize, double strokeWidth, int smallestDisc, double minContrast,
        double noiseFactor, int closeRadius, int minArea, double maxAreaFraction, double splitFactor,
        double broadFactor, double minElongation, double groupRadius, double chromaTolerance, double maxOpacity,
        double opacityTolerance, double pixelOpacityTolerance, double minPolarityShare, double minNeutralFraction,
        int dilateRadius) {

    public ContourConfig {
        check("workingSize", workingSize, 128, 16384);
        check("strokeWidth", strokeWidth, 0.005, 0.25);
        check("smallestDisc", smallestDisc, 3, 255);
        check("minContrast", minContrast, 1, 128);
        check("noiseFactor", noiseFactor, 0, 20);
        check("closeRadius", closeRadius, 0, 10);
        check("minArea", minArea, 1, 10000);
        if (!(maxAreaFraction > 0 && maxAreaFraction <= 1)) {
            throw new IllegalArgumentException("maxAreaFraction must be in (0, 1], got " + maxAreaFraction);
        }
        check("splitFactor", splitFactor, 1, 8);
        check("broadFactor", broadFactor, 0, 10);
        check("minElongation", minElongation, 0, 100);
        check("groupRadius", groupRadius, 0, 0.25);
        check("chromaTolerance", chromaTolerance, 0, 255);
        check("maxOpacity", maxOpacity, 0, 1);
        check("opacityTolerance", opacityTolerance, 0, 1);
        check("pixelOpacityTolerance", pixelOpacityTolerance, 0, 1);
        check("minPolarityShare", minPolarityShare, 0, 1);
        check("minNeutralFraction", minNeutralFraction, 0, 1);
        check("dilateRadius", dilateRadius, 0, 10);
    }

    /** The starting values given in the field docs. */
    public static ContourConfig defaults() {
        return new ContourConfig(1024, 0.04, 9, 12, 5, 1, 12, 0.1, 2, 1, 2.5, 0.02, 12, 0.85, 0.08, 0.15, 1, 0.6, 1);
    }

    private static void check(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
        }
    }
}
