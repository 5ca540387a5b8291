package dev.unmark.bench;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * The bench's only image reading and writing, through javax.imageio. Kept in one class so it can switch to the
 * core's image file support in one place once that exists. Reads 8-bit samples exactly (no colour management, no
 * EXIF rotation: the bench sets are plain sRGB files written by the generator).
 */
public final class BenchImages {

    private BenchImages() {
    }

    /** Reads an image as RGB 0-255; alpha, if any, is dropped (bench images are opaque). */
    public static Image read(Path file) {
        return fromBuffered(readBuffered(file));
    }

    /** Reads a file with ImageIO, failing with a one-line message when it is missing or unreadable. */
    public static BufferedImage readBuffered(Path file) {
        try {
            BufferedImage b = ImageIO.read(file.toFile());
            if (b == null) {
                throw new UnmarkException(file + ": not a readable image");
            }
            return b;
        } catch (IOException e) {
            throw new UnmarkException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads a single-channel 8-bit plane (a mask or an alpha map). Grey files are read from the raster, not via
     * {@code getRGB}, which would pass grey through a colour conversion; for colour files the first band is used.
     */
    public static int[] readPlane(Path file, int[] sizeOut) {
        BufferedImage b = readBuffered(file);
        Raster r = b.getRaster();
        int w = b.getWidth(), h = b.getHeight();
        int[] out = r.getSamples(0, 0, w, h, 0, new int[w * h]);
        int bits = b.getColorModel().getComponentSize(0);
        if (bits == 16) {
            for (int i = 0; i < out.length; i++) {
                out[i] = Math.round(out[i] / 257f);
            }
        } else if (bits == 1) { // 1-bit PNG masks hold 0/1
            for (int i = 0; i < out.length; i++) {
                out[i] *= 255;
            }
        }
        if (sizeOut != null) {
            sizeOut[0] = w;
            sizeOut[1] = h;
        }
        return out;
    }

    /**
     * Reads a mask: a pixel is set where the value is above half of the file's range. A file whose values are
     * only 0 and 1 is taken as a 0/1 mask (set where 1), otherwise as 0-255 (set above 127).
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

    public static Image fromBuffered(BufferedImage b) {
        int w = b.getWidth(), h = b.getHeight();
        float[] rgb = new float[w * h * 3];
        if (b.getColorModel().getNumColorComponents() == 1) {
            int[] g = b.getRaster().getSamples(0, 0, w, h, 0, new int[w * h]);
            int bits = b.getColorModel().getComponentSize(0);
            float scale = bits == 16 ? 1f / 257f : bits == 1 ? 255f : 1f;
            for (int i = 0; i < w * h; i++) {
                rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = Math.round(g[i] * scale);
            }
        } else {
            int[] argb = b.getRGB(0, 0, w, h, null, 0, w);
            for (int i = 0; i < argb.length; i++) {
                rgb[i * 3] = (argb[i] >> 16) & 0xFF;
                rgb[i * 3 + 1] = (argb[i] >> 8) & 0xFF;
                rgb[i * 3 + 2] = argb[i] & 0xFF;
            }
        }
        return Image.wrap(w, h, rgb, null);
    }

    /** An 8-bit RGB buffered image of the samples, rounded and clamped. */
    public static BufferedImage toBuffered(Image image) {
        int w = image.width(), h = image.height();
        BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        float[] rgb = image.rgb();
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = clamp8(rgb[i * 3]) << 16 | clamp8(rgb[i * 3 + 1]) << 8 | clamp8(rgb[i * 3 + 2]);
        }
        b.setRGB(0, 0, w, h, px, 0, w);
        return b;
    }

    /** An 8-bit grey buffered image: 255 where the mask is set. */
    public static BufferedImage toBuffered(Mask mask) {
        return grey(mask.width(), mask.height(), mask.data());
    }

    /** An 8-bit grey image of the given row-major bytes. */
    public static BufferedImage grey(int width, int height, byte[] values) {
        BufferedImage b = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        WritableRaster r = b.getRaster();
        r.setDataElements(0, 0, width, height, values);
        return b;
    }

    public static void writePng(Image image, Path file) {
        writePng(toBuffered(image), file);
    }

    public static void writePng(Mask mask, Path file) {
        writePng(toBuffered(mask), file);
    }

    public static void writePng(BufferedImage image, Path file) {
        try {
            createParent(file);
            if (!ImageIO.write(image, "png", file.toFile())) {
                throw new UnmarkException(file + ": no PNG writer");
            }
        } catch (IOException e) {
            throw new UnmarkException(file + ": " + e.getMessage(), e);
        }
    }

    public static void writeJpeg(Image image, Path file, int quality) {
        writeJpeg(toBuffered(image), file, quality);
    }

    /** Baseline JPEG at {@code quality} (1-100), 4:2:0 as ImageIO's default. */
    public static void writeJpeg(BufferedImage image, Path file, int quality) {
        if (quality < 1 || quality > 100) {
            throw new IllegalArgumentException("JPEG quality must be 1-100, got " + quality);
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new UnmarkException("no JPEG writer");
        }
        ImageWriter writer = writers.next();
        try {
            createParent(file);
            try (OutputStream os = Files.newOutputStream(file); ImageOutputStream ios = ImageIO.createImageOutputStream(os)) {
                ImageWriteParam p = writer.getDefaultWriteParam();
                p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                p.setCompressionQuality(quality / 100f);
                writer.setOutput(ios);
                writer.write(null, new IIOImage(image, null, null), p);
            }
        } catch (IOException e) {
            throw new UnmarkException(file + ": " + e.getMessage(), e);
        } finally {
            writer.dispose();
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    static int clamp8(float v) {
        int r = Math.round(v);
        return r < 0 ? 0 : Math.min(r, 255);
    }
}
