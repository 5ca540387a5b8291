package dev.unmark.matte;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import java.util.Arrays;
import java.util.Objects;

/**
 * Inverts {@code J = (1 - a) I + a W}: {@code I = (J - a W) / (1 - a)} where that is well conditioned; pixels too
 * opaque ({@link BlendConfig#maxAlpha}) or clipped (J saturated where W is not, which no blend of a valid I gives)
 * become a residual mask for the fill stage.
 *
 * <p>Noise in J (JPEG ringing and blocking, rounding) is multiplied by the gain {@code 1 / (1 - a)}, which turns
 * compression artefacts around a mark into a halo. So the recovery is the MAP estimate under Gaussian noise of
 * J and a Gaussian prior on neighbour differences of I: minimise
 * {@code sum_p (1 - a_p)^2 (I_p - Idiv_p)^2 / (s^2 + 1/12) + sum_pq (I_p - I_q)^2 / t^2}, where {@code s} is the
 * noise of J (measured as the roughness the division adds inside the mark over that of the ring around it),
 * {@code t^2} the ring's neighbour-difference variance, and pixels outside the mark fixed. With little noise (a
 * lossless input) it is the plain division; with JPEG noise it leans on the neighbours exactly where the gain is
 * large, and pixels with small {@code a} stay at their division, so the result meets the untouched surround
 * without a seam.
 */
public final class ReverseBlend {

    /** Pixels with less opacity are not part of the mark (a resampler's ringing leaves such traces around it). */
    public static final float MIN_ALPHA = 1f / 1024;
    /** Opacity below which a saturated J is not treated as clipped: the blend moved it by less than 13 levels. */
    private static final float CLIP_MIN_ALPHA = 0.05f;
    /** Width of the ring around the mark whose texture sets the prior. */
    private static final int RING = 4;
    /** Variance of 8-bit rounding, present even in lossless inputs. */
    private static final double ROUNDING_VARIANCE = 1 / 12.0;
    /** Below this estimated noise variance (in levels^2) the division is used as it is. */
    private static final double NEGLIGIBLE_NOISE_VARIANCE = 0.05;

    private final BlendConfig config;

