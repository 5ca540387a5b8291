package dev.unmark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.detect.Detection;
import dev.unmark.detect.OverlayEstimate;
import dev.unmark.detect.Region;
import dev.unmark.detect.WatermarkDetector;
import dev.unmark.fill.FillEngines;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import dev.unmark.matte.BlendConfig;
import dev.unmark.matte.ReverseBlend;
import dev.unmark.testing.Scenes;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The matte stage for detected regions: where a detector estimated the overlay's colour and opacity, the photo is
 * recovered under the mark's solid parts instead of being inpainted.
 */
class OverlayRecoveryTest {

    private static final int W = 240;
    private static final int H = 160;
    private static final double OPACITY = 0.45;

    /** A thick white bar and ring, blended at {@link #OPACITY} over a textured photo-like scene. */
    private static float[] coverage() {
        float[] cov = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double r = Math.hypot(x - 120, y - 80);
                boolean ring = r > 30 && r < 48;
                boolean bar = y >= 72 && y < 88 && x >= 40 && x < 200;
                cov[y * W + x] = ring || bar ? 1 : 0;
            }
        }
        return cov;
    }

    /** A detector that reports the true mark with the given overlay estimate and the true opacity per pixel. */
    private static WatermarkDetector knowing(float[] cov, OverlayEstimate overlay) {
        Mask mask = Scenes.maskWhere(cov, W, H, 0f);
        float[] alpha = new float[W * H];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = (float) (cov[i] * OPACITY);
        }
        Rect box = mask.setBounds();
        Region region = new Region(box, "text", 0.9, mask.count(), mask.crop(box), overlay);
        return new WatermarkDetector() {
            @Override
            public String name() {
                return "knowing";
            }

            @Override
            public Detection detect(Image image) {
                return new Detection(mask.copy(), List.of(region), alpha.clone());
            }
        };
    }

    private static double rmseInside(Image a, Image b, float[] cov) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < cov.length; i++) {
            if (cov[i] > 0) {
                for (int c = 0; c < 3; c++) {
                    double d = a.rgb()[i * 3 + c] - b.rgb()[i * 3 + c];
                    sum += d * d;
                }
                n += 3;
            }
        }
        return Math.sqrt(sum / n);
    }

    @Test
    void recoversTheSolidPartsAndFillsOnlyTheRims() {
        Image clean = Scenes.photo(W, H, 7);
        float[] cov = coverage();
        Image marked = Scenes.blend(clean, cov, OPACITY, 255, 255, 255);

        PipelineResult recovered = new Pipeline(knowing(cov, new OverlayEstimate(255, 255, 255, OPACITY)),
                FillEngines.create("telea"), Pipeline.AUTO_DILATION).withOverlayRecovery(true).run(marked, null);
        PipelineResult filled = new Pipeline(knowing(cov, null), FillEngines.create("telea"),
                Pipeline.AUTO_DILATION).run(marked, null);

        double withRecovery = rmseInside(recovered.output(), clean, cov);
        double fillOnly = rmseInside(filled.output(), clean, cov);
        assertThat(withRecovery).as("error inside the mark, recovered vs filled (%.2f)", fillOnly)
                .isLessThan(0.5 * fillOnly);
        Region region = recovered.regions().get(0);
        assertThat(recovered.recoveredFraction(region)).isGreaterThan(0.4).isLessThan(1.0);
        assertThat(filled.recoveredFraction(filled.regions().get(0))).isZero();
        // The filled mask is the marked one less what was recovered; the marked one is the whole mark, as found.
        assertThat(recovered.mask().count()).isLessThan(recovered.detectedMask().count());
        assertThat(recovered.detectedMask().sameContent(filled.detectedMask())).isTrue();
    }

    @Test
    void offByDefault() {
        Image clean = Scenes.photo(W, H, 5);
        float[] cov = coverage();
        Image marked = Scenes.blend(clean, cov, OPACITY, 255, 255, 255);
        PipelineResult r = new Pipeline(knowing(cov, new OverlayEstimate(255, 255, 255, OPACITY)),
                FillEngines.create("telea"), Pipeline.AUTO_DILATION).run(marked, null);
        assertThat(r.recoveredFraction(r.regions().get(0))).isZero();
        assertThat(r.mask().sameContent(r.detectedMask())).isTrue();
    }

    @Test
    void aTooOpaqueOverlayIsFilledNotInverted() {
        Image clean = Scenes.photo(W, H, 11);
        float[] cov = coverage();
        Image marked = Scenes.blend(clean, cov, 0.8, 0, 0, 0);
        // Too opaque to invert safely (an error in the estimate is multiplied by 1/(1-a)^2): filled whole.
        PipelineResult r = new Pipeline(knowing(cov, new OverlayEstimate(0, 0, 0, 0.8)), FillEngines.create("telea"),
                Pipeline.AUTO_DILATION).withOverlayRecovery(true).run(marked, null);
        assertThat(r.recoveredFraction(r.regions().get(0))).isZero();
        assertThat(r.mask().sameContent(r.detectedMask())).isTrue();
    }
    /** Gaussian noise of the given deviation on every sample, as a lossy encoder's error around a mark. */
    private static Image noisy(Image image, double sigma, long seed) {
        Image out = image.copy();
        Random rnd = new Random(seed);
        float[] rgb = out.rgb();
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (float) Math.max(0, Math.min(255, rgb[i] + sigma * rnd.nextGaussian()));
        }
        return out;
    }

    @Test
    void theMarkedRimDoesNotPullTheRegularisedRecoveryTowardsTheMarkColour() {
        Image clean = Scenes.photo(W, H, 13);
        float[] cov = coverage();
        Image marked = noisy(Scenes.blend(clean, cov, OPACITY, 255, 255, 255), 3, 1);
        // As for a JPEG input: the inversion is regularised for its noise, which ties each recovered pixel to its
        // neighbours. The 2 px rim left for the fill is still white-ish; it must not be one of those neighbours.
        PipelineResult r = new Pipeline(knowing(cov, new OverlayEstimate(255, 255, 255, OPACITY)),
                FillEngines.create("telea"), Pipeline.AUTO_DILATION).withOverlayRecovery(true)
                .withBlend(new ReverseBlend(BlendConfig.lossy())).run(marked, null);
        double bias = 0;
        long n = 0;
        for (int i = 0; i < cov.length; i++) {
            if (cov[i] > 0 && !r.mask().isSet(i % W, i / W)) { // recovered, not filled
                for (int c = 0; c < 3; c++) {
                    bias += r.output().rgb()[i * 3 + c] - clean.rgb()[i * 3 + c];
                }
                n += 3;
            }
        }
        assertThat(n).as("recovered samples").isGreaterThan(3000);
        assertThat(bias / n).as("mean error of the recovered pixels, levels").isBetween(-1.0, 1.0);
    }

    @Test
    void sceneContentThatDoesNotContinueTheSurroundingsIsFilledNotInverted() {
        Image clean = Scenes.photo(W, H, 17);
        float[] cov = coverage();
        // A bright object in the scene, shaped like the mark: its inside is its own texture, unrelated to the photo
        // around it, so it fits a white overlay on average but is not a see-through layer.
        Image object = Scenes.photo(W, H, 99);
        Image scene = clean.copy();
        for (int i = 0; i < cov.length; i++) {
            if (cov[i] > 0) {
                for (int c = 0; c < 3; c++) {
                    scene.rgb()[i * 3 + c] = 0.55f * object.rgb()[i * 3 + c] + 0.45f * 255;
                }
            }
        }
        PipelineResult r = new Pipeline(knowing(cov, new OverlayEstimate(255, 255, 255, OPACITY)),
                FillEngines.create("telea"), Pipeline.AUTO_DILATION).withOverlayRecovery(true).run(scene, null);
        assertThat(r.recoveredFraction(r.regions().get(0))).isZero();
        assertThat(r.mask().sameContent(r.detectedMask())).isTrue();
    }
}
