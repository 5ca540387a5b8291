package dev.unmark.detect;

/**
 * Parameters of {@link NetDetector}.
 *
 * @param maxSide      long side, in pixels, at which the network sees the image: larger images are reduced to it
 *                     and the probabilities brought back to full size. The network was trained on frames of
 *                     256-1400 px, where marks have the size they have relative to the photo. Range 256-4096,
 *                     start at 1024 (1280 gave the same scores on the dev sets and 60% more time).
 * @param threshold    probability from which a pixel is part of a mark; 0.5 is where the training loss is
 *                     calibrated. Range 0.05-0.95, start at 0.5.
 * @param groupRadius  marked pixels closer than this share of the image's short side form one region (a text
 *                     line's letters, a logo's parts). Range 0-0.2, start at 0.02.
 * @param minArea      least size of a region, as a share of the image's pixels; smaller groups are speckle.
 *                     Range 0-0.05, start at 0.0001.
 * @param minPixels    least size of a region in pixels, whatever the image size. Range 0-100000, start at 24.
 * @param minConfidence least mean probability of a region's marked pixels: the network is sure of few false
 *                     regions, so this is where its precision is set. Range 0-1, start at 0.9 (at 0.8 and 0.85 the
 *                     false regions cost more than the true ones gain; docs/detectors.md, {@code net}).
 */
public record NetConfig(int maxSide, double threshold, double groupRadius, double minArea, int minPixels,
                        double minConfidence) {

    public NetConfig {
        check("maxSide", maxSide, 256, 4096);
        check("threshold", threshold, 0.05, 0.95);
        check("groupRadius", groupRadius, 0, 0.2);
        check("minArea", minArea, 0, 0.05);
        check("minPixels", minPixels, 0, 100000);
        check("minConfidence", minConfidence, 0, 1);
    }

    /** The starting values given in the field docs. */
    public static NetConfig defaults() {
        return new NetConfig(1024, 0.5, 0.02, 0.0001, 24, 0.9);
    }

    private static void check(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
        }
    }
}
