package dev.unmark.io;

import java.util.Locale;
import java.util.Optional;

/** The image file formats unmark reads and writes. */
public enum ImageFormat {
    JPEG("jpg", false),
    PNG("png", true),
    WEBP("webp", true),
    TIFF("tif", true),
    BMP("bmp", false);

    private final String extension;
    private final boolean alpha;

    ImageFormat(String extension, boolean alpha) {
        this.extension = extension;
        this.alpha = alpha;
    }

    /** The canonical file extension, lower case, without the dot. */
    public String extension() {
        return extension;
    }

    /** Whether files of this format can carry an alpha channel (JPEG and BMP output drop it). */
    public boolean supportsAlpha() {
        return alpha;
    }

    /**
     * The format a file name's extension stands for (jpg, jpeg, png, webp, tif, tiff, bmp; any case), or empty
     * when it has none of these. Only for choosing an output format: reading identifies the format by content.
     */
    public static Optional<ImageFormat> fromExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        return switch (fileName.substring(dot + 1).toLowerCase(Locale.ROOT)) {
            case "jpg", "jpeg" -> Optional.of(JPEG);
            case "png" -> Optional.of(PNG);
            case "webp" -> Optional.of(WEBP);
            case "tif", "tiff" -> Optional.of(TIFF);
            case "bmp" -> Optional.of(BMP);
            default -> Optional.empty();
        };
    }

    /** Maps an ImageIO reader's format name; empty for formats unmark does not handle (GIF, ...). */
    static Optional<ImageFormat> fromReaderFormatName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "jpeg", "jpg" -> Optional.of(JPEG);
            case "png" -> Optional.of(PNG);
            case "webp" -> Optional.of(WEBP);
            case "tiff", "tif" -> Optional.of(TIFF);
            case "bmp" -> Optional.of(BMP);
            default -> Optional.empty();
        };
    }
}
