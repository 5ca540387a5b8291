package dev.unmark.io;

import dev.unmark.image.Image;
import java.util.Objects;

/**
 * An image as read from a file, upright (EXIF orientation applied).
 *
 * @param format        the format identified from the file's content
 * @param bitsPerSample 16 when the source had more than 8 bits per colour sample, else 8; pass it on to
 *                      {@link WriteOptions} to keep the precision where the output format allows
 * @param metadata      what can be carried over to the output
 */
public record LoadedImage(Image image, ImageFormat format, int bitsPerSample, ImageMetadata metadata) {

    public LoadedImage {
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(metadata, "metadata");
        if (bitsPerSample != 8 && bitsPerSample != 16) {
            throw new IllegalArgumentException("bitsPerSample must be 8 or 16, got " + bitsPerSample);
        }
    }
}
