package dev.unmark.testing;

import dev.unmark.image.Mask;

/**
 * How well a found mask matches a known coverage map (0-1 per pixel, as the scenes render it).
 *
 * @param recall    share of pixels with coverage above the truth level that were found
 * @param precision share of found pixels with any coverage (antialiased edges count as the mark)
 * @param iou       found pixels against pixels above the truth level: intersection over union
 */
public record MaskScore(double recall, double precision, double iou) {

    /** Scores with the truth level 0.3: pixels at least that covered are the mark a detector must find. */
    public static MaskScore of(Mask found, float[] coverage) {
        return of(found, coverage, 0.3f);
    }

    public static MaskScore of(Mask found, float[] coverage, float truthLevel) {
        long truth = 0, hit = 0, foundCount = 0, foundOnMark = 0, union = 0;
        byte[] d = found.data();
        for (int i = 0; i < coverage.length; i++) {
            boolean t = coverage[i] > truthLevel, f = d[i] != 0;
            if (t) truth++;
            if (t && f) hit++;
            if (f) foundCount++;
            if (f && coverage[i] > 0) foundOnMark++;
            if (t || f) union++;
        }
        return new MaskScore(hit / (double) Math.max(1, truth), foundOnMark / (double) Math.max(1, foundCount),
                hit / (double) Math.max(1, union));
    }
}
