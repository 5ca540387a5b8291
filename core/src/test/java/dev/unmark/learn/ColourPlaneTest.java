package dev.unmark.learn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ColourPlaneTest {

    private static final int W = 50;

    @Test
    void fitsALinearGradientThroughBlotches() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = W * 40;
        float[] rgb = new float[n * 3];
        for (int p = 0; p < n; p++) {
            int x = p % W, y = p / W;
            double v = 100 + 1.5 * x - 0.5 * y + rnd.nextDouble(-1, 1);
            if (x > 30 && y < 10) {
                v += 40; // a blotch over an eighth of the region: least squares would tilt towards it
            }
            rgb[p * 3 + 1] = (float) v;
        }
        int[] members = IntStream.range(0, n).toArray();
        double[] plane = ColourPlane.fit(rgb, members, W, 1);
        assertThat(ColourPlane.at(plane, 0, 0)).isCloseTo(100, within(1.0));
        assertThat(ColourPlane.at(plane, 49, 39)).isCloseTo(100 + 1.5 * 49 - 0.5 * 39, within(1.0));
        assertThat(ColourPlane.span(plane, members, W)).isCloseTo(1.5 * 49 + 0.5 * 39, within(2.0));
    }

    @Test
    void aFlatRegionHasNoSpan() {
        SplittableRandom rnd = new SplittableRandom(4);
        int[] members = IntStream.range(0, W * W).filter(p -> Math.hypot(p % W - 25, p / W - 25) < 20).toArray();
        float[] rgb = new float[W * W * 3];
        for (int p : members) {
            rgb[p * 3] = (float) (60 + rnd.nextDouble(-3, 3));
        }
        double[] plane = ColourPlane.fit(rgb, members, W, 0);
        assertThat(ColourPlane.span(plane, members, W)).isLessThan(2);
    }

    @Test
    void aRegionAlongOneLineFallsBackToItsLevel() {
        float[] rgb = new float[W * 3];
        int[] members = IntStream.range(0, W).toArray();
        for (int p : members) {
            rgb[p * 3 + 2] = 70;
        }
        double[] plane = ColourPlane.fit(rgb, members, W, 2);
        assertThat(ColourPlane.at(plane, 10, 0)).isCloseTo(70, within(0.01));
    }
}
