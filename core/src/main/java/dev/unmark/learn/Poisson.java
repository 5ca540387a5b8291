package dev.unmark.learn;

/**
 * Least-squares integration of a field from the differences wanted between 4-neighbours, on a grid where some
 * pixels are fixed: minimises {@code sum (x[p] - x[q] - d[pq])^2} over the free pixels by conjugate gradients on
 * the graph Laplacian. With {@code d} the gradient of an image this is the Poisson reconstruction of Dekel et al.;
 * the learner also uses it to integrate log-transparency ratios and colour differences.
 */
final class Poisson {

    private Poisson() {
    }

    /**
     * @param w      grid width
     * @param h      grid height
     * @param dx     wanted {@code x[i+1,j] - x[i,j]} at {@code j*w+i} (the last column is ignored)
     * @param dy     wanted {@code x[i,j+1] - x[i,j]} at {@code j*w+i} (the last row is ignored)
     * @param fixed  pixels whose value stays as given in {@code x}; null fixes nothing (the result is then defined
     *               up to a constant, which the solver leaves at the start's mean)
     * @param x      start values and, for fixed pixels, the boundary values; overwritten with the solution
     * @param iters  most conjugate-gradient iterations
     */
    static void solve(int w, int h, float[] dx, float[] dy, boolean[] fixed, float[] x, int iters) {
        solve(w, h, dx, dy, fixed, x, iters, 1e-10);
    }

    /** As above, stopping once the squared residual falls to {@code tolerance} times its start. */
    static void solve(int w, int h, float[] dx, float[] dy, boolean[] fixed, float[] x, int iters, double tolerance) {
        int n = w * h;
        double[] r = new double[n], p = new double[n], ap = new double[n];
        // r = b - A x, where A is the Laplacian restricted to the free pixels and b the divergence of d
        residual(w, h, dx, dy, fixed, x, r);
        double rr = 0;
        for (int i = 0; i < n; i++) {
            rr += r[i] * r[i];
        }
        double stop = rr * tolerance; // relative to the given start, whatever start the cascade finds
        if (fixed != null && n > CASCADE_PIXELS) {
            coarseStart(w, h, dx, dy, fixed, x, iters, tolerance);
            residual(w, h, dx, dy, fixed, x, r);
            rr = 0;
            for (int i = 0; i < n; i++) {
                rr += r[i] * r[i];
            }
        }
        for (int i = 0; i < n; i++) {
            p[i] = r[i];
        }
        for (int it = 0; it < iters && rr > stop && rr > 1e-12; it++) {
            apply(w, h, fixed, p, ap);
            double pap = 0;
            for (int i = 0; i < n; i++) {
                pap += p[i] * ap[i];
            }
            if (pap <= 0) {
                break;
            }
            double alpha = rr / pap, rr2 = 0;
            for (int i = 0; i < n; i++) {
                x[i] += (float) (alpha * p[i]);
                r[i] -= alpha * ap[i];
                rr2 += r[i] * r[i];
            }
            double beta = rr2 / rr;
            rr = rr2;
            for (int i = 0; i < n; i++) {
                p[i] = r[i] + beta * p[i];
            }
        }
    }

    /** Grids above this many pixels start from the solution on a grid half as fine (a cascade). */
    private static final int CASCADE_PIXELS = 1 << 16;

    /**
     * Starts the free pixels of {@code x} at the solution over 2x2 blocks: the wanted differences averaged over a block
     * and doubled (the step between neighbouring blocks' means), a block fixed where all its pixels are, at their
     * mean. Conjugate gradients remove the short-range error of such a start in a few iterations; the long-range
     * error, which costs them the most iterations on a large grid, is what the coarse grid solves cheaply (a large
     * mark's box took seconds: 23 s of matting for a 1200 px mark on 12 MP photos).
     */
    private static void coarseStart(int w, int h, float[] dx, float[] dy, boolean[] fixed, float[] x, int iters,
                                    double tolerance) {
        int cw = (w + 1) / 2, ch = (h + 1) / 2, cn = cw * ch;
        float[] cdx = new float[cn], cdy = new float[cn], cx = new float[cn];
        int[] count = new int[cn], fixedCount = new int[cn];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int p = j * w + i, q = (j / 2) * cw + i / 2;
                cdx[q] += dx[p];
                cdy[q] += dy[p];
                cx[q] += x[p];
                count[q]++;
                if (fixed[p]) {
                    fixedCount[q]++;
                }
            }
        }
        boolean[] cfixed = new boolean[cn];
        for (int q = 0; q < cn; q++) {
            cdx[q] *= 2f / count[q];
            cdy[q] *= 2f / count[q];
            cx[q] /= count[q];
            cfixed[q] = fixedCount[q] == count[q];
        }
        solve(cw, ch, cdx, cdy, cfixed, cx, iters, tolerance);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int p = j * w + i;
                if (!fixed[p]) {
                    x[p] = cx[(j / 2) * cw + i / 2];
                }
            }
        }
    }

    /** {@code r = -grad E(x)/2} at the free pixels, 0 at fixed ones. */
    private static void residual(int w, int h, float[] dx, float[] dy, boolean[] fixed, float[] x, double[] r) {
        java.util.Arrays.fill(r, 0);
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int p = j * w + i;
                if (i + 1 < w) {
                    double e = x[p + 1] - x[p] - dx[p];
                    r[p] += e;
                    r[p + 1] -= e;
                }
                if (j + 1 < h) {
                    double e = x[p + w] - x[p] - dy[p];
                    r[p] += e;
                    r[p + w] -= e;
                }
            }
        }
        if (fixed != null) {
            for (int p = 0; p < r.length; p++) {
                if (fixed[p]) {
                    r[p] = 0;
                }
            }
        }
    }

    /**
     * {@code out = L v} with the graph Laplacian, rows and columns of fixed pixels dropped. The solver's directions
     * are 0 at fixed pixels (its residual is zeroed there), so each free pixel's row is its degree times its value
     * minus its neighbours' values: one pass per pixel, no per-edge scatter.
     */
    private static void apply(int w, int h, boolean[] fixed, double[] v, double[] out) {
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                int p = j * w + i;
                if (fixed != null && fixed[p]) {
                    out[p] = 0;
                    continue;
                }
                double vp = v[p], s = 0;
                if (i > 0) {
                    s += vp - v[p - 1];
                }
                if (i + 1 < w) {
                    s += vp - v[p + 1];
                }
                if (j > 0) {
                    s += vp - v[p - w];
                }
                if (j + 1 < h) {
                    s += vp - v[p + w];
                }
                out[p] = s;
            }
        }
    }
}
