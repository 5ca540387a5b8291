package dev.unmark.fill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.testing.Scenes;
import java.util.List;
import org.junit.jupiter.api.Test;

class AutoFillTest extends FillEngineContract {

    @Override
    protected FillEngine engine() {
        return FillEngines.create("auto");
    }

    /** Thin holes go to Telea, whose ripples on flat data reach about 4 levels (see TeleaFillTest). */
    @Override
    protected float flatTolerance() {
        return 5f;
    }

    @Test
    void thinStrokeGoesToDiffusionAndWideBlobToPatch() {
        int w = 240, h = 160;
        Image in = Scenes.photo(w, h, 3);
        Mask mask = Mask.empty(w, h);
        for (int x = 20; x < 120; x++) {
            for (int y = 30; y < 34; y++) { // a stroke 4 px wide
                mask.set(x, y, true);
            }
        }
        mask.or(blob(w, h, 170, 100, 25)); // a disc 51 px across
        List<FillRegion> report = engine().fillInPlaceReporting(in.copy(), mask);
        assertThat(report).hasSize(2);
        FillRegion stroke = report.get(0), disc = report.get(1);
        assertThat(stroke.box().y()).isEqualTo(30);
        assertThat(stroke.width()).isBetween(3.0, 5.0);
        assertThat(stroke.engine()).isEqualTo("telea");
        assertThat(stroke.pixels()).isEqualTo(400);
        assertThat(disc.width()).isBetween(49.0, 53.0);
        assertThat(disc.engine()).isEqualTo("patch");
    }

    @Test
    void eachPartIsFilledAsItsEngineWouldFillIt() {
        int w = 200, h = 140;
        Image in = Scenes.withEdges(w, h, 9);
        Mask thin = Mask.empty(w, h);
        for (int y = 10; y < 120; y++) {
            thin.set(20, y, true);
            thin.set(21, y, true);
            thin.set(22, y, true);
        }
        Mask wide = blob(w, h, 130, 70, 30);
        Mask both = thin.copy().or(wide);
        Image auto = engine().fill(in, both);
        // The wide blob as the exemplar fill fills it given the whole mask (the stroke lies in the blob's
        // neighbourhood, a hole there too); the stroke as Telea fills it alone (the blob is beyond Telea's margin).
        Image patchOnly = FillEngines.create("patch").fill(in, both);
        Image teleaOnly = FillEngines.create("telea").fill(in, thin);
        for (int i = 0; i < auto.pixels(); i++) {
            Image expected = wide.data()[i] != 0 ? patchOnly : teleaOnly;
            for (int c = 0; c < 3; c++) {
                assertThat(auto.rgb()[i * 3 + c]).as("pixel %d", i).isEqualTo(expected.rgb()[i * 3 + c]);
            }
        }
    }

    @Test
    void aSuppliedNetworkTakesTheWideHoles() {
        FillEngine network = new FillEngine() {
            @Override
            public String name() {
                return "net";
            }

            @Override
            public Image fill(Image image, Mask mask) {
                Image out = image.copy();
                paint(out, mask, 1, 2, 3);
                return out;
            }
        };
        AutoFill auto = new AutoFill(OpenCvInpaintFill.telea(), PatchMatchFill.defaults(), network,
                AutoFill.DEFAULT_THIN_WIDTH);
        Image in = Scenes.photo(160, 120, 4);
        Mask mask = blob(160, 120, 80, 60, 20);
        Image out = in.copy();
        List<FillRegion> report = auto.fillInPlaceReporting(out, mask);
        assertThat(report).extracting(FillRegion::engine).containsExactly("net");
        assertThat(out.get(80, 60, 2)).isEqualTo(3f);
    }
}
