package dev.unmark.internal;

/**
 * The principal axis of a symmetric 3x3 second-moment matrix (of colour departures or colour gradients), by power
 * iteration: the dominant colour direction the text detector strokes on and the learner aligns on.
 */
public final class PrincipalAxis {

    private PrincipalAxis() {
    }

    /**
     * {@code iterations} power steps on {@code m} from {@code start}, each rescaled so its magnitudes sum to 1 (the
     * sign is the caller's to choose); null when the matrix maps the direction to zero.
     */
    public static double[] of(double[][] m, double[] start, int iterations) {
        double[] u = start.clone();
        for (int it = 0; it < iterations; it++) {
            double[] v = new double[3];
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    v[a] += m[a][b] * u[b];
                }
            }
            double norm = Math.abs(v[0]) + Math.abs(v[1]) + Math.abs(v[2]);
            if (norm == 0) {
                return null;
            }
            for (int a = 0; a < 3; a++) {
                u[a] = v[a] / norm;
            }
        }
        return u;
    }
}
