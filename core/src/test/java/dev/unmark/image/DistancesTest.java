package dev.unmark.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DistancesTest {

    @Test
    void squaredDistanceMatchesBruteForce() {
        Random rnd = new Random(3);
        int w = 37, h = 23;
        byte[] set = new byte[w * h];
        for (int i = 0; i < set.length; i++) {
            set[i] = (byte) (rnd.nextInt(10) < 8 ? 1 : 0);
        }
        float[] d = Distances.squaredInside(set, w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int best = Integer.MAX_VALUE;
                // Clear pixels, and the ring just outside the grid, which counts as clear.
                for (int yy = -1; yy <= h; yy++) {
                    for (int xx = -1; xx <= w; xx++) {
                        boolean outside = xx < 0 || yy < 0 || xx >= w || yy >= h;
                        if (outside || set[yy * w + xx] == 0) {
                            best = Math.min(best, (xx - x) * (xx - x) + (yy - y) * (yy - y));
                        }
                    }
                }
                assertThat(d[y * w + x]).as("(%d, %d)", x, y).isEqualTo((float) best);
            }
        }
    }

    @Test
    void localWidthOfAStrokeAndADisc() {
        int w = 120, h = 80;
        Mask m = Mask.empty(w, h);
        for (int y = 10; y < 19; y++) { // a horizontal stroke 9 px thick
            for (int x = 5; x < 60; x++) {
                m.set(x, y, true);
            }
        }
        for (int y = 0; y < h; y++) { // a disc of radius 20
            for (int x = 0; x < w; x++) {
                if ((x - 90) * (x - 90) + (y - 50) * (y - 50) <= 400) {
                    m.set(x, y, true);
                }
            }
        }
        float[] width = Distances.localWidth(m);
        assertThat(width[14 * w + 30]).isEqualTo(9f);
        assertThat(width[10 * w + 30]).as("the stroke's edge is as wide as the stroke").isEqualTo(9f);
        assertThat(width[50 * w + 90]).isBetween(39f, 41f);
        assertThat(width[50 * w + 72]).as("near the disc's rim").isBetween(39f, 41f);
        assertThat(width[0]).isZero();
    }
}
