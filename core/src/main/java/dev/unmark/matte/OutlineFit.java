package dev.unmark.matte;

import dev.unmark.image.Distances;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import java.util.Arrays;

/**
 * Fits a constant-colour overlay {@code J = (1 - a) I + a W} to the photo on both sides of its outline, to tell a
 * see-through mark from scene content. A pixel a little inside the mark and its nearest pixel a little outside see
 * nearly the same photo, so across a real mark's outline {@code J_in = s J_out + c} with {@code s = 1 - a} shared by
 * the three channels and {@code c = a W} per channel: the inside follows the outside. An object of the scene (a
 * bright stone, a shadow) has its own texture inside, unrelated to what surrounds it, and the two sides do not
 * correlate. {@link dev.unmark.pipeline.Pipeline} inverts a detected overlay only where they do.
 *
 * <p>The slope is the ratio of the spreads of the two sides (reduced major axis) rather than a least-squares
 * regression of one side on the other, whose slope is {@code s} times the pairs' correlation. Pairs that do not
 * follow the line (a gap in the mask, an edge of the scene that ends at the outline) are trimmed by their residual
 * and the line refitted. The opacity and colour it reports are a by-product: on the dev bench they were no better
 * than the text detector's fit (noise and the rims inflate the inside's spread, so {@code a} comes out low and
 * {@code W} beyond 255), so the pipeline keeps the detector's estimate and uses the correlation only.
 */
public final class OutlineFit {

    /** Inside samples lie this far inside the mark (Euclidean, px): past the antialiased rim, still in a stroke. */
    static final double IN_MIN = 2, IN_MAX = 4;
    /** Outside samples lie this far from the mark: past its soft edge and the JPEG smear around it. */
    static final double OUT_MIN = 2, OUT_MAX = 4;
    /** How far an inside sample looks for its outside partner, in px. */
    static final int REACH = 7;
    /** Fewest pairs that make a fit. */
    static final int MIN_PAIRS = 40;
    /** Pairs whose residual exceeds this many times its robust scale (1.4826 x the median) are dropped. */
    static final double TRIM = 2.5;
    /** Trim-and-refit rounds after the first fit. */
    static final int TRIM_ROUNDS = 2;

    /**
     * @param opacity     a, 0-1
     * @param r           W, red, on the 0-255 scale but not confined to it (the fit is unconstrained; a W outside
     *                    the cube is one sign that the opacity came out low)
     * @param correlation correlation of the two sides after trimming: near 1 when the photo continues under the mark
     * @param spread      standard deviation of the outside samples (levels, pooled over channels): how well the
     *                    background's variation pins the opacity down
     * @param pairs       pairs kept
     */
    public record Fit(double opacity, float r, float g, float b, double correlation, double spread, int pairs) {
    }

    private OutlineFit() {
    }

