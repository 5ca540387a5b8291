package dev.unmark.io;

import java.util.Objects;

/**
 * How an image is written.
 *
 * @param format        the output format
 * @param quality       1-100, used by the lossy encoders (JPEG, WebP); ignored by the others
 * @param metadata      ICC profile and EXIF to embed where the format allows (see the package documentation)
 * @param bitsPerSample 8 or 16; 16 is honoured by PNG only, the other formats write 8
 */
public record WriteOptions(ImageFormat format, int quality, ImageMetadata metadata, int bitsPerSample) {

    public static final int DEFAULT_QUALITY = 95;

    public WriteOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(metadata, "metadata");
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("quality must be 1-100, got " + quality);
        }
        if (bitsPerSample != 8 && bitsPerSample != 16) {
            throw new IllegalArgumentException("bitsPerSample must be 8 or 16, got " + bitsPerSample);
        }
    }

    /** Quality 95, no metadata, 8 bits. */
    public static WriteOptions defaults(ImageFormat format) {
        return new WriteOptions(format, DEFAULT_QUALITY, ImageMetadata.none(), 8);
    }

    /** The defaults for {@code format}, carrying the source's metadata and bit depth. */
    public static WriteOptions keeping(LoadedImage source, ImageFormat format) {
        return new WriteOptions(format, DEFAULT_QUALITY, source.metadata(), source.bitsPerSample());
    }

    public WriteOptions withQuality(int quality) {
        return new WriteOptions(format, quality, metadata, bitsPerSample);
    }

    public WriteOptions withMetadata(ImageMetadata metadata) {
        return new WriteOptions(format, quality, metadata, bitsPerSample);
    }

    public WriteOptions withBitsPerSample(int bitsPerSample) {
        return new WriteOptions(format, quality, metadata, bitsPerSample);
    }
}
