package dev.unmark.matte;

import dev.unmark.image.Image;
import dev.unmark.image.Rect;

/**
 * Places a {@link Template} in image coordinates at any position and scale: a separable Lanczos-3 filter on the
 * premultiplied template (so colour does not bleed from transparent pixels), widened by {@code 1 / scale} when
 * shrinking so that it integrates over each output pixel (the antialiased resampling most image tools use to
 * scale a logo before stamping it). Positions are continuous: pixel {@code i} covers {@code [i, i + 1)}.
 */
final class Lanczos {

    private static final int LOBES = 3;

    private Lanczos() {
    }

    /**
     * The box of image pixels a template placed with its top-left corner at {@code (x, y)} and scaled by
     * {@code sx} across and {@code sy} down can touch, clipped to {@code bounds}; may be empty.
     */
    static Rect footprint(Template t, double x, double y, double sx, double sy, Rect bounds) {
        double reach = LOBES * Math.max(1, Math.max(sx, sy));
        int x0 = (int) Math.floor(x - reach), y0 = (int) Math.floor(y - reach);
        int x1 = (int) Math.ceil(x + sx * t.width() + reach), y1 = (int) Math.ceil(y + sy * t.height() + reach);
        return new Rect(x0, y0, x1 - x0, y1 - y0).intersect(bounds);
    }

    /**
     * The matte of {@code t} placed at {@code (x, y)} scaled by {@code sx, sy}, its opacity multiplied by
     * {@code strength}, over {@code box} (image coordinates, usually {@link #footprint}).
     */
    static Matte place(Template t, double x, double y, double sx, double sy, double strength, Rect box) {
        int ow = box.width(), oh = box.height();
        Taps cols = taps(box.x(), ow, x, sx, t.width());
        Taps rows = taps(box.y(), oh, y, sy, t.height());
        // Horizontal pass over only the template rows some output row reads.
        int rowLo = rows.lowestSource(), rowHi = rows.highestSource();
        int span = Math.max(0, rowHi - rowLo + 1);
        float[] tmp = new float[span * ow * 4];
        for (int ty = rowLo; ty <= rowHi; ty++) {
            horizontal(t, cols, ty, rowLo, ow, tmp);
        }
        float[] alpha = new float[ow * oh];
        Image layer = Image.blank(ow, oh);
        float[] rgb = layer.rgb();
        float c = (float) strength;
        for (int j = 0; j < oh; j++) {
            vertical(rows, j, rowLo, rowHi, ow, tmp, c, alpha, rgb);
        }
        return new Matte(box, alpha, layer);
    }

    /** One template row {@code ty} resampled across into {@code tmp}'s row {@code ty - rowLo}. */
    private static void horizontal(Template t, Taps cols, int ty, int rowLo, int ow, float[] tmp) {
        float[] p = t.premultiplied();
        int tw = t.width();
        int base = (ty - rowLo) * ow * 4;
        // transparent pixels add nothing: only the row's opaque span is read (the sums are the same floats)
        int first = t.rowFirst(ty), last = t.rowLast(ty);
        if (last < first) {
            return;
        }
        for (int i = 0; i < ow; i++) {
            float sa = 0, sr = 0, sg = 0, sb = 0;
            int k0 = cols.start[i];
            float[] w = cols.weights[i];
            int kHi = Math.min(w.length - 1, last - k0);
            for (int k = Math.max(0, first - k0); k <= kHi; k++) {
                int s = (ty * tw + k0 + k) * 4;
                float wk = w[k];
                sa += wk * p[s];
                sr += wk * p[s + 1];
                sg += wk * p[s + 2];
                sb += wk * p[s + 3];
            }
            int o = base + i * 4;
            tmp[o] = sa;
            tmp[o + 1] = sr;
            tmp[o + 2] = sg;
            tmp[o + 3] = sb;
        }
    }

