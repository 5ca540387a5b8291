package dev.unmark.learn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PoissonTest {

    /**
     * The differences of a known field, its border fixed to the field: integration gives the field back, within
     * float rounding. The grid is above the cascade's size, so it starts from the coarse grids' solution and needs
     * fewer iterations: 400 are enough here (a cold start is still 1.6 levels off after 400).
     */
    @Test
    void integratesAFieldFromItsDifferencesOnALargeGrid() {
        int w = 320, h = 240, n = w * h;
        float[] truth = new float[n], dx = new float[n], dy = new float[n], x = new float[n];
        boolean[] fixed = new boolean[n];
        for (int p = 0; p < n; p++) {
            int i = p % w, j = p / w;
            truth[p] = (float) (60 * Math.sin(i / 37.0) * Math.cos(j / 23.0) + 0.2 * i);
        }
        for (int p = 0; p < n; p++) {
            int i = p % w, j = p / w;
            dx[p] = i + 1 < w ? truth[p + 1] - truth[p] : 0;
            dy[p] = j + 1 < h ? truth[p + w] - truth[p] : 0;
            fixed[p] = i == 0 || j == 0 || i == w - 1 || j == h - 1;
            x[p] = fixed[p] ? truth[p] : 0;
        }
        float[] start = x.clone();
        Poisson.solve(w, h, dx, dy, fixed, x, 800);
        assertThat(worst(x, truth)).isLessThan(0.05);
        Poisson.solve(w, h, dx, dy, fixed, start, 400);
        assertThat(worst(start, truth)).isLessThan(0.05);
    }

    private static double worst(float[] x, float[] truth) {
        double worst = 0;
        for (int p = 0; p < x.length; p++) {
            worst = Math.max(worst, Math.abs(x[p] - truth[p]));
        }
        return worst;
    }
}
