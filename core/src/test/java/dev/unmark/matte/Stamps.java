package dev.unmark.matte;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.ImageFormat;
import dev.unmark.io.ReadOptions;
import dev.unmark.io.WriteOptions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Test fixtures for the matte stage: a synthetic RGBA logo, stamping it, JPEG round trips, error measures. */
final class Stamps {

    /** Opacity of the logo's white ring, and of its orange core (above the default 0.85: left to the fill). */
    static final float RING_ALPHA = 0.6f, CORE_ALPHA = 0.95f;

    private Stamps() {
    }

    /**
     * A 64x64 RGBA logo with straight alpha: a white antialiased ring at {@link #RING_ALPHA}, a light blue bar across
     * it at 0.45 and a small orange diamond at {@link #CORE_ALPHA}; transparent elsewhere.
     */
    static Image logo() {
        int n = 64;
        BufferedImage cov = new BufferedImage(n, n, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = cov.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(255, 255, 255, Math.round(RING_ALPHA * 255)));
        Path2D ring = new Path2D.Double(Path2D.WIND_EVEN_ODD);
        ring.append(new Ellipse2D.Double(6, 6, 52, 52), false);
        ring.append(new Ellipse2D.Double(16, 16, 32, 32), false);
        g.fill(ring);
        g.setColor(new Color(170, 210, 255, 115));
        g.fillRect(4, 29, 56, 7);
        g.setColor(new Color(255, 140, 0, Math.round(CORE_ALPHA * 255)));
        Path2D diamond = new Path2D.Double();
        diamond.moveTo(32, 24);
        diamond.lineTo(40, 32);
        diamond.lineTo(32, 40);
        diamond.lineTo(24, 32);
        diamond.closePath();
        g.fill(diamond);
        g.dispose();
        float[] rgb = new float[n * n * 3], alpha = new float[n * n];
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                int p = cov.getRGB(x, y), i = y * n + x;
                alpha[i] = p >>> 24;
                rgb[i * 3] = p >>> 16 & 0xFF;
                rgb[i * 3 + 1] = p >>> 8 & 0xFF;
                rgb[i * 3 + 2] = p & 0xFF;
            }
        }
        return Image.wrap(n, n, rgb, alpha);
    }

    /** {@code clean} with {@code matte} blended on and rounded to 8 bits, as a stamping tool writes it. */
    static Image stamp(Image clean, Matte matte) {
        Image out = clean.copy();
        Rect b = matte.box();
        for (int y = 0; y < b.height(); y++) {
            for (int x = 0; x < b.width(); x++) {
                float a = matte.alpha()[y * b.width() + x];
                for (int c = 0; c < 3; c++) {
                    float i = clean.get(b.x() + x, b.y() + y, c);
                    out.set(b.x() + x, b.y() + y, c, Math.round((1 - a) * i + a * matte.layer().get(x, y, c)));
                }
            }
        }
        return out;
    }

    /** {@code rgba} pasted unscaled at the whole-pixel position {@code (x, y)}, its opacity times {@code c}. */
    static Matte unscaled(Image rgba, int x, int y, float c) {
        float[] a = new float[rgba.width() * rgba.height()];
        for (int i = 0; i < a.length; i++) {
            a[i] = c * rgba.alpha()[i] / 255f;
        }
        return new Matte(new Rect(x, y, rgba.width(), rgba.height()), a,
                Image.wrap(rgba.width(), rgba.height(), rgba.rgb().clone(), null));
    }

    /** The image rounded to 8 bits and clamped, as any 8-bit file would hold it. */
    static Image rounded(Image img) {
        Image out = img.copy();
        float[] rgb = out.rgb();
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = Math.max(0, Math.min(255, Math.round(rgb[i])));
        }
        return out;
    }

    /** The image written as a JPEG of {@code quality} and read back. */
    static Image jpeg(Image img, int quality, Path dir) {
        try {
            Path f = Files.createTempFile(dir, "stamp", ".jpg");
            ImageFiles.write(f, img, WriteOptions.defaults(ImageFormat.JPEG).withQuality(quality));
            return ImageFiles.read(f, ReadOptions.defaults()).image();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pixels the matte covers (opacity above {@link ReverseBlend#MIN_ALPHA}), as an image-sized mask. */
    static Mask support(Matte m, int w, int h) {
        Mask mask = Mask.empty(w, h);
        Rect b = m.box();
        for (int y = 0; y < b.height(); y++) {
            for (int x = 0; x < b.width(); x++) {
                if (m.alpha()[y * b.width() + x] > ReverseBlend.MIN_ALPHA) {
                    mask.set(b.x() + x, b.y() + y, true);
                }
            }
        }
        return mask;
    }

    /** RMSE (0-255) over the set pixels of {@code where}, with {@code a} rounded to 8 bits as it would be saved. */
    static double rmse(Image a, Image b, Mask where) {
        double s = 0;
        long n = 0;
        for (int y = 0; y < a.height(); y++) {
            for (int x = 0; x < a.width(); x++) {
                if (!where.isSet(x, y)) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    double d = Math.max(0, Math.min(255, Math.round(a.get(x, y, c)))) - b.get(x, y, c);
                    s += d * d;
                    n++;
                }
            }
        }
        return Math.sqrt(s / n);
    }
}