    public ReverseBlend(BlendConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public BlendConfig config() {
        return config;
    }

    /**
     * Recovers the pixels under {@code matte} in {@code image} itself; pixels it cannot recover are left as they
     * are and returned in {@link Recovery#residual()}.
     */
    public Recovery apply(Image image, Matte matte) {
        Rect box = matte.box();
        if (box.x() < 0 || box.y() < 0 || box.right() > image.width() || box.bottom() > image.height()) {
            throw new IllegalArgumentException(box + " is not inside the " + image.width() + "x" + image.height()
                    + " image");
        }
        int bw = box.width(), bh = box.height(), n = bw * bh;
        float[] a = matte.alpha(), wm = matte.layer().rgb(), rgb = image.rgb();
        Mask residual = Mask.empty(bw, bh);
        // index of each unknown pixel of the box, -1 for fixed (outside the mark) and -2 for residual
        int[] index = new int[n];
        int unknowns = 0;
        float maxAlpha = (float) config.maxAlpha();
        for (int j = 0; j < bh; j++) {
            for (int i = 0; i < bw; i++) {
                int p = j * bw + i, q = ((box.y() + j) * image.width() + box.x() + i) * 3;
                float ap = a[p];
                if (ap <= MIN_ALPHA) {
                    index[p] = -1;
                } else if (ap >= maxAlpha || clipped(rgb, q, wm, p * 3, ap)) {
                    index[p] = -2;
                    residual.set(i, j, true);
                } else {
                    index[p] = unknowns++;
                }
            }
        }
        float[] div = new float[unknowns * 3];
        float[] gain = new float[unknowns];
        for (int p = 0; p < n; p++) {
            int u = index[p];
            if (u < 0) {
                continue;
            }
            int q = ((box.y() + p / bw) * image.width() + box.x() + p % bw) * 3;
            float g = 1 / (1 - a[p]);
            gain[u] = g;
            for (int c = 0; c < 3; c++) {
                div[u * 3 + c] = (rgb[q + c] - a[p] * wm[p * 3 + c]) * g;
            }
        }
        double noiseVar = 0;
        if (unknowns > 0) {
            Ring ring = ring(image, box, index);
            double floor = config.minNoise() * config.minNoise();
            noiseVar = config.noise() == BlendConfig.ESTIMATE
                    ? Math.max(floor, estimateNoise(box, index, div, gain, ring.variance))
                    : config.noise() * config.noise();
            if (noiseVar > NEGLIGIBLE_NOISE_VARIANCE) {
                regularise(image, box, index, div, gain, noiseVar, ring.variance);
            }
        }
        for (int p = 0; p < n; p++) {
            int u = index[p];
            if (u < 0) {
                continue;
            }
            int q = ((box.y() + p / bw) * image.width() + box.x() + p % bw) * 3;
            for (int c = 0; c < 3; c++) {
                rgb[q + c] = Math.max(0f, Math.min(255f, div[u * 3 + c]));
            }
        }
        return new Recovery(box, residual, unknowns, n - unknowns - count(index, -1), Math.sqrt(noiseVar));
    }

    private static long count(int[] index, int value) {
        long k = 0;
        for (int v : index) {
            if (v == value) {
                k++;
            }
        }
        return k;
    }

    /** Saturated J in a channel where W is not at that extreme: under the model the true value lay outside 0-255. */
    private static boolean clipped(float[] rgb, int q, float[] wm, int w, float a) {
        if (a < CLIP_MIN_ALPHA) {
            return false;
        }
        for (int c = 0; c < 3; c++) {
            float j = rgb[q + c], wc = wm[w + c];
            if ((j >= 254.5f && wc < 254.5f) || (j <= 0.5f && wc > 0.5f)) {
                return true;
            }
        }
        return false;
    }

    /** Neighbour-difference statistics of J in the ring around the mark. */
    private record Ring(double variance) {
    }

    /**
     * The variance of horizontal and vertical neighbour differences of J (per channel) over pixels outside the mark
     * within {@link #RING} px of the box (the box's own outside pixels included): the texture the prior expects.
     */
    private static Ring ring(Image image, Rect box, int[] index) {
        Rect r = box.expand(RING).intersect(image.bounds());
        float[] rgb = image.rgb();
        int w = image.width();
        double sum = 0;
        long k = 0;
        for (int y = r.y(); y < r.bottom(); y++) {
            for (int x = r.x(); x < r.right(); x++) {
                if (insideMark(box, index, x, y)) {
                    continue;
                }
                for (int d = 0; d < 2; d++) {
                    int nx = x + (d == 0 ? 1 : 0), ny = y + (d == 1 ? 1 : 0);
                    if (nx >= r.right() || ny >= r.bottom() || insideMark(box, index, nx, ny)) {
                        continue;
                    }
                    int p = (y * w + x) * 3, q = (ny * w + nx) * 3;
                    for (int c = 0; c < 3; c++) {
                        double diff = rgb[p + c] - rgb[q + c];
                        sum += diff * diff;
                    }
                    k += 3;
                }
            }
        }
        return new Ring(k == 0 ? 100 : Math.max(1, sum / k));
    }

    private static boolean insideMark(Rect box, int[] index, int x, int y) {
        return box.contains(x, y) && index[(y - box.y()) * box.width() + x - box.x()] != -1;
    }

    /**
     * The noise variance of J that explains the extra roughness of the divided pixels: under the model, a
     * neighbour difference inside the mark has variance {@code t^2 + s^2 (g_p^2 + g_q^2)}; a least-squares fit of
     * {@code s^2} over the inside pairs, with the 10% largest differences (scene edges) left out.
     */
    private static double estimateNoise(Rect box, int[] index, float[] div, float[] gain, double ringVariance) {
        int bw = box.width(), bh = box.height();
        int pairs = 0;
        float[] d2 = new float[index.length * 2];
        float[] h = new float[index.length * 2];
        for (int j = 0; j < bh; j++) {
            for (int i = 0; i < bw; i++) {
                int u = index[j * bw + i];
                if (u < 0) {
                    continue;
                }
                for (int d = 0; d < 2; d++) {
                    int ni = i + (d == 0 ? 1 : 0), nj = j + (d == 1 ? 1 : 0);
                    if (ni >= bw || nj >= bh) {
                        continue;
                    }
                    int v = index[nj * bw + ni];
                    if (v < 0) {
                        continue;
                    }
                    double s = 0;
                    for (int c = 0; c < 3; c++) {
                        double diff = div[u * 3 + c] - div[v * 3 + c];
                        s += diff * diff;
                    }
                    d2[pairs] = (float) (s / 3);
                    h[pairs] = gain[u] * gain[u] + gain[v] * gain[v];
                    pairs++;
                }
            }
        }
        if (pairs < 16) {
            return 0;
        }
        float[] sorted = Arrays.copyOf(d2, pairs);
        Arrays.sort(sorted);
        float cut = sorted[(int) (pairs * 0.9)];
        double num = 0, den = 0;
        for (int k = 0; k < pairs; k++) {
            if (d2[k] <= cut) {
                num += d2[k] - ringVariance;
                den += h[k];
            }
        }
        return Math.max(0, num / den - ROUNDING_VARIANCE);
    }

    /**
     * Replaces {@code div} by the MAP estimate (see the class comment), solved per channel by conjugate gradients
     * with a Jacobi preconditioner; neighbours outside the mark enter as fixed values, residual pixels not at all.
     */
    private static void regularise(Image image, Rect box, int[] index, float[] div, float[] gain, double noiseVar,
                                   double ringVariance) {
        int bw = box.width(), bh = box.height(), m = gain.length;
        double beta = 1 / ringVariance;
        double[] weight = new double[m];
        double[] diag = new double[m];
        // 4-neighbour links between unknowns (each once) and the fixed neighbours' contribution per unknown
        int[] linkA = new int[m * 2], linkB = new int[m * 2];
        int links = 0;
        double[][] fixedSum = new double[3][m];
        float[] rgb = image.rgb();
        int w = image.width();
        for (int p = 0; p < index.length; p++) {
            int u = index[p];
            if (u < 0) {
                continue;
            }
            weight[u] = 1 / ((noiseVar + ROUNDING_VARIANCE) * gain[u] * gain[u]);
            diag[u] = weight[u];
            int i = p % bw, j = p / bw;
            int[][] nbrs = {{i + 1, j}, {i - 1, j}, {i, j + 1}, {i, j - 1}};
            for (int[] nb : nbrs) {
                int x = box.x() + nb[0], y = box.y() + nb[1];
                if (x < 0 || y < 0 || x >= image.width() || y >= image.height()) {
                    continue;
                }
                boolean inBox = nb[0] >= 0 && nb[1] >= 0 && nb[0] < bw && nb[1] < bh;
                int v = inBox ? index[nb[1] * bw + nb[0]] : -1;
                if (v == -2) {
                    continue; // residual: filled later, no information
                }
                diag[u] += beta;
                if (v == -1) {
                    int q = (y * w + x) * 3;
                    for (int c = 0; c < 3; c++) {
                        fixedSum[c][u] += beta * rgb[q + c];
                    }
                } else if (v > u) {
                    linkA[links] = u;
                    linkB[links] = v;
                    links++;
                }
            }
        }
        double[] b = new double[m], x = new double[m];
        for (int c = 0; c < 3; c++) {
            for (int u = 0; u < m; u++) {
                b[u] = weight[u] * div[u * 3 + c] + fixedSum[c][u];
                x[u] = div[u * 3 + c];
            }
            conjugateGradient(diag, beta, linkA, linkB, links, b, x);
            for (int u = 0; u < m; u++) {
                div[u * 3 + c] = (float) x[u];
            }
        }
    }

    /** Solves {@code (D - beta * Adjacency) x = b} in place from the start value in {@code x}. */
    private static void conjugateGradient(double[] diag, double beta, int[] la, int[] lb, int links, double[] b,
                                          double[] x) {
        int m = diag.length;
        double[] r = new double[m], z = new double[m], p = new double[m], ap = new double[m];
        multiply(diag, beta, la, lb, links, x, ap);
        double bNorm = 0;
        for (int i = 0; i < m; i++) {
            r[i] = b[i] - ap[i];
            z[i] = r[i] / diag[i];
            p[i] = z[i];
            bNorm += b[i] * b[i];
        }
        double rz = dot(r, z);
        double tol = 1e-10 * bNorm;
        for (int it = 0; it < 500 && dot(r, r) > tol; it++) {
            multiply(diag, beta, la, lb, links, p, ap);
            double step = rz / dot(p, ap);
            for (int i = 0; i < m; i++) {
                x[i] += step * p[i];
                r[i] -= step * ap[i];
                z[i] = r[i] / diag[i];
            }
            double rzNext = dot(r, z);
            double k = rzNext / rz;
            rz = rzNext;
            for (int i = 0; i < m; i++) {
                p[i] = z[i] + k * p[i];
            }
        }
    }

    private static void multiply(double[] diag, double beta, int[] la, int[] lb, int links, double[] v, double[] out) {
        for (int i = 0; i < diag.length; i++) {
            out[i] = diag[i] * v[i];
        }
        for (int k = 0; k < links; k++) {
            out[la[k]] -= beta * v[lb[k]];
            out[lb[k]] -= beta * v[la[k]];
        }
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
