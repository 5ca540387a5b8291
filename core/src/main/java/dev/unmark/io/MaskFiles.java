package dev.unmark.io;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Reads user-supplied masks from image files and writes masks as PNG. */
public final class MaskFiles {

    /* JPEG cannot keep exact 0 (ringing leaves 1s and 2s around edges), so a lossy mask is cut at mid-grey. */
    private static final float LOSSY_THRESHOLD = 127.5f;

    private MaskFiles() {
    }

    /**
     * Reads a mask from any supported image file. A pixel is set (to be removed) when any colour channel is
     * non-zero and, if the file has alpha, its alpha is non-zero, so black/white and 0/1 masks both work; JPEG masks
     * are thresholded at mid-grey instead. The EXIF orientation is applied, as for images.
     *
     * @param resize when the mask's size differs from {@code width x height}: true scales it (nearest neighbour),
     *               false fails
     * @throws UnmarkException naming the file when it cannot be read or has the wrong size
     */
    public static Mask read(Path maskFile, int width, int height, boolean resize) {
        // As large as the image it belongs to may be, even when that exceeds the default image limit.
        long limit = Math.max(ReadOptions.DEFAULT_MAX_PIXELS, (long) width * height);
        LoadedImage loaded = ImageFiles.read(maskFile, new ReadOptions(limit));
        Image img = loaded.image();
        float threshold = loaded.format() == ImageFormat.JPEG ? LOSSY_THRESHOLD : 0f;
        int mw = img.width(), mh = img.height();
        if ((mw != width || mh != height) && !resize) {
            throw new UnmarkException(maskFile + ": mask is " + mw + "x" + mh + " but image is " + width + "x"
                    + height + " (use --resize-mask to scale it)");
        }
        float[] rgb = img.rgb();
        float[] alpha = img.alpha();
        byte[] data = new byte[Math.multiplyExact(width, height)];
        for (int y = 0; y < height; y++) {
            // Sampling at pixel centres keeps the scaled mask aligned with the image for any ratio.
            int sy = (int) (((long) y * 2 + 1) * mh / (2L * height));
            for (int x = 0; x < width; x++) {
                int sx = (int) (((long) x * 2 + 1) * mw / (2L * width));
                int s = sy * mw + sx;
                boolean on = (rgb[s * 3] > threshold || rgb[s * 3 + 1] > threshold || rgb[s * 3 + 2] > threshold)
                        && (alpha == null || alpha[s] > threshold);
                if (on) {
                    data[y * width + x] = Mask.ON;
                }
            }
        }
        return Mask.wrap(width, height, data);
    }

    /** Writes the mask atomically as an 8-bit gray PNG, 255 where set and 0 elsewhere. */
    public static void write(Path file, Mask mask) {
        writeGray(file, mask.width(), mask.height(), mask.data());
    }

    /**
     * Writes a soft opacity map (0-1 per pixel, row-major) as an 8-bit gray PNG, 0-255, atomically.
     */
    public static void writeAlpha(Path file, int width, int height, float[] alpha) {
        if (alpha.length != (long) width * height) {
            throw new IllegalArgumentException("alpha has " + alpha.length + " values for " + width + "x" + height);
        }
        byte[] gray = new byte[alpha.length];
        for (int i = 0; i < alpha.length; i++) {
            gray[i] = (byte) Math.round(Math.max(0f, Math.min(1f, alpha[i])) * 255f);
        }
        writeGray(file, width, height, gray);
    }

    private static void writeGray(Path file, int width, int height, byte[] gray) {
        BufferedImage bi = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        bi.getRaster().setDataElements(0, 0, width, height, gray);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try {
            AtomicFiles.write(file, out -> {
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(bi, null, null), null);
                    ios.flush();
                }
            });
        } finally {
            writer.dispose();
        }
    }
}
