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
    /** Per pixel {@code alpha, alpha R, alpha G, alpha B}: the resampler reads all four from one place. */
    private final float[] premultiplied;
    /** Per row, the first and last column with a non-zero opacity (last < first for a transparent row). */
    private final int[] rowFirst;
    private final int[] rowLast;

    private Template(String name, Image rgba) {
        this.name = name;
        this.width = rgba.width();
        this.height = rgba.height();
        int n = width * height;
        this.alpha = new float[n];
        this.premultiplied = new float[n * 4];
        float[] a = rgba.alpha(), rgb = rgba.rgb();
        float max = 0;
        for (int i = 0; i < n; i++) {
            float v = Math.max(0f, Math.min(1f, a[i] / 255f));
            alpha[i] = v;
            max = Math.max(max, v);
            premultiplied[i * 4] = v;
            for (int c = 0; c < 3; c++) {
                premultiplied[i * 4 + 1 + c] = v * rgb[i * 3 + c];
            }
        }
        if (max < 2 / 255f) {
            throw new UnmarkException(name + ": the template is fully transparent (its alpha is 0 everywhere)");
        }
        this.rowFirst = new int[height];
        this.rowLast = new int[height];
        for (int y = 0; y < height; y++) {
            int first = width, last = -1;
            for (int x = 0; x < width; x++) {
                if (alpha[y * width + x] > 0) {
                    first = Math.min(first, x);
                    last = x;
                }
            }
            rowFirst[y] = first;
            rowLast[y] = last;
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

    /**
     * Solves a template from two images the same source stamped on flat backgrounds: with {@code J1 = (1 - a) B1 +
     * a W} over the dark colour {@code B1} and {@code J2 = (1 - a) B2 + a W} over the light one, {@code a = 1 - (J2 -
     * J1) / (B2 - B1)} (least squares over the channels, weighted by their contrast) and {@code W} the mean of
     * {@code (Jk - (1 - a) Bk) / a}. Returns the RGBA image (straight alpha, 0-255) cropped to the mark with a 1 px
     * transparent border.
     *
     * @param darkColour  the dark background's RGB (0-255), or null to take the median of the image's corners
     * @param lightColour the light background's, likewise
     * @throws UnmarkException when the images differ in size, the backgrounds are too alike in every channel (less
     *                         than 32 levels apart) or no mark is found
     */
    public static Image solve(Image dark, Image light, float[] darkColour, float[] lightColour) {
        if (dark.width() != light.width() || dark.height() != light.height()) {
            throw new UnmarkException("the stamped images differ in size: " + dark.width() + "x" + dark.height()
                    + " and " + light.width() + "x" + light.height());
        }
        float[] b1 = darkColour != null ? darkColour : cornerColour(dark);
        float[] b2 = lightColour != null ? lightColour : cornerColour(light);
        double[] weight = new double[3];
        double total = 0;
        for (int c = 0; c < 3; c++) {
            double d = b2[c] - b1[c];
            weight[c] = Math.abs(d) >= 32 ? d * d : 0;
            total += weight[c];
        }
        if (total == 0) {
            throw new UnmarkException("the two backgrounds (" + colour(b1) + " and " + colour(b2)
                    + ") are too alike to solve for the opacity: stamp a dark and a light image");
        }
        int w = dark.width(), h = dark.height(), n = w * h;
        float[] a = new float[n], rgb = new float[n * 3];
        float[] j1 = dark.rgb(), j2 = light.rgb();
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (int i = 0; i < n; i++) {
            double num = 0;
            for (int c = 0; c < 3; c++) {
                if (weight[c] > 0) {
                    // each channel's estimate, weighted by contrast^2: the least-squares a
                    num += weight[c] * (1 - (j2[i * 3 + c] - j1[i * 3 + c]) / (b2[c] - b1[c]));
                }
            }
            double ai = Math.max(0, Math.min(1, num / total));
            if (ai * 255 < 1) {
                continue;
            }
            a[i] = (float) ai;
            for (int c = 0; c < 3; c++) {
                double w1 = (j1[i * 3 + c] - (1 - ai) * b1[c]) / ai, w2 = (j2[i * 3 + c] - (1 - ai) * b2[c]) / ai;
                rgb[i * 3 + c] = (float) Math.max(0, Math.min(255, 0.5 * (w1 + w2)));
            }
            int x = i % w, y = i / w;
            minX = Math.min(minX, x);
            maxX = Math.max(maxX, x);
            minY = Math.min(minY, y);
            maxY = Math.max(maxY, y);
        }
        if (maxX < 0) {
            throw new UnmarkException("no mark found: the stamped images show only their backgrounds ("
                    + colour(b1) + " and " + colour(b2) + ")");
        }
        dev.unmark.image.Rect box = new dev.unmark.image.Rect(minX, minY, maxX - minX + 1, maxY - minY + 1)
                .expand(1).intersect(dark.bounds());
        float[] alpha255 = new float[n];
        for (int i = 0; i < n; i++) {
            alpha255[i] = a[i] * 255;
        }
        return Image.wrap(w, h, rgb, alpha255).crop(box);
    }

    /** Per-channel median of the four 4x4 corner patches: the flat background, whatever the mark covers. */
    private static float[] cornerColour(Image img) {
        int k = Math.min(4, Math.min(img.width(), img.height()));
        float[] out = new float[3];
        for (int c = 0; c < 3; c++) {
            float[] v = new float[4 * k * k];
            int m = 0;
            for (int corner = 0; corner < 4; corner++) {
                int x0 = corner % 2 == 0 ? 0 : img.width() - k, y0 = corner < 2 ? 0 : img.height() - k;
                for (int y = 0; y < k; y++) {
                    for (int x = 0; x < k; x++) {
                        v[m++] = img.get(x0 + x, y0 + y, c);
                    }
                }
            }
            java.util.Arrays.sort(v);
            out[c] = v[v.length / 2];
        }
        return out;
    }

    private static String colour(float[] rgb) {
        return Math.round(rgb[0]) + "," + Math.round(rgb[1]) + "," + Math.round(rgb[2]);
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

    /** First column of row {@code y} with a non-zero opacity; {@link #width()} for a transparent row. */
    int rowFirst(int y) {
        return rowFirst[y];
    }

    /** Last column of row {@code y} with a non-zero opacity; -1 for a transparent row. */
    int rowLast(int y) {
        return rowLast[y];
    }

    /**
     * {@code alpha} and {@code alpha * W} per pixel, interleaved as (alpha, R, G, B), colour on the 0-255 scale;
     * live, do not modify.
     */
    float[] premultiplied() {
        return premultiplied;
    }

    /** The template composited over flat grey 128, as luma: what its edges look like over a neutral photo. */
    float[] lumaOverGrey() {
        float[] y = new float[width * height];
        for (int i = 0; i < y.length; i++) {
            float grey = 128 * (1 - alpha[i]);
            y[i] = 0.299f * (premultiplied[i * 4 + 1] + grey) + 0.587f * (premultiplied[i * 4 + 2] + grey)
                    + 0.114f * (premultiplied[i * 4 + 3] + grey);
        }
        return y;
    }
}
