package dev.unmark.io;

/**
 * How images are read.
 *
 * @param maxPixels the largest width x height accepted; checked from the file header before any pixel is decoded,
 *                  so a decompression bomb costs nothing
 */
public record ReadOptions(long maxPixels) {

    public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

    public ReadOptions {
        if (maxPixels <= 0) {
            throw new IllegalArgumentException("maxPixels must be positive, got " + maxPixels);
        }
    }

    /** 100 megapixels at most. */
    public static ReadOptions defaults() {
        return new ReadOptions(DEFAULT_MAX_PIXELS);
    }
}
