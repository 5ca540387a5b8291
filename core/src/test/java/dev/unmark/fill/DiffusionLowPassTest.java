package dev.unmark.fill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.image.Image;
import org.junit.jupiter.api.Test;

/** The exemplar fill's low frequencies replaced by a diffusion's, its detail kept. */
class DiffusionLowPassTest {

    private static final int W = 160;
    private static final int H = 160;
    private static final int X0 = 50;
    private static final int SIDE = 60;

    private static boolean inHole(int x, int y) {
        return x >= X0 && x < X0 + SIDE && y >= X0 && y < X0 + SIDE;
    }

    private static byte[] squareHole() {
        byte[] hole = new byte[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                hole[y * W + x] = inHole(x, y) ? (byte) 1 : 0;
            }
        }
        return hole;
    }

    /** A smooth two-way gradient, the ground a diffusion fills almost exactly. */
    private static Image ground() {
        float[] rgb = new float[W * H * 3];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int i = (y * W + x) * 3;
                rgb[i] = 60 + 0.6f * x;
                rgb[i + 1] = 90 + 0.4f * y;
                rgb[i + 2] = 120;
            }
        }
        return Image.wrap(W, H, rgb, null);
    }

    /** A copy with channels [from, to) of the hole offset by {@code shade} plus a 2 px checker of +-15. */
    private static Image holeChanged(Image before, float shade, int from, int to) {
        Image filled = before.copy();
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                if (inHole(x, y)) {
                    float detail = ((x / 2 + y / 2) % 2 == 0) ? 15 : -15;
                    for (int c = from; c < to; c++) {
                        filled.rgb()[(y * W + x) * 3 + c] += shade + detail;
                    }
                }
            }
        }
        return filled;
    }

    @Test
    void aWrongShadeInAWideHoleIsCorrectedAndItsDetailKept() {
        Image before = ground();
        byte[] hole = squareHole();
        // A fill that got the hole's shade wrong by 40 levels but carries fine detail (a 2 px checker of +-15).
        Image filled = holeChanged(before, -40, 0, 3);
        DiffusionLowPass.of(before, hole, SIDE / 3.0, 0).apply(filled, hole, 1, null);

        // Over the hole's middle (20 px square): the mean offset from the truth, and the checker's amplitude.
        double offset = 0, amplitude = 0;
        int n = 0;
        for (int y = X0 + 20; y < X0 + 40; y++) {
            for (int x = X0 + 20; x < X0 + 40; x++) {
                int i = (y * W + x) * 3;
                double e = filled.rgb()[i + 1] - before.rgb()[i + 1];
                offset += e;
                amplitude += ((x / 2 + y / 2) % 2 == 0) ? e : -e;
                n++;
            }
        }
        offset /= n;
        amplitude /= n;
        // At sigma a third of the hole the middle gets about 60% of the correction: the rest is the hedge towards
        // the exemplar fill, whose low frequencies near the border are its own.
        assertThat(Math.abs(offset)).as("remaining shade error, levels (was 40)").isLessThan(20);
        assertThat(amplitude).as("detail amplitude, levels (was 15)").isGreaterThan(13.5);
    }

    @Test
    void anExemplarWeightBelowOneShrinksTheDetailWhereTheSourcesDisagree() {
        Image before = ground();
        byte[] hole = squareHole();
        Image filled = holeChanged(before, 0, 1, 2);
        Image full = filled.copy();
        DiffusionLowPass.of(before, hole, SIDE / 3.0, 0).apply(full, hole, 1, null);
        // The sources agreed (to a level) over the hole's left half and disagreed (20 levels) over its right half.
        float[] spread = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                spread[y * W + x] = x < X0 + SIDE / 2 ? 1 : 400;
            }
        }
        DiffusionLowPass.of(before, hole, SIDE / 3.0, 0).apply(filled, hole, 0.5, spread);

        // On this smooth ground the diffusion is nearly the truth, so the error left is the detail: kept where the
        // sources agreed, about halved where they did not.
        double[] fullAmplitude = new double[2], amplitude = new double[2];
        int[] n = new int[2];
        for (int y = X0 + 10; y < X0 + 50; y++) {
            for (int x = X0 + 6; x < X0 + 54; x++) {
                if (Math.abs(x - (X0 + SIDE / 2)) < 6) {
                    continue;
                }
                int side = x < X0 + SIDE / 2 ? 0 : 1;
                int i = (y * W + x) * 3 + 1;
                double sign = ((x / 2 + y / 2) % 2 == 0) ? 1 : -1;
                fullAmplitude[side] += sign * (full.rgb()[i] - before.rgb()[i]);
                amplitude[side] += sign * (filled.rgb()[i] - before.rgb()[i]);
                n[side]++;
            }
        }
        assertThat(fullAmplitude[1] / n[1]).as("detail at weight 1, levels").isGreaterThan(13.5);
        assertThat(amplitude[0] / n[0]).as("detail where the sources agreed, levels").isGreaterThan(12.5);
        assertThat(amplitude[1] / n[1]).as("detail where they disagreed, levels").isBetween(6.0, 8.5);
    }

    @Test
    void pixelsOutsideTheHoleAreNotTouched() {
        Image before = ground();
        byte[] hole = squareHole();
        Image filled = before.copy();
        for (int i = 0; i < W * H; i++) {
            if (hole[i] != 0) {
                filled.rgb()[i * 3] = 0;
            }
        }
        Image copy = filled.copy();
        DiffusionLowPass.of(before, hole, SIDE / 3.0, 0).apply(filled, hole, 0.75, null);
        for (int i = 0; i < W * H; i++) {
            if (hole[i] == 0) {
                for (int c = 0; c < 3; c++) {
                    assertThat(filled.rgb()[i * 3 + c]).isEqualTo(copy.rgb()[i * 3 + c]);
                }
            }
        }
    }
}
