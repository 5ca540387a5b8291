package dev.unmark.matte;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.ReadOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A known watermark: its colour {@code W} and its real opacity, as an RGBA image (straight, not premultiplied,
 * alpha). How a user makes one is in the README ("Known watermarks"); {@code unmark template} solves it from two
 * stamped flat images.
 */
public final class Template {

    /** Templates larger than this (4096 x 4096) are refused: a watermark is a small part of a photo. */
    public static final long MAX_PIXELS = 1L << 24;

    private final String name;
    private final int width;
    private final int height;
    private final float[] alpha;
    private final float[] premultiplied;

    private Template(String name, Image rgba) {
        this.name = name;
        this.width = rgba.width();
        this.height = rgba.height();
        int n = width * height;
        this.alpha = new float[n];
        this.premultiplied = new float[n * 3];
        float[] a = rgba.alpha(), rgb = rgba.rgb();
        float max = 0;
        for (int i = 0; i < n; i++) {
            float v = Math.max(0f, Math.min(1f, a[i] / 255f));
            alpha[i] = v;
            max = Math.max(max, v);
            for (int c = 0; c < 3; c++) {
                premultiplied[i * 3 + c] = v * rgb[i * 3 + c];
            }
        }
        if (max < 2 / 255f) {
            throw new UnmarkException(name + ": the template is fully transparent (its alpha is 0 everywhere)");
        }
    }

    /**
     * Reads a template from an RGBA image file (PNG, or any format {@code io} reads that has an alpha channel).
     *
     * @throws UnmarkException naming the file when it cannot be read, has no alpha channel, is fully transparent
     *                         or is larger than {@link #MAX_PIXELS}
     */
    public static Template read(Path file) {
        Image img = ImageFiles.read(file, new ReadOptions(MAX_PIXELS)).image();
        if (!img.hasAlpha()) {
            throw new UnmarkException(file + ": a template needs an alpha channel (an RGBA PNG whose alpha is the "
                    + "watermark's opacity); this image has none");
        }
        return new Template(file.toString(), img);
    }

    /** A template from an image with an alpha plane; {@code name} labels errors. */
    public static Template of(String name, Image rgba) {
        Objects.requireNonNull(rgba, "rgba");
        if (!rgba.hasAlpha()) {
            throw new UnmarkException(name + ": a template needs an alpha channel");
        }
        return new Template(name, rgba);
    }

    public String name() {
        return name;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Opacity 0-1 per pixel, row-major; live, do not modify. */
    float[] alpha() {
        return alpha;
    }

    /** {@code alpha * W} per pixel, interleaved RGB on the 0-255 scale; live, do not modify. */
    float[] premultiplied() {
        return premultiplied;
    }

    /** The template composited over flat grey 128, as luma: what its edges look like over a neutral photo. */
    float[] lumaOverGrey() {
        float[] y = new float[width * height];
        for (int i = 0; i < y.length; i++) {
            float grey = 128 * (1 - alpha[i]);
            y[i] = 0.299f * (premultiplied[i * 3] + grey) + 0.587f * (premultiplied[i * 3 + 1] + grey)
                    + 0.114f * (premultiplied[i * 3 + 2] + grey);
        }
        return y;
    }
}
