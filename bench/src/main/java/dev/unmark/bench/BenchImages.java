package dev.unmark.bench;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.io.AtomicFiles;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.ImageFormat;
import dev.unmark.io.MaskFiles;
import dev.unmark.io.ReadOptions;
import dev.unmark.io.WriteOptions;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * The bench's one entry point for image files. All decoding and all encoding of {@link Image}s and {@link Mask}s
 * goes through the core ({@link ImageFiles}, {@link MaskFiles}); every file is written atomically
 * ({@link AtomicFiles}). What stays here is bench policy: samples are rounded to whole 8-bit values and alpha is
 * dropped (the metrics are defined on 8-bit opaque images), masks are thresholded the bench's way, and Java2D
 * pictures (charts, thumbnails, generator layers) are bridged to and from {@link BufferedImage}.
 */
public final class BenchImages {

    private BenchImages() {
    }

    /**
     * Reads an image as opaque RGB with whole 0-255 samples (a 16-bit file is rounded to 8 bits); alpha, if any, is
     * dropped (bench images are opaque). Decoded by {@link ImageFiles#read}, so EXIF orientation is applied.
     */
    public static Image read(Path file) {
        Image img = ImageFiles.read(file, ReadOptions.defaults()).image();
        float[] rgb = img.rgb();
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = Math.round(rgb[i]);
        }
        return Image.wrap(img.width(), img.height(), rgb, null);
    }

    /** Reads an image for Java2D use (thumbnails, generator sources and logos); alpha is kept when present. */
    public static BufferedImage readBuffered(Path file) {
        Image img = ImageFiles.read(file, ReadOptions.defaults()).image();
        return toBuffered(img, img.hasAlpha());
    }

    /**
     * Reads a single-channel 8-bit plane (a mask or an alpha map) as whole 0-255 values: the grey value of a grey
     * file (no colour conversion), the red channel of a colour file; 1-bit files give 0/255, 16-bit ones v/257.
     */
    public static int[] readPlane(Path file, int[] sizeOut) {
        Image img = ImageFiles.read(file, ReadOptions.defaults()).image();
        float[] rgb = img.rgb();
        int[] out = new int[img.width() * img.height()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(rgb[i * 3]);
        }
        if (sizeOut != null) {
            sizeOut[0] = img.width();
            sizeOut[1] = img.height();
        }
        return out;
    }

    /**
     * Reads a ground-truth mask: a pixel is set where the value is above half of the file's range. A file whose
     * values are only 0 and 1 is taken as a 0/1 mask (set where 1), otherwise as 0-255 (set above 127). This is the
     * bench's definition, stricter than {@link MaskFiles#read} (set where non-zero), which suits user masks but would
     * count anti-aliased edges as watermark.
     */
    public static Mask readMask(Path file) {
        int[] size = new int[2];
        int[] v = readPlane(file, size);
        int max = 0;
        for (int x : v) {
            max = Math.max(max, x);
        }
        int threshold = max <= 1 ? 0 : 127;
        byte[] data = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            data[i] = v[i] > threshold ? Mask.ON : 0;
        }
        return Mask.wrap(size[0], size[1], data);
    }

    /** The image of an 8-bit Java2D picture (opaque; alpha is dropped). */
    public static Image fromBuffered(BufferedImage b) {
        int w = b.getWidth(), h = b.getHeight();
        float[] rgb = new float[w * h * 3];
        int[] argb = b.getRGB(0, 0, w, h, null, 0, w);
        for (int i = 0; i < argb.length; i++) {
            rgb[i * 3] = (argb[i] >> 16) & 0xFF;
            rgb[i * 3 + 1] = (argb[i] >> 8) & 0xFF;
            rgb[i * 3 + 2] = argb[i] & 0xFF;
        }
        return Image.wrap(w, h, rgb, null);
    }

    /** An 8-bit RGB buffered image of the samples, rounded and clamped. */
    public static BufferedImage toBuffered(Image image) {
        return toBuffered(image, false);
    }

    private static BufferedImage toBuffered(Image image, boolean withAlpha) {
        int w = image.width(), h = image.height();
        boolean a = withAlpha && image.hasAlpha();
        BufferedImage b = new BufferedImage(w, h, a ? BufferedImage.TYPE_INT_ARGB : BufferedImage.TYPE_INT_RGB);
        float[] rgb = image.rgb();
        float[] alpha = image.alpha();
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = (a ? clamp8(alpha[i]) << 24 : 0) | clamp8(rgb[i * 3]) << 16 | clamp8(rgb[i * 3 + 1]) << 8
                    | clamp8(rgb[i * 3 + 2]);
        }
        b.setRGB(0, 0, w, h, px, 0, w);
        return b;
    }

    /** An 8-bit grey image of the given row-major bytes. */
    public static BufferedImage grey(int width, int height, byte[] values) {
        BufferedImage b = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = b.getRaster();
        r.setDataElements(0, 0, width, height, values);
        return b;
    }

    /** Writes an 8-bit RGB PNG ({@link ImageFiles#write}), creating the parent folders. */
    public static void writePng(Image image, Path file) {
        createParent(file);
        ImageFiles.write(file, image, WriteOptions.defaults(ImageFormat.PNG));
    }

    /** Writes a 0/255 grey PNG ({@link MaskFiles#write}), creating the parent folders. */
    public static void writePng(Mask mask, Path file) {
        createParent(file);
        MaskFiles.write(file, mask);
    }

    /**
     * Writes a Java2D picture (chart, thumbnail, grey plane, RGBA layer) as PNG with its own colour model, atomically.
     * The core writes only {@link Image}s, which cannot hold a grey plane as such.
     */
    public static void writePng(BufferedImage image, Path file) {
        createParent(file);
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new UnmarkException(file + ": no PNG writer");
        }
        ImageWriter writer = writers.next();
        try {
            AtomicFiles.write(file, out -> {
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(image, null, null), null);
                    ios.flush();
                }
            });
        } finally {
            writer.dispose();
        }
    }

    /** Baseline JPEG at {@code quality} (1-100), 4:2:0 as ImageIO's default, via {@link ImageFiles#write}. */
    public static void writeJpeg(Image image, Path file, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1-100, got " + quality);
        }
        createParent(file);
        ImageFiles.write(file, image, WriteOptions.defaults(ImageFormat.JPEG).withQuality(quality));
    }

    public static void writeJpeg(BufferedImage image, Path file, int quality) {
        writeJpeg(fromBuffered(image), file, quality);
    }

    private static void createParent(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            try {
                Files.createDirectories(parent);
            } catch (IOException e) {
                throw new UnmarkException(parent + ": cannot create directory: " + e.getMessage(), e);
            }
        }
    }

    static int clamp8(float v) {
        int r = Math.round(v);
        return r < 0 ? 0 : Math.min(r, 255);
    }
}
