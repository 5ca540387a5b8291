package dev.unmark.bench.jmh;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** Deterministic synthetic inputs for the micro-benchmarks: a textured photo-like image and a text-like mask. */
final class Fixtures {

    /** Side of the block the text mark is drawn in; the same block is used on every image size. */
    static final int MARK_W = 1024;
    static final int MARK_H = 768;

    private Fixtures() {
    }

    /** Smooth gradients and blobs plus per-pixel grain, so fills and codecs see something like a photo. */
    static Image texture(int w, int h, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] rgb = new float[w * h * 3];
        double fx = 2 * Math.PI / 317, fy = 2 * Math.PI / 211;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double base = 0.5 + 0.25 * Math.sin(x * fx) * Math.cos(y * fy) + 0.15 * Math.sin((x + 2 * y) * fx / 5);
                int i = (y * w + x) * 3;
                for (int c = 0; c < 3; c++) {
                    double v = 255 * base * (0.8 + 0.1 * c) + rnd.nextInt(-12, 13) + 40 * Math.sin(y * fy * (c + 1) / 3);
                    rgb[i + c] = Math.round(Math.max(0, Math.min(255, v)));
                }
            }
        }
        return Image.wrap(w, h, rgb, null);
    }

    /**
     * A text-like mark: three lines of bold text in a {@link #MARK_W} x {@link #MARK_H} block at (x0, y0), grown by 2
     * px as the bench's gt-mask configurations do; the font size is the smallest that covers at least 3% of the block.
     */
    static Mask textMask(int w, int h, int x0, int y0) {
        byte[] block = null;
        for (int size = 24; size <= 160; size += 4) {
            block = drawText(size);
            Mask m = Masks.dilate(Mask.wrap(MARK_W, MARK_H, block), 2);
            if (m.count() >= 0.03 * MARK_W * MARK_H) {
                block = m.data();
                break;
            }
        }
        byte[] data = new byte[w * h];
        for (int y = 0; y < MARK_H && y0 + y < h; y++) {
            for (int x = 0; x < MARK_W && x0 + x < w; x++) {
                data[(y0 + y) * w + x0 + x] = block[y * MARK_W + x];
            }
        }
        return Mask.wrap(w, h, data);
    }

    private static byte[] drawText(int size) {
        BufferedImage b = new BufferedImage(MARK_W, MARK_H, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = b.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_OFF);
        g.setColor(java.awt.Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, size));
        for (int line = 0; line < 3; line++) {
            g.drawString("(c) unmark stock photos", 60, MARK_H / 4 * (line + 1));
        }
        g.dispose();
        byte[] v = new byte[MARK_W * MARK_H];
        b.getRaster().getDataElements(0, 0, MARK_W, MARK_H, v);
        for (int i = 0; i < v.length; i++) {
            v[i] = v[i] != 0 ? Mask.ON : 0;
        }
        return v;
    }

    /** The image with the mask's pixels blended 50% towards white: a visible semi-transparent mark. */
    static Image watermarked(Image clean, Mask mask) {
        Image out = clean.copy();
        float[] rgb = out.rgb();
        byte[] m = mask.data();
        for (int i = 0; i < m.length; i++) {
            if (m[i] != 0) {
                for (int c = 0; c < 3; c++) {
                    rgb[i * 3 + c] = Math.round(0.5f * rgb[i * 3 + c] + 0.5f * 255);
                }
            }
        }
        return out;
    }
}
