package dev.unmark.matte;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import dev.unmark.testing.Scenes;
import org.junit.jupiter.api.Test;

/** The outline test that tells a see-through mark (the photo continues under it) from an object of the scene. */
class OutlineFitTest {

    private static final int W = 240;
    private static final int H = 160;

    /** A thick bar and a ring: strokes wide enough to have pixels 2-4 px inside. */
    private static float[] shape() {
        float[] cov = new float[W * H];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                double r = Math.hypot(x - 120, y - 80);
                cov[y * W + x] = (r > 30 && r < 46) || (y >= 72 && y < 86 && x >= 30 && x < 210) ? 1 : 0;
            }
        }
        return cov;
    }

    private static OutlineFit.Fit fit(Image image, float[] cov) {
        Mask mask = Scenes.maskWhere(cov, W, H, 0f);
        Rect box = mask.setBounds();
        return OutlineFit.fit(image, box, mask.crop(box));
    }

    @Test
    void aMarkBlendedOverTheSceneFollowsItsSurroundings() {
        Image clean = Scenes.photo(W, H, 3);
        float[] cov = shape();
        OutlineFit.Fit f = fit(Scenes.blend(clean, cov, 0.4, 255, 255, 255), cov);
        assertThat(f).isNotNull();
        assertThat(f.correlation()).isGreaterThan(0.8);
        assertThat(f.opacity()).isBetween(0.3, 0.5);
    }

    @Test
    void anObjectWithItsOwnTextureDoesNot() {
        Image clean = Scenes.photo(W, H, 3);
        Image other = Scenes.photo(W, H, 77);
        float[] cov = shape();
        // The same mean shift towards white as a 0.4 overlay, but what is inside is another picture.
        Image scene = clean.copy();
        for (int i = 0; i < cov.length; i++) {
            if (cov[i] > 0) {
                for (int c = 0; c < 3; c++) {
                    scene.rgb()[i * 3 + c] = 0.6f * other.rgb()[i * 3 + c] + 0.4f * 255;
                }
            }
        }
        OutlineFit.Fit f = fit(scene, cov);
        assertThat(f == null || f.correlation() < 0.5).as("fit %s", f).isTrue();
    }

    @Test
    void aFlatRegionWithoutAnyOutsideNeighboursHasNoFit() {
        Image clean = Scenes.photo(W, H, 5);
        float[] cov = new float[W * H];
        java.util.Arrays.fill(cov, 1); // the whole frame: nothing outside to compare with
        assertThat(fit(clean, cov)).isNull();
    }
}
