package dev.unmark.fill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.testing.Scenes;
import org.junit.jupiter.api.Test;

class PatchMatchFillTest extends FillEngineContract {

    @Override
    protected FillEngine engine() {
        return FillEngines.create("patch");
    }

    /** A checkerboard of period {@code period} in two colours, so a wrong phase shows as a full-contrast error. */
    static Image checker(int w, int h, int period) {
        Image img = Image.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean on = (x / (period / 2) + y / (period / 2)) % 2 == 0;
                img.set(x, y, 0, on ? 210 : 60);
                img.set(x, y, 1, on ? 170 : 50);
                img.set(x, y, 2, on ? 40 : 190);
            }
        }
        return img;
    }

    @Test
    void theLastVoteReportsWhereItsSourcesDisagree() {
        int w = 160, h = 120;
        Mask hole = square(w, h, 62, 42, 36);
        for (boolean periodic : new boolean[] {true, false}) {
            Image in = periodic ? checker(w, h, 10) : Scenes.photo(w, h, 21);
            float[] spread = new float[w * h];
            new PatchMatchCompletion(PatchConfig.defaults(), 3).complete(in.copy().rgb(), hole.data(), w, h, 36,
                    spread);
            double inside = 0;
            int disagreeing = 0, outside = 0;
            for (int i = 0; i < w * h; i++) {
                if (hole.data()[i] != 0) {
                    inside += spread[i];
                    disagreeing += spread[i] > DiffusionLowPass.AGREEMENT * DiffusionLowPass.AGREEMENT ? 1 : 0;
                } else if (spread[i] != 0) {
                    outside++;
                }
            }
            inside /= hole.count();
            assertThat(outside).as("pixels outside the hole with a variance").isZero();
            if (periodic) {
                // Every source holds the same period and phase: they agree.
                assertThat(inside).as("mean variance in the hole, periodic").isLessThan(1);
            } else {
                // Smooth shading under grain of 2 levels: the sources agree on the shade, not on the grain.
                assertThat(inside).as("mean variance in the hole, photo").isGreaterThan(10);
                assertThat(disagreeing).as("hole pixels whose sources disagree").isGreaterThan((int) (hole.count() / 2));
            }
        }
    }

    static Mask square(int w, int h, int x0, int y0, int side) {
        Mask m = Mask.empty(w, h);
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                m.set(x, y, true);
            }
        }
        return m;
    }

    @Test
    void periodicTextureIsCompletedWithTheRightPeriod() {
        Image clean = checker(160, 120, 10);
        Mask hole = square(160, 120, 62, 42, 36); // over three periods wide
        Image holed = clean.copy();
        paint(holed, hole, 255, 0, 255);
        double patch = rmseInside(FillEngines.create("patch").fill(holed, hole), clean, hole);
        double telea = rmseInside(FillEngines.create("telea").fill(holed, hole), clean, hole);
        // Telea blurs the checker to its mean (about 70 levels off everywhere); the right period and phase is exact.
        assertThat(telea).isGreaterThan(50);
        assertThat(patch).as("patch %.3f vs telea %.1f", patch, telea).isLessThan(0.05 * telea).isLessThan(2.0);
    }

    @Test
    void stripesContinueAcrossAThickStroke() {
        // Diagonal stripes of period 8 under a stroke 12 px wide: the phase must carry across, not just the colours.
        int w = 140, h = 100;
        Image clean = Image.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float v = ((x + y) / 4) % 2 == 0 ? 200 : 70;
                clean.set(x, y, 0, v);
                clean.set(x, y, 1, v);
                clean.set(x, y, 2, 255 - v);
            }
        }
        Mask stroke = Mask.empty(w, h);
        for (int y = 20; y < 80; y++) {
            for (int x = 64; x < 76; x++) {
                stroke.set(x, y, true);
            }
        }
        Image holed = clean.copy();
        paint(holed, stroke, 0, 255, 0);
        double patch = rmseInside(FillEngines.create("patch").fill(holed, stroke), clean, stroke);
        double telea = rmseInside(FillEngines.create("telea").fill(holed, stroke), clean, stroke);
        assertThat(patch).as("patch %.3f vs telea %.1f", patch, telea).isLessThan(0.1 * telea);
    }

    /**
     * The masked pixels hold a colour the rest of the image cannot produce (pure magenta on a grey image): any part
     * of it in the output, even averaged into a vote, would make a pixel non-grey. Without the shade network, whose
     * residual is not exactly grey on a grey photo (the next test covers the default).
     */
    @Test
    void neverReadsMaskedPixelsAsSources() {
        int w = 150, h = 110;
        Image grey = Scenes.photo(w, h, 21);
        for (int i = 0; i < grey.pixels(); i++) {
            float v = (grey.rgb()[i * 3] + grey.rgb()[i * 3 + 1] + grey.rgb()[i * 3 + 2]) / 3;
            grey.rgb()[i * 3] = v;
            grey.rgb()[i * 3 + 1] = v;
            grey.rgb()[i * 3 + 2] = v;
        }
        Mask mask = ring(w, h, 75, 55, 40, 9).or(blob(w, h, 20, 20, 14)).or(blob(w, h, 148, 100, 10));
        Image holed = grey.copy();
        paint(holed, mask, 255, 0, 255);
        PatchMatchFill patch = new PatchMatchFill(PatchConfig.defaults().withShade(false));
        for (String engine : new String[] {"patch", "auto"}) {
            FillEngine fill = engine.equals("patch") ? patch
                    : new AutoFill(OpenCvInpaintFill.telea(), patch, null, AutoFill.DEFAULT_THIN_WIDTH);
            Image out = fill.fill(holed, mask);
            for (int i = 0; i < out.pixels(); i++) {
                float r = out.rgb()[i * 3], g = out.rgb()[i * 3 + 1], b = out.rgb()[i * 3 + 2];
                if (engine.equals("patch") || mask.data()[i] == 0) {
                    assertThat(Math.max(Math.abs(r - g), Math.abs(g - b))).as("%s pixel %d", engine, i)
                            .isLessThan(1e-3f);
                }
                assertThat(g).as("%s pixel %d green", engine, i).isGreaterThan(1f);
            }
        }
    }


    /** The default fills (shade network on) give the same output whatever colour the masked pixels hold. */
    @Test
    void theMaskedPixelsColourDoesNotChangeTheDefaultFills() {
        int w = 150, h = 110;
        Image photo = Scenes.photo(w, h, 21);
        Mask mask = ring(w, h, 75, 55, 40, 9).or(blob(w, h, 20, 20, 14)).or(blob(w, h, 148, 100, 10));
        Image magenta = photo.copy(), green = photo.copy();
        paint(magenta, mask, 255, 0, 255);
        paint(green, mask, 0, 255, 0);
        for (String engine : new String[] {"patch", "auto"}) {
            assertThat(FillEngines.create(engine).fill(magenta, mask).rgb()).as(engine)
                    .isEqualTo(FillEngines.create(engine).fill(green, mask).rgb());
        }
    }
    @Test
    void sameSeedGivesTheSameOutputAndParallelEqualsSequential() {
        Image in = Scenes.withEdges(200, 150, 5);
        Mask mask = ring(200, 150, 100, 75, 45, 14).or(blob(200, 150, 40, 40, 18));
        PatchConfig c = PatchConfig.defaults().withSeed(7);
        Image a = new PatchMatchFill(c).fill(in, mask);
        Image b = new PatchMatchFill(c).fill(in, mask);
        Image sequential = new PatchMatchFill(c.withParallel(false)).fill(in, mask);
        Image otherSeed = new PatchMatchFill(c.withSeed(8)).fill(in, mask);
        // Every neighbourhood's diffusion forked at its own start instead of all before the completions.
        Image noneAhead = in.copy();
        HoleComponents holes = HoleComponents.of(mask);
        boolean[] all = new boolean[holes.count() + 1];
        java.util.Arrays.fill(all, true);
        new PatchMatchFill(c).fillComponents(noneAhead, mask, holes, all, 0);
        assertThat(a.sameContent(b)).isTrue();
        assertThat(a.sameContent(sequential)).isTrue();
        assertThat(a.sameContent(noneAhead)).isTrue();
        assertThat(a.sameContent(otherSeed)).as("the seed drives the random search").isFalse();
    }

    @Test
    void sourcesComeFromTheHolesNeighbourhood() {
        // Left half red, right half blue; a small hole deep in the red half must not see the blue half at all.
        int w = 400, h = 80;
        Image img = Image.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                img.set(x, y, 0, x < 200 ? 200 + (x * 7 + y * 3) % 11 : 20);
                img.set(x, y, 1, 30);
                img.set(x, y, 2, x < 200 ? 20 : 200 + (x * 5 + y) % 13);
            }
        }
        Mask hole = blob(w, h, 40, 40, 6);
        Image out = FillEngines.create("patch").fill(img, hole);
        for (int i = 0; i < out.pixels(); i++) {
            if (hole.data()[i] != 0) {
                assertThat(out.rgb()[i * 3 + 2]).isLessThan(21f);
            }
        }
    }
}
