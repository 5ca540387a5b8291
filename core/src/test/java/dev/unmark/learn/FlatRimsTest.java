package dev.unmark.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.image.Image;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The rim of a flat body: its noisy opacity is re-estimated from the images it was learned from. */
class FlatRimsTest {

    private static final int W = 120;
    private static final int H = 100;
    private static final float OPACITY = 0.45f;
    private static final float[] COLOUR = {230, 120, 40};
    /** Radius of the disc; its edge is anti-aliased over one pixel. */
    private static final double RADIUS = 30.5;
    /** Flat region: at least 4 px inside the disc (the learner's depth). */
    private static final double FLAT = RADIUS - 5;
    /** The rim under test: between the flat region and the disc's edge, where the learner's rim lies. */
    private static final double RIM_OUT = RADIUS + 1;

    private static double radius(int x, int y) {
        return Math.hypot(x - 60, y - 50);
    }

    private static float truth(int x, int y) {
        return OPACITY * (float) Math.max(0, Math.min(1, RADIUS + 0.5 - radius(x, y)));
    }

    /** A photo stand-in: a smooth gradient under random flat rectangles (sharp edges, like real photos'). */
    private static float[] photo(SplittableRandom rnd) {
        float[] img = new float[W * H * 3];
        double[] base = {rnd.nextDouble(30, 220), rnd.nextDouble(30, 220), rnd.nextDouble(30, 220)};
        double gx = rnd.nextDouble(-0.8, 0.8), gy = rnd.nextDouble(-0.8, 0.8);
        for (int p = 0; p < W * H; p++) {
            for (int c = 0; c < 3; c++) {
                img[p * 3 + c] = (float) (base[c] + gx * (p % W - 60) + gy * (p / W - 50));
            }
        }
        for (int r = 0; r < 30; r++) {
            int x0 = rnd.nextInt(W), y0 = rnd.nextInt(H), rw = rnd.nextInt(4, 30), rh = rnd.nextInt(4, 30);
            float[] col = {(float) rnd.nextDouble(0, 255), (float) rnd.nextDouble(0, 255),
                (float) rnd.nextDouble(0, 255)};
            for (int y = y0; y < Math.min(H, y0 + rh); y++) {
                for (int x = x0; x < Math.min(W, x0 + rw); x++) {
                    for (int c = 0; c < 3; c++) {
                        img[(y * W + x) * 3 + c] = col[c];
                    }
                }
            }
        }
        for (int i = 0; i < img.length; i++) {
            img[i] = Math.max(0, Math.min(255, img[i] + (float) rnd.nextDouble(-1.5, 1.5)));
        }
        return img;
    }

    @Test
    void rimOpacityMovesTowardsTheTruth() {
        SplittableRandom rnd = new SplittableRandom(11);
        float[][] crops = new float[10][];
        for (int i = 0; i < crops.length; i++) {
            float[] j = photo(rnd);
            for (int p = 0; p < W * H; p++) {
                float a = truth(p % W, p / W);
                for (int c = 0; c < 3; c++) {
                    j[p * 3 + c] = Math.round((1 - a) * j[p * 3 + c] + a * COLOUR[c]);
                }
            }
            crops[i] = j;
        }
        // the learner's state: the flat inside exact, the rim's opacity off by up to 0.2 (within [0, OPACITY])
        float[] alpha = new float[W * H], rgb = new float[W * H * 3];
        int[] flat = new int[W * H];
        double before = 0, rimPixels = 0;
        for (int p = 0; p < W * H; p++) {
            int x = p % W, y = p / W;
            double r = radius(x, y);
            flat[p] = r <= FLAT ? 0 : -1;
            float a = truth(x, y);
            if (r > FLAT && r <= RIM_OUT) {
                a = (float) Math.max(0, Math.min(OPACITY, a + rnd.nextDouble(-0.2, 0.2)));
                before += Math.abs(a - truth(x, y));
                rimPixels++;
            }
            alpha[p] = a * 255;
            for (int c = 0; c < 3; c++) {
                rgb[p * 3 + c] = a > 0 ? COLOUR[c] : 0;
            }
        }
        Image rgba = Image.wrap(W, H, rgb, alpha);

        FlatRims.refine(crops, rgba, flat, 4);

        double after = 0, outside = 0;
        int outsideN = 0;
        for (int p = 0; p < W * H; p++) {
            int x = p % W, y = p / W;
            double r = radius(x, y);
            if (r > FLAT && r <= RIM_OUT) {
                after += Math.abs(rgba.alpha()[p] / 255 - truth(x, y));
            }
            if (r > RADIUS + 0.5 && r <= RIM_OUT) {
                outside += rgba.alpha()[p] / 255;
                outsideN++;
            }
            if (r <= FLAT) {
                assertThat(rgba.alpha()[p]).isEqualTo(OPACITY * 255); // the flat inside is not touched
            }
        }
        before /= rimPixels;
        after /= rimPixels;
        assertThat(before).isGreaterThan(0.04);
        assertThat(after).isLessThan(0.3 * before);
        // outside the disc the mark is gone again
        assertThat(outside / outsideN).isLessThan(0.02);
    }
}
