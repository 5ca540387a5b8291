package dev.unmark.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.unmark.detect.TiledDetector;
import dev.unmark.image.Image;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A learned tiled mark with noisy estimates: its lattice is found and the copies' median cleans the insides. */
class LatticeAverageTest {

    private static final int W = 320;
    private static final int H = 240;
    private static final double[] T1 = {41.3, 11.6};
    private static final double[] T2 = {-12.4, 33.7};

    /** Discs of radius 8 at every lattice point (opacity 0.4 times 255), a faint rim of 1 px. */
    private static float truth(int x, int y) {
        // nearest lattice point: solve for (i, j) and round
        double det = T1[0] * T2[1] - T1[1] * T2[0];
        double i = (x * T2[1] - y * T2[0]) / det, j = (y * T1[0] - x * T1[1]) / det;
        double best = Double.MAX_VALUE;
        for (int di = -1; di <= 1; di++) {
            for (int dj = -1; dj <= 1; dj++) {
                double ii = Math.round(i) + di, jj = Math.round(j) + dj;
                double cx = ii * T1[0] + jj * T2[0], cy = ii * T1[1] + jj * T2[1];
                best = Math.min(best, Math.hypot(x - cx, y - cy));
            }
        }
        return best <= 8 ? 102 : 0;
    }

    @Test
    void findsTheLatticeAndCleansTheInsidesOfTheCopies() {
        SplittableRandom rnd = new SplittableRandom(4);
        float[] alpha = new float[W * H], rgb = new float[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int p = y * W + x;
                float t = truth(x, y);
                if (t > 0) {
                    alpha[p] = (float) (t + rnd.nextDouble(-20, 20));
                    for (int c = 0; c < 3; c++) {
                        rgb[p * 3 + c] = (float) (230 + rnd.nextDouble(-25, 25));
                    }
                }
            }
        }
        Image noisy = Image.wrap(W, H, rgb, alpha);
        TiledDetector.Lattice l = LatticeAverage.find(noisy).orElseThrow();
        // the same lattice, up to the choice of basis: each found vector is an integer combination of the true ones
        for (double[] t : new double[][] {{l.t1x(), l.t1y()}, {l.t2x(), l.t2y()}}) {
            double det = T1[0] * T2[1] - T1[1] * T2[0];
            double i = (t[0] * T2[1] - t[1] * T2[0]) / det, j = (t[1] * T1[0] - t[0] * T1[1]) / det;
            assertThat(i).isCloseTo(Math.round(i), within(0.02));
            assertThat(j).isCloseTo(Math.round(j), within(0.02));
        }
        Image clean = LatticeAverage.apply(noisy, l);
        double before = 0, after = 0, colourBefore = 0, colourAfter = 0;
        int n = 0;
        for (int y = 10; y < H - 10; y++) {
            for (int x = 10; x < W - 10; x++) {
                int p = y * W + x;
                if (truth(x, y) > 0 && truth(x - 2, y) > 0 && truth(x + 2, y) > 0 && truth(x, y - 2) > 0
                        && truth(x, y + 2) > 0) {
                    before += Math.abs(noisy.alpha()[p] - 102);
                    after += Math.abs(clean.alpha()[p] - 102);
                    colourBefore += Math.abs(noisy.rgb()[p * 3] - 230);
                    colourAfter += Math.abs(clean.rgb()[p * 3] - 230);
                    n++;
                }
            }
        }
        assertThat(n).isGreaterThan(1000);
        assertThat(after / n).isLessThan(before / n / 2.5);
        assertThat(colourAfter / n).isLessThan(colourBefore / n / 2.5);
    }

    @Test
    void aMarkWithoutRepeatsHasNoLattice() {
        float[] alpha = new float[W * H], rgb = new float[W * H * 3];
        for (int y = 100; y < 140; y++) {
            for (int x = 80; x < 240; x++) {
                alpha[y * W + x] = 120;
            }
        }
        assertThat(LatticeAverage.find(Image.wrap(W, H, rgb, alpha))).isEmpty();
    }
}
