package dev.unmark.learn;

/**
 * A colour channel over a region as a plane {@code c0 + cx x + cy y}, fitted robustly (least absolute deviations by
 * iteratively reweighted least squares): logos fill areas with linear gradients as often as with flat colours, and
 * the learned colour's blotches should pull the fit as little as possible.
 */
final class ColourPlane {

    private static final int ROUNDS = 8;
    /** Residual (levels) below which a pixel's weight stops growing: keeps the reweighting finite. */
    private static final double FLOOR = 1;

    private ColourPlane() {
    }

    /**
     * The plane of channel {@code c} of {@code rgb} (interleaved, row width {@code w}) over members, as
     * {c0, cx, cy, x0, y0}: {@code c0 + cx (x - x0) + cy (y - y0)} around the members' centre (for conditioning).
     */
    static double[] fit(float[] rgb, int[] members, int w, int c) {
        double x0 = 0, y0 = 0;
        for (int p : members) {
            x0 += p % w;
            y0 += p / w;
        }
        x0 /= members.length;
        y0 /= members.length;
        double[] coef = null;
        double[] weight = new double[members.length];
        java.util.Arrays.fill(weight, 1);
        for (int round = 0; round < ROUNDS; round++) {
            double s = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, sv = 0, sxv = 0, syv = 0;
            for (int t = 0; t < members.length; t++) {
                int p = members[t];
                double x = p % w - x0, y = p / w - y0, v = rgb[p * 3 + c], wt = weight[t];
                s += wt;
                sx += wt * x;
                sy += wt * y;
                sxx += wt * x * x;
                sxy += wt * x * y;
                syy += wt * y * y;
                sv += wt * v;
                sxv += wt * x * v;
                syv += wt * y * v;
            }
            double[] next = solve3(new double[][] {{s, sx, sy}, {sx, sxx, sxy}, {sy, sxy, syy}},
                    new double[] {sv, sxv, syv});
            if (next == null) {
                return coef != null ? coef : new double[] {sv / s, 0, 0, x0, y0};
            }
            coef = new double[] {next[0], next[1], next[2], x0, y0};
            for (int t = 0; t < members.length; t++) {
                int p = members[t];
                weight[t] = 1 / Math.max(FLOOR, Math.abs(rgb[p * 3 + c] - at(coef, p % w, p / w)));
            }
        }
        return coef;
    }

    static double at(double[] coef, int x, int y) {
        return coef[0] + coef[1] * (x - coef[3]) + coef[2] * (y - coef[4]);
    }

    /** How much the plane changes across the members (highest minus lowest value). */
    static double span(double[] coef, int[] members, int w) {
        double lo = Double.MAX_VALUE, hi = -Double.MAX_VALUE;
        for (int p : members) {
            double v = at(coef, p % w, p / w);
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return hi - lo;
    }

    /** Solves the 3x3 system by Cramer's rule; null when it is singular (a region along one line). */
    private static double[] solve3(double[][] m, double[] r) {
        double det = det(m[0][0], m[0][1], m[0][2], m[1][0], m[1][1], m[1][2], m[2][0], m[2][1], m[2][2]);
        if (Math.abs(det) < 1e-9 * Math.abs(m[0][0] * m[1][1] * m[2][2]) || det == 0) {
            return null;
        }
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            double[][] a = {m[0].clone(), m[1].clone(), m[2].clone()};
            for (int i = 0; i < 3; i++) {
                a[i][k] = r[i];
            }
            out[k] = det(a[0][0], a[0][1], a[0][2], a[1][0], a[1][1], a[1][2], a[2][0], a[2][1], a[2][2]) / det;
        }
        return out;
    }

    private static double det(double a, double b, double c, double d, double e, double f, double g, double h,
                              double i) {
        return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g);
    }
}
