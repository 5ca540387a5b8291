package dev.unmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsTest {

    private static Image constant(int w, int h, float v) {
        Image img = Image.blank(w, h);
        java.util.Arrays.fill(img.rgb(), v);
        return img;
    }

    @Test
    void identicalImagesHitThePsnrCapAndZeroError() {
        Image a = constant(8, 8, 77);
        assertThat(Metrics.psnr(a, a.copy())).isEqualTo(100.0);
        assertThat(Metrics.rmse(a, a.copy())).isZero();
        assertThat(Metrics.ssim(a, a.copy())).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void twoLevelImageHasTheMseWorkedOutByHand() {
        // Left half differs by 10 in every channel, right half is equal: MSE = 10^2 / 2 = 50.
        Image a = constant(10, 4, 100);
        Image b = a.copy();
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 5; x++) {
                for (int c = 0; c < 3; c++) {
                    b.set(x, y, c, 110);
                }
            }
        }
        assertThat(Metrics.mse(a, b)).isEqualTo(50.0);
        assertThat(Metrics.rmse(a, b)).isCloseTo(Math.sqrt(50), within(1e-12));
        assertThat(Metrics.psnr(a, b)).isCloseTo(10 * Math.log10(255.0 * 255.0 / 50.0), within(1e-12));
        assertThat(Metrics.psnr(a, b)).isCloseTo(31.1411, within(1e-4));
    }

    @Test
    void rmseWithinCountsOnlyMaskedPixels() {
        Image a = constant(4, 4, 0);
        Image b = a.copy();
        b.set(0, 0, 0, 30); // one channel of a masked pixel off by 30
        b.set(3, 3, 1, 200); // an unmasked pixel, ignored
        Mask m = Mask.empty(4, 4);
        m.set(0, 0, true);
        m.set(1, 0, true);
        // 2 pixels x 3 channels = 6 samples, one of them off by 30: sqrt(900 / 6).
        assertThat(Metrics.rmseWithin(a, b, m)).isCloseTo(Math.sqrt(150), within(1e-12));
        assertThat(Metrics.rmseWithin(a, b, Mask.empty(4, 4))).isNaN();
    }

    @Test
    void ssimOfConstantImagesReducesToTheLuminanceTerm() {
        // No variance anywhere, so the contrast-structure term is C2/C2 = 1 and only luminance remains.
        double c1 = Math.pow(0.01 * 255, 2);
        double mu1 = 50, mu2 = 80;
        double expected = (2 * mu1 * mu2 + c1) / (mu1 * mu1 + mu2 * mu2 + c1);
        assertThat(Metrics.ssim(constant(12, 9, 50), constant(12, 9, 80))).isCloseTo(expected, within(1e-12));
    }

    @Test
    void ssimMatchesAStraightforwardWindowByWindowReference() {
        SplittableRandom rnd = new SplittableRandom(7);
        Image a = Image.blank(23, 17);
        Image b = Image.blank(23, 17);
        for (int i = 0; i < a.rgb().length; i++) {
            a.rgb()[i] = rnd.nextInt(256);
            b.rgb()[i] = Math.max(0, Math.min(255, a.rgb()[i] + rnd.nextInt(-60, 61)));
        }
        assertThat(Metrics.ssim(a, b)).isCloseTo(referenceSsim(a, b), within(1e-10));
        assertThat(Metrics.ssim(a, b)).isBetween(0.0, 0.99);
    }

    /** skimage's SSIM written the slow way: every 7x7 window, two-pass means and sample covariances. */
    private static double referenceSsim(Image a, Image b) {
        double c1 = Math.pow(0.01 * 255, 2), c2 = Math.pow(0.03 * 255, 2);
        double channels = 0;
        for (int c = 0; c < 3; c++) {
            double sum = 0;
            int n = 0;
            for (int cy = 3; cy < a.height() - 3; cy++) {
                for (int cx = 3; cx < a.width() - 3; cx++) {
                    double mx = 0, my = 0;
                    for (int dy = -3; dy <= 3; dy++) {
                        for (int dx = -3; dx <= 3; dx++) {
                            mx += a.get(cx + dx, cy + dy, c);
                            my += b.get(cx + dx, cy + dy, c);
                        }
                    }
                    mx /= 49;
                    my /= 49;
                    double vx = 0, vy = 0, cov = 0;
                    for (int dy = -3; dy <= 3; dy++) {
                        for (int dx = -3; dx <= 3; dx++) {
                            double ex = a.get(cx + dx, cy + dy, c) - mx, ey = b.get(cx + dx, cy + dy, c) - my;
                            vx += ex * ex;
                            vy += ey * ey;
                            cov += ex * ey;
                        }
                    }
                    vx /= 48;
                    vy /= 48;
                    cov /= 48;
                    sum += (2 * mx * my + c1) * (2 * cov + c2) / ((mx * mx + my * my + c1) * (vx + vy + c2));
                    n++;
                }
            }
            channels += sum / n;
        }
        return channels / 3;
    }

    @Test
    void maskScoresFollowTheirDefinitions() {
        Mask truth = Mask.empty(10, 10);
        Mask pred = Mask.empty(10, 10);
        for (int x = 0; x < 4; x++) {
            truth.set(x, 0, true); // 4 true pixels
        }
        for (int x = 2; x < 8; x++) {
            pred.set(x, 0, true); // 6 predicted, 2 of them right
        }
        Metrics.MaskCounts m = Metrics.maskCounts(pred, truth);
        assertThat(m.iou()).isCloseTo(2.0 / 8.0, within(1e-12));
        assertThat(m.f1()).isCloseTo(4.0 / 10.0, within(1e-12));
        assertThat(m.falsePositiveFraction()).isCloseTo(4.0 / 100.0, within(1e-12));

        Metrics.MaskCounts clean = Metrics.maskCounts(Mask.empty(10, 10), Mask.empty(10, 10));
        assertThat(clean.iou()).isEqualTo(1.0);
        assertThat(clean.f1()).isEqualTo(1.0);
        assertThat(clean.falsePositiveFraction()).isZero();
    }

    @Test
    void evalResizeKeepsConstantsAndLeaves256Alone() {
        Image c = constant(300, 170, 123);
        Image r = Metrics.resizeForEval(c);
        assertThat(r.width()).isEqualTo(256);
        assertThat(r.height()).isEqualTo(256);
        assertThat(r.sameContent(constant(256, 256, 123))).isTrue();

        Image g = Image.blank(256, 256);
        for (int i = 0; i < g.rgb().length; i++) {
            g.rgb()[i] = i % 251;
        }
        assertThat(Metrics.resizeForEval(g).sameContent(g)).isTrue();
    }
}
