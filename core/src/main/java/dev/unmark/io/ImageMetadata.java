package dev.unmark.io;

/**
 * The metadata carried from an input file to the output file. Arrays are held as given, not copied.
 *
 * @param iccProfile  the embedded RGB ICC profile the samples are encoded in, or null (sRGB assumed); profiles of
 *                    other colour spaces (CMYK, gray) are not kept because the samples are converted to RGB
 * @param exif        the raw EXIF block: the TIFF structure ("II*" or "MM*" header onwards) as found in a JPEG APP1
 *                    segment after its {@code Exif\0\0} prefix, or null
 * @param orientation the EXIF orientation (1-8) the file had; the image read is already upright, so this is
 *                    informational and writers always record orientation 1
 */
public record ImageMetadata(byte[] iccProfile, byte[] exif, int orientation) {

    public ImageMetadata {
        if (orientation < 1 || orientation > 8) {
            throw new IllegalArgumentException("EXIF orientation must be 1-8, got " + orientation);
        }
    }

    /** No profile, no EXIF, upright. */
    public static ImageMetadata none() {
        return new ImageMetadata(null, null, 1);
    }
}