    /**
     * @param image the photo with the mark
     * @param box   the mark's box in the image
     * @param own   the mark's pixels, relative to {@code box}
     * @return the fit, or null when there are fewer than {@link #MIN_PAIRS} pairs (strokes too thin to have an
     *         inside, nothing outside) or the line is not identifiable (no positive correlation, or an inside that
     *         varies more than the outside)
     */
    public static Fit fit(Image image, Rect box, Mask own) {
        int pad = (int) Math.ceil(OUT_MAX) + 2;
        int x0 = Math.max(0, box.x() - pad), y0 = Math.max(0, box.y() - pad);
        int x1 = Math.min(image.width(), box.x() + box.width() + pad);
        int y1 = Math.min(image.height(), box.y() + box.height() + pad);
        int w = x1 - x0, h = y1 - y0;
        byte[] in = new byte[w * h];
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int bx = x + x0 - box.x(), by = y + y0 - box.y();
                boolean set = bx >= 0 && by >= 0 && bx < box.width() && by < box.height() && own.isSet(bx, by);
                in[y * w + x] = set ? (byte) 1 : 0;
                out[y * w + x] = set ? 0 : (byte) 1;
            }
        }
        float[] din = Distances.squaredInside(in, w, h);
        float[] dout = Distances.squaredInside(out, w, h);
        double inLo = IN_MIN * IN_MIN, inHi = IN_MAX * IN_MAX, outLo = OUT_MIN * OUT_MIN, outHi = OUT_MAX * OUT_MAX;
        float[] rgb = image.rgb();
        int iw = image.width();
        int cap = 0;
        for (float d : din) {
            if (d >= inLo && d <= inHi) {
                cap++;
            }
        }
        float[] jin = new float[cap * 3], jout = new float[cap * 3];
        int n = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float d = din[y * w + x];
                if (d < inLo || d > inHi) {
                    continue;
                }
                int best = -1, bestD = Integer.MAX_VALUE;
                for (int dy = -REACH; dy <= REACH; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) {
                        continue;
                    }
                    for (int dx = -REACH; dx <= REACH; dx++) {
                        int xx = x + dx;
                        if (xx < 0 || xx >= w) {
                            continue;
                        }
                        float o = dout[yy * w + xx];
                        // The outside distance is only exact away from the crop's edge (beyond it counts as mark).
                        boolean cropEdge = (xx < pad && x0 > 0) || (yy < pad && y0 > 0)
                                || (xx >= w - pad && x1 < image.width()) || (yy >= h - pad && y1 < image.height());
                        if (o < outLo || o > outHi || cropEdge) {
                            continue;
                        }
                        int dd = dx * dx + dy * dy;
                        if (dd < bestD) {
                            bestD = dd;
                            best = yy * w + xx;
                        }
                    }
                }
                if (best < 0) {
                    continue;
                }
                int p = ((y + y0) * iw + x + x0) * 3;
                int q = ((best / w + y0) * iw + best % w + x0) * 3;
                for (int c = 0; c < 3; c++) {
                    jin[n * 3 + c] = rgb[p + c];
                    jout[n * 3 + c] = rgb[q + c];
                }
                n++;
            }
        }
        if (n < MIN_PAIRS) {
            return null;
        }
        boolean[] keep = new boolean[n];
        Arrays.fill(keep, true);
        Fit fit = line(jin, jout, keep);
        for (int round = 0; round < TRIM_ROUNDS && fit != null; round++) {
            double s = 1 - fit.opacity();
            double[] c = {fit.opacity() * fit.r(), fit.opacity() * fit.g(), fit.opacity() * fit.b()};
            double[] res = new double[n];
            for (int i = 0; i < n; i++) {
                double e = 0;
                for (int k = 0; k < 3; k++) {
                    double v = jin[i * 3 + k] - s * jout[i * 3 + k] - c[k];
                    e += v * v;
                }
                res[i] = Math.sqrt(e);
            }
            double[] sorted = res.clone();
            Arrays.sort(sorted);
            double limit = TRIM * 1.4826 * sorted[n / 2] + 1e-6;
            int kept = 0;
            for (int i = 0; i < n; i++) {
                keep[i] = res[i] <= limit;
                kept += keep[i] ? 1 : 0;
            }
            if (kept < MIN_PAIRS) {
                return null;
            }
            fit = line(jin, jout, keep);
        }
        return fit;
    }

    /** The reduced-major-axis line through the kept pairs, pooled over channels; null when it is not identifiable. */
    private static Fit line(float[] jin, float[] jout, boolean[] keep) {
        double[] mi = new double[3], mo = new double[3];
        int m = 0;
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                continue;
            }
            m++;
            for (int k = 0; k < 3; k++) {
                mi[k] += jin[i * 3 + k];
                mo[k] += jout[i * 3 + k];
            }
        }
        if (m < MIN_PAIRS) {
            return null;
        }
        for (int k = 0; k < 3; k++) {
            mi[k] /= m;
            mo[k] /= m;
        }
        double vi = 0, vo = 0, cov = 0;
        for (int i = 0; i < keep.length; i++) {
            if (!keep[i]) {
                continue;
            }
            for (int k = 0; k < 3; k++) {
                double a = jin[i * 3 + k] - mi[k], b = jout[i * 3 + k] - mo[k];
                vi += a * a;
                vo += b * b;
                cov += a * b;
            }
        }
        if (vo <= 0 || vi <= 0 || cov <= 0) {
            return null;
        }
        double s = Math.sqrt(vi / vo);
        if (s >= 1) {
            return null; // the inside varies more than the outside: not a blend towards a constant colour
        }
        double a = 1 - s;
        float[] wc = new float[3];
        for (int k = 0; k < 3; k++) {
            wc[k] = (float) ((mi[k] - s * mo[k]) / a);
        }
        return new Fit(a, wc[0], wc[1], wc[2], cov / Math.sqrt(vi * vo), Math.sqrt(vo / (3.0 * m)), m);
    }
}
