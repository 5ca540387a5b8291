package dev.unmark.io;

import dev.unmark.image.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Test images built in code, and small file helpers. */
final class Fixtures {

    private Fixtures() {
    }

    /** A smooth RGB gradient with integer samples; smooth so lossy codecs stay close. */
    static Image gradient(int w, int h) {
        Image img = Image.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.set(x, y, 0, Math.round(255f * x / (w - 1)));
                img.set(x, y, 1, Math.round(255f * y / (h - 1)));
                img.set(x, y, 2, 128);
            }
        }
        return img;
    }

    /** The gradient with an alpha plane running 0-255 left to right. */
    static Image gradientWithAlpha(int w, int h) {
        Image rgb = gradient(w, h);
        float[] alpha = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                alpha[y * w + x] = Math.round(255f * x / (w - 1));
            }
        }
        return Image.wrap(w, h, rgb.rgb(), alpha);
    }

    static byte[] encode(BufferedImage bi, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(bi, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, byte[] bytes) {
        try {
            return Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static BufferedImage rgbImage(int w, int h) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bi.setRGB(x, y, (x * 255 / (w - 1)) << 16 | (y * 255 / (h - 1)) << 8 | 128);
            }
        }
        return bi;
    }

    /** The largest absolute difference between RGB samples of two same-sized images. */
    static float maxDiff(Image a, Image b) {
        float max = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            max = Math.max(max, Math.abs(a.rgb()[i] - b.rgb()[i]));
        }
        return max;
    }

    static float meanDiff(Image a, Image b) {
        double sum = 0;
        for (int i = 0; i < a.rgb().length; i++) {
            sum += Math.abs(a.rgb()[i] - b.rgb()[i]);
        }
        return (float) (sum / a.rgb().length);
    }

    /** Every file name in {@code dir}, hidden ones included. */
    static String[] listNames(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A JPEG with an APP1 Exif segment carrying only IFD0 orientation, inserted right after SOI. Built by hand (not
     * with the code under test): "Exif\0\0", TIFF header, one IFD with one SHORT entry, no next IFD.
     */
    static byte[] withExifOrientation(byte[] jpeg, int orientation, boolean littleEndian) {
        byte[] tiff = exifWithOrientation(orientation, littleEndian);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        int len = 2 + 6 + tiff.length;
        out.write(0xFF);
        out.write(0xE1);
        out.write(len >>> 8);
        out.write(len & 0xFF);
        out.writeBytes("Exif\0\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        out.writeBytes(tiff);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }

    /** A TIFF structure: header, IFD0 with Make ("unmark") and Orientation, next-IFD 0. */
    static byte[] exifWithOrientation(int orientation, boolean little) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(little ? new byte[] {'I', 'I'} : new byte[] {'M', 'M'});
        put16(b, 42, little);
        put32(b, 8, little);
        put16(b, 2, little); // entries
        // Make, ASCII, 7 bytes at offset 8 + 2 + 24 + 4 = 38
        put16(b, 0x010F, little);
        put16(b, 2, little);
        put32(b, 7, little);
        put32(b, 38, little);
        // Orientation, SHORT, 1 value, left-justified in the value field
        put16(b, 0x0112, little);
        put16(b, 3, little);
        put32(b, 1, little);
        put16(b, orientation, little);
        put16(b, 0, little);
        put32(b, 0, little); // no IFD1
        b.writeBytes("unmark\0".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        return b.toByteArray();
    }

    private static void put16(ByteArrayOutputStream b, int v, boolean little) {
        if (little) {
            b.write(v & 0xFF);
            b.write(v >>> 8 & 0xFF);
        } else {
            b.write(v >>> 8 & 0xFF);
            b.write(v & 0xFF);
        }
    }

    private static void put32(ByteArrayOutputStream b, long v, boolean little) {
        if (little) {
            put16(b, (int) (v & 0xFFFF), true);
            put16(b, (int) (v >>> 16), true);
        } else {
            put16(b, (int) (v >>> 16), false);
            put16(b, (int) (v & 0xFFFF), false);
        }
    }
}
