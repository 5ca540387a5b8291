package dev.unmark.matte;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.internal.MatScope;
import dev.unmark.internal.OpenCv;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgproc.Imgproc;

/** The coarse search's folded correlation equals OpenCV's normalised correlation of the blurred gradients. */
class CoarseLevelTest {

    @Test
    void foldedKernelGivesTheGradientsNormalisedCorrelation() {
        OpenCv.ensureLoaded();
        SplittableRandom rnd = new SplittableRandom(3);
        int w = 160, h = 120, tw = 21, th = 17;
        try (MatScope mats = new MatScope()) {
            Mat luma = mats.track(new Mat(h, w, CvType.CV_32F));
            float[] v = new float[w * h];
            for (int i = 0; i < v.length; i++) {
                int x = i % w, y = i / w;
                v[i] = (float) (100 + 40 * Math.sin(0.21 * x) * Math.cos(0.13 * y) + rnd.nextDouble(-20, 20)
                        + ((x / 23 + y / 19) % 2 == 0 ? 30 : 0));
            }
            luma.put(0, 0, v);
            Mat templ = mats.track(new Mat(th, tw, CvType.CV_32F));
            float[] t = new float[tw * th];
            for (int i = 0; i < t.length; i++) {
                t[i] = (float) (Math.hypot(i % tw - 10, i / tw - 8) < 6 ? 200 : 90);
            }
            templ.put(0, 0, t);
            Mat tg = TemplateMatcher.blur(mats, TemplateMatcher.gradient(mats, templ));

            float[] folded = TemplateMatcher.Level.of(mats, luma).correlate(mats, tg);

            Mat reference = mats.track(new Mat());
            Imgproc.matchTemplate(TemplateMatcher.blur(mats, TemplateMatcher.gradient(mats, luma)), tg, reference,
                    Imgproc.TM_CCOEFF_NORMED);
            Core.absdiff(reference, new org.opencv.core.Scalar(0), reference);
            int rw = w - tw + 1, rh = h - th + 1;
            float[] ref = new float[rw * rh];
            reference.get(0, 0, ref);
            assertThat(folded).hasSize(ref.length);
            // away from the border (where luma rather than gradients is replicated) the two agree
            int m = TemplateMatcher.FILTER_RADIUS + 1;
            double worst = 0, spread = 0;
            for (int y = m; y < rh - m; y++) {
                for (int x = m; x < rw - m; x++) {
                    worst = Math.max(worst, Math.abs(folded[y * rw + x] - ref[y * rw + x]));
                    spread = Math.max(spread, ref[y * rw + x]);
                }
            }
            assertThat(spread).isGreaterThan(0.3);
            assertThat(worst).isLessThan(2e-3);
        }
    }
}