    /** Output row {@code j} resampled down from {@code tmp}, un-premultiplied, opacity times {@code c}. */
    private static void vertical(Taps rows, int j, int rowLo, int rowHi, int ow, float[] tmp, float c, float[] alpha,
            float[] rgb) {
        int k0 = rows.start[j];
        float[] w = rows.weights[j];
        for (int i = 0; i < ow; i++) {
            float sa = 0, sr = 0, sg = 0, sb = 0;
            for (int k = 0; k < w.length; k++) {
                int ty = k0 + k;
                if (ty < rowLo || ty > rowHi) {
                    continue;
                }
                int o = ((ty - rowLo) * ow + i) * 4;
                float wk = w[k];
                sa += wk * tmp[o];
                sr += wk * tmp[o + 1];
                sg += wk * tmp[o + 2];
                sb += wk * tmp[o + 3];
            }
            // Lanczos lobes overshoot: opacity stays in 0-1 and colour in 0-255, as an 8-bit resampler clips.
            int px = j * ow + i;
            float av = Math.max(0f, Math.min(1f, sa));
            if (av > 1e-4f) {
                rgb[px * 3] = clamp255(sr / av);
                rgb[px * 3 + 1] = clamp255(sg / av);
                rgb[px * 3 + 2] = clamp255(sb / av);
            }
            alpha[px] = Math.min(1f, av * c);
        }
    }

    private static float clamp255(float v) {
        return v < 0 ? 0 : Math.min(255f, v);
    }

    /** Per output pixel along one axis: the first template index read and the normalised weights. */
    private record Taps(int[] start, float[][] weights) {
        int lowestSource() {
            int lo = Integer.MAX_VALUE;
            for (int s : start) {
                lo = Math.min(lo, s);
            }
            return Math.max(0, lo);
        }

        int highestSource() {
            int hi = Integer.MIN_VALUE;
            for (int i = 0; i < start.length; i++) {
                hi = Math.max(hi, start[i] + weights[i].length - 1);
            }
            return hi;
        }
    }

    /**
     * Output pixels {@code first .. first + n - 1} of an axis where the template (length {@code len}) starts at
     * {@code origin} with {@code scale}. Taps beyond the template read zero (transparent) and still count in the
     * normalisation, so the template fades out at its own border instead of being stretched.
     */
    private static Taps taps(int first, int n, double origin, double scale, int len) {
        double f = Math.min(1, scale); // kernel compression in template units
        double radius = LOBES / f;
        int[] start = new int[n];
        float[][] weights = new float[n][];
        for (int i = 0; i < n; i++) {
            double u = (first + i + 0.5 - origin) / scale; // output pixel centre in template coordinates
            int u0 = (int) Math.floor(u - radius - 0.5) + 1, u1 = (int) Math.ceil(u + radius - 0.5) - 1;
            int k0 = Math.max(u0, 0), k1 = Math.min(u1, len - 1);
            if (k1 < k0) {
                start[i] = 0;
                weights[i] = new float[0];
                continue;
            }
            // Normalise with the full (infinite-template) sum: taps outside the template read its transparent pad,
            // so the sum over the kept range differs from it only by those clipped tails.
            double[] w = new double[k1 - k0 + 1];
            double sum = 0, full = 0;
            for (int k = u0; k <= u1; k++) {
                double v = kernel((k + 0.5 - u) * f);
                full += v;
                if (k >= k0 && k <= k1) {
                    w[k - k0] = v;
                    sum += v;
                }
            }
            float[] fw = new float[w.length];
            for (int k = 0; k < w.length; k++) {
                fw[k] = (float) (w[k] / (full == 0 ? (sum == 0 ? 1 : sum) : full));
            }
            start[i] = k0;
            weights[i] = fw;
        }
        return new Taps(start, weights);
    }

    /** The Lanczos-3 window: {@code sinc(t) sinc(t / 3)} for {@code |t| < 3}. */
    static double kernel(double t) {
        if (t == 0) {
            return 1;
        }
        if (t <= -LOBES || t >= LOBES) {
            return 0;
        }
        double pt = Math.PI * t;
        return LOBES * Math.sin(pt) * Math.sin(pt / LOBES) / (pt * pt);
    }
}
