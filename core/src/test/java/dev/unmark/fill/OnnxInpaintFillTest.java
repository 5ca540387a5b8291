package dev.unmark.fill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.internal.OnnxGraph;
import dev.unmark.testing.Scenes;
import dev.unmark.testing.TinyNets;
import dev.unmark.testing.TinyNets.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The plumbing of the network fills, run on tiny stand-in networks ({@link TinyNets}) whose answers are known:
 * each contract's ranges, channel order and mask polarity, what reaches the network, compositing, seams, and the
 * errors for model files that do not fit.
 */
class OnnxInpaintFillTest {

    @TempDir
    Path dir;

    private Path save(OnnxGraph g, String name) throws IOException {
        return g.write(dir.resolve(name));
    }

    /** A flat image with a disc of radius 10 masked (and painted magenta, so a leak would show). */
    private static Image holed(Image img, Mask mask) {
        Image out = img.copy();
        FillEngineContract.paint(out, mask, 255, 0, 255);
        return out;
    }

    private static void assertHolesAre(Image out, Mask mask, float r, float g, float b, float tolerance) {
        int holes = 0;
        for (int y = 0; y < mask.height(); y++) {
            for (int x = 0; x < mask.width(); x++) {
                if (mask.isSet(x, y)) {
                    holes++;
                    assertThat(out.get(x, y, 0)).as("R at (%d, %d)", x, y).isCloseTo(r, within(tolerance));
                    assertThat(out.get(x, y, 1)).as("G at (%d, %d)", x, y).isCloseTo(g, within(tolerance));
                    assertThat(out.get(x, y, 2)).as("B at (%d, %d)", x, y).isCloseTo(b, within(tolerance));
                }
            }
        }
        assertThat(holes).isPositive();
    }

    private static void assertOutsideUnchanged(Image out, Image in, Mask mask) {
        for (int i = 0; i < in.pixels(); i++) {
            if (mask.data()[i] == 0) {
                for (int c = 0; c < 3; c++) {
                    assertThat(out.rgb()[i * 3 + c]).as("pixel %d", i).isEqualTo(in.rgb()[i * 3 + c]);
                }
            }
        }
    }

    @Test
    void deepFillTakesBgrInMinusOneToOneAndItsSecondOutputIsTheFill() throws IOException {
        // Planes B, G, R: the refined output fills B = -1, G = 0, R = 0.6, i.e. RGB 204, 127.5, 0 on 0-255. The
        // first (coarse) output leaves the zeroed holes, 127.5 grey, so reading it would fail too.
        Path model = save(TinyNets.deepFill(64, Kind.CONSTANT, -1f, 0f, 0.6f), "deepfill.onnx");
        Image in = Scenes.photo(80, 60, 3);
        Mask mask = FillEngineContract.blob(80, 60, 40, 30, 10);
        Image out = OnnxInpaintFill.load(NetContract.DEEPFILL, model).fill(holed(in, mask), mask);
        assertHolesAre(out, mask, 204f, 127.5f, 0f, 0.01f);
        assertOutsideUnchanged(out, holed(in, mask), mask);
    }

    @ParameterizedTest
    @ValueSource(floats = {255f, 1f})
    void lamaTakesRgbInZeroToOneAndAnswersOnEitherScale(float outputScale) throws IOException {
        Path model = save(TinyNets.lama(new Object[] {64, 64}, Kind.CONSTANT, outputScale, 0.2f, 0.4f, 0.8f),
                "lama.onnx");
        Image in = Scenes.photo(80, 60, 4);
        Mask mask = FillEngineContract.blob(80, 60, 30, 25, 9);
        Image out = OnnxInpaintFill.load(NetContract.LAMA, model).fill(holed(in, mask), mask);
        assertHolesAre(out, mask, 51f, 102f, 204f, 0.01f);
        assertOutsideUnchanged(out, holed(in, mask), mask);
    }

    @Test
    void lamaWithImageAndMaskStackedInOneInputWorksAlike() throws IOException {
        Path model = save(TinyNets.lamaStacked(64, Kind.CONSTANT, 255f, 0.2f, 0.4f, 0.8f), "lama4.onnx");
        Image in = Scenes.photo(70, 50, 5);
        Mask mask = FillEngineContract.blob(70, 50, 35, 25, 8);
        Image out = OnnxInpaintFill.load(NetContract.LAMA, model).fill(holed(in, mask), mask);
        assertHolesAre(out, mask, 51f, 102f, 204f, 0.01f);
    }

    @Test
    void miganTakesEightBitRgbWithZeroMarkingTheHole() throws IOException {
        // With the polarity reversed the network would keep the (zeroed) hole and fill the photo instead.
        Path model = save(TinyNets.migan(Kind.CONSTANT, 10f, 20f, 30f), "migan.onnx");
        Image in = Scenes.photo(90, 60, 6);
        Mask mask = FillEngineContract.blob(90, 60, 45, 30, 12);
        OnnxInpaintFill fill = OnnxInpaintFill.load(NetContract.MIGAN, model);
        Image out = fill.fill(holed(in, mask), mask);
        // Within half a level: the network answers in whole levels, the photo has fractions, and the seam matching
        // carries that difference in.
        assertHolesAre(out, mask, 10f, 20f, 30f, 0.5f);
        assertOutsideUnchanged(out, holed(in, mask), mask);
        assertThat(fill.windowWidth()).as("dynamic sides take the default").isEqualTo(InpaintNet.DYNAMIC_SIDE);
    }

    /** A SMOOTH stand-in of each contract; MI-GAN's has dynamic sides and so runs at 512. */
    private Path smooth(NetContract contract) throws IOException {
        OnnxGraph g = switch (contract) {
            case DEEPFILL -> TinyNets.deepFill(96, Kind.SMOOTH);
            case LAMA -> TinyNets.lama(new Object[] {96, 96}, Kind.SMOOTH, 255f);
            case MIGAN -> TinyNets.migan(Kind.SMOOTH);
        };
        return save(g, contract.key() + "-smooth.onnx");
    }

    private static float tolerance(NetContract contract) {
        return contract == NetContract.MIGAN ? 0.6f : 0.01f; // 8-bit in and out
    }

    @ParameterizedTest
    @EnumSource(NetContract.class)
    void theNetworkSeesTheWindowAroundTheHoleOnTheRightScale(NetContract contract) throws IOException {
        // Left half one colour, right half another; a hole deep in the left half is filled from the left colour
        // alone, which round-trips each contract's scaling and channel order.
        Image in = Image.blank(160, 100);
        for (int y = 0; y < 100; y++) {
            for (int x = 0; x < 160; x++) {
                boolean left = x < 80;
                in.set(x, y, 0, left ? 30f : 220f);
                in.set(x, y, 1, left ? 140f : 60f);
                in.set(x, y, 2, left ? 250f : 10f);
            }
        }
        Mask mask = FillEngineContract.blob(160, 100, 35, 50, 8);
        Image out = OnnxInpaintFill.load(contract, smooth(contract)).fill(holed(in, mask), mask);
        assertHolesAre(out, mask, 30f, 140f, 250f, tolerance(contract));
    }

    @ParameterizedTest
    @EnumSource(NetContract.class)
    void whatIsUnderTheHoleNeverReachesTheNetwork(NetContract contract) throws IOException {
        OnnxInpaintFill fill = OnnxInpaintFill.load(contract, smooth(contract));
        Image in = Scenes.photo(120, 90, 8);
        Mask mask = FillEngineContract.ring(120, 90, 60, 45, 20, 5);
        Image white = in.copy();
        FillEngineContract.paint(white, mask, 255, 255, 255);
        Image black = in.copy();
        FillEngineContract.paint(black, mask, 0, 0, 0);
        Image a = fill.fill(white, mask);
        assertThat(a.sameContent(fill.fill(black, mask))).isTrue();
        assertThat(a.sameContent(white)).isFalse();
    }

    /** A flat grey photo and a network with a colour cast: it answers 200 everywhere, the photo is 100. */
    private Image castAcrossASquareHole(int feather, Mask mask) throws IOException {
        Path model = save(TinyNets.lama(new Object[] {64, 64}, Kind.CAST, 255f, 200 / 255f, 200 / 255f, 200 / 255f),
                "cast.onnx");
        Image in = FillEngineContract.flat(64, 64, 100, 100, 100);
        return new OnnxInpaintFill(NetContract.LAMA, model, NetFillConfig.defaults().withFeather(feather))
                .fill(in, mask);
    }

    private static Mask square(int w, int h, int x0, int y0, int side) {
        Mask m = Mask.empty(w, h);
        for (int y = y0; y < y0 + side; y++) {
            for (int x = x0; x < x0 + side; x++) {
                m.set(x, y, true);
            }
        }
        return m;
    }

    @Test
    void theSeamIsFeatheredIntoTheHole() throws IOException {
        Mask mask = square(64, 64, 17, 17, 30);
        Image hard = castAcrossASquareHole(0, mask);
        Image soft = castAcrossASquareHole(8, mask);
        // Without feathering the fill jumps from the photo's 100 to the network's 200 at the edge.
        assertThat(hard.get(17, 32, 0)).isEqualTo(200f);
        // Feathered, the edge pixel meets the photo, the fill rises steadily and is the network's own 8 px deep.
        assertThat(soft.get(16, 32, 0)).isEqualTo(100f);
        assertThat(soft.get(17, 32, 0)).isCloseTo(100f, within(3f));
        float previous = soft.get(17, 32, 0);
        for (int x = 18; x <= 32; x++) {
            assertThat(soft.get(x, 32, 0)).as("x = %d", x).isGreaterThanOrEqualTo(previous);
            previous = soft.get(x, 32, 0);
        }
        assertThat(soft.get(21, 32, 0)).isBetween(130f, 170f);
        assertThat(soft.get(26, 32, 0)).isCloseTo(200f, within(0.01f));
        assertThat(soft.get(32, 32, 0)).isCloseTo(200f, within(0.01f));
    }

    @Test
    void theSeamIsMatchedInADownscaledWindowToo() throws IOException {
        // A 150 px hole in a 400 x 300 photo through a 64 px network with a cast: about 2.8 photo pixels per network
        // pixel. The seam is matched on the network's grid; after scaling back the edge must still meet the photo
        // wherever it falls inside a network pixel, so several offsets are tried.
        Path model = save(TinyNets.lama(new Object[] {64, 64}, Kind.CAST, 255f, 200 / 255f, 200 / 255f, 200 / 255f),
                "cast.onnx");
        OnnxInpaintFill fill = OnnxInpaintFill.load(NetContract.LAMA, model);
        Image in = FillEngineContract.flat(400, 300, 100, 100, 100);
        float worst = 0;
        for (int offset = 0; offset < 6; offset++) {
            Mask mask = square(400, 300, 100 + offset, 80 + offset, 150 + offset);
            assertThat(fill.windows(mask).get(0).downscaled()).isTrue();
            Image out = fill.fill(in, mask);
            for (int y = 1; y < 299; y++) {
                for (int x = 1; x < 399; x++) {
                    if (mask.isSet(x, y) && (!mask.isSet(x - 1, y) || !mask.isSet(x + 1, y)
                            || !mask.isSet(x, y - 1) || !mask.isSet(x, y + 1))) {
                        worst = Math.max(worst, Math.abs(out.get(x, y, 0) - 100f));
                    }
                }
            }
            assertThat(out.get(180, 160, 0)).isCloseTo(200f, within(0.01f));
        }
        assertThat(worst).as("largest step at the hole's edge").isLessThan(12f);
    }

    @Test
    void aHoleLargerThanTheNetworkIsFilledInADownscaledWindow() throws IOException {
        Path model = save(TinyNets.lama(new Object[] {64, 64}, Kind.CONSTANT, 255f, 0.2f, 0.4f, 0.8f), "lama.onnx");
        OnnxInpaintFill fill = OnnxInpaintFill.load(NetContract.LAMA, model);
        Image in = Scenes.photo(400, 300, 9);
        Mask mask = square(400, 300, 100, 80, 150);
        List<FillWindows.Window> windows = fill.windows(mask);
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).downscaled()).isTrue();
        Image out = fill.fill(in, mask);
        assertOutsideUnchanged(out, in, mask);
        // The network's pixels are about 3.3 photo pixels wide here; away from the edge the fill is its colour.
        for (int y = 90; y < 220; y++) {
            for (int x = 110; x < 240; x++) {
                assertThat(out.get(x, y, 0)).isCloseTo(51f, within(0.01f));
                assertThat(out.get(x, y, 2)).isCloseTo(204f, within(0.01f));
            }
        }
    }

    @Test
    void aSmallMarkOnALargePhotoCostsOneNativeWindowAndLeavesEveryOtherPixelExact() throws IOException {
        int w = 4000, h = 3000;
        Path model = save(TinyNets.lama(new Object[] {512, 512}, Kind.SMOOTH, 255f), "lama512.onnx");
        OnnxInpaintFill fill = OnnxInpaintFill.load(NetContract.LAMA, model);
        Image photo = pattern(w, h, 0, 0);
        Mask mask = Mask.empty(w, h);
        for (int y = 1700; y < 1712; y++) {
            for (int x = 2500; x < 2580; x++) {
                mask.set(x, y, (x / 6) % 2 == 0); // a few letter-like strokes
            }
        }
        List<FillWindows.Window> windows = fill.windows(mask);
        assertThat(windows).hasSize(1);
        assertThat(windows.get(0).downscaled()).isFalse();
        assertThat(windows.get(0).crop().area()).isEqualTo(512L * 512);

        fill.fillInPlace(photo, mask);
        Image expected = pattern(w, h, 0, 0);
        long changed = 0;
        for (int i = 0; i < photo.pixels(); i++) {
            for (int c = 0; c < 3; c++) {
                if (photo.rgb()[i * 3 + c] != expected.rgb()[i * 3 + c]) {
                    assertThat(mask.data()[i]).as("changed pixel %d is in the hole", i).isNotZero();
                    changed++;
                }
            }
        }
        assertThat(changed).isPositive();

        // The same mark on a 700 x 700 cut-out around it fills identically: nothing outside the window counts.
        Image small = pattern(700, 700, 2200, 1400);
        Mask smallMask = mask.crop(new dev.unmark.image.Rect(2200, 1400, 700, 700));
        fill.fillInPlace(small, smallMask);
        for (int y = 0; y < 700; y++) {
            for (int x = 0; x < 700; x++) {
                for (int c = 0; c < 3; c++) {
                    assertThat(small.get(x, y, c)).isEqualTo(photo.get(x + 2200, y + 1400, c));
                }
            }
        }
    }

    /** A sharp deterministic texture, the part of a {@code w x h} image starting at (x0, y0) of a larger one. */
    private static Image pattern(int w, int h, int x0, int y0) {
        Image img = Image.blank(w, h);
        float[] rgb = img.rgb();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int gx = x + x0, gy = y + y0, i = (y * w + x) * 3;
                rgb[i] = ((gx * 7 + gy * 13) % 256) + 0.25f;
                rgb[i + 1] = ((gx ^ gy) & 0xFF);
                rgb[i + 2] = (gx / 3 + gy / 5) % 256;
            }
        }
        return img;
    }

    @Test
    void oneSessionPerModelFileIsSharedAcrossEngines() throws IOException {
        Path model = save(TinyNets.fixture(), "shared.onnx");
        Path sameFile = dir.resolve("sub").resolve("..").resolve("shared.onnx");
        Files.createDirectories(dir.resolve("sub"));
        assertThat(InpaintNet.shared(model)).isSameAs(InpaintNet.shared(sameFile));
    }

    @Test
    void enginesSharedAcrossThreadsGiveWhatOneThreadGives() throws Exception {
        OnnxInpaintFill fill = OnnxInpaintFill.load(NetContract.LAMA, save(TinyNets.fixture(), "fixture.onnx"));
        List<Image> inputs = new ArrayList<>();
        List<Image> expected = new ArrayList<>();
        Mask mask = FillEngineContract.ring(150, 100, 75, 50, 30, 6);
        for (int i = 0; i < 6; i++) {
            inputs.add(Scenes.photo(150, 100, 20 + i));
            expected.add(fill.fill(inputs.get(i), mask));
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Future<Image>> results = new ArrayList<>();
            for (Image in : inputs) {
                results.add(pool.submit(() -> fill.fill(in, mask)));
            }
            for (int i = 0; i < inputs.size(); i++) {
                assertThat(results.get(i).get().sameContent(expected.get(i))).as("image %d", i).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aModelOfAnotherContractIsRefusedNamingBoth() throws IOException {
        Path model = save(TinyNets.fixture(), "lama.onnx");
        assertThatThrownBy(() -> OnnxInpaintFill.load(NetContract.DEEPFILL, model))
                .isInstanceOf(UnmarkException.class)
                .hasMessageStartingWith(model + ": this is a LaMa model, not DeepFill v2")
                .hasMessageContaining("image: float32 [1, 3, 64, 64]")
                .hasMessageContaining("use the fill engine 'lama'")
                .message().doesNotContain("\n");
    }

    @Test
    void aModelThatFitsNoContractIsRefusedSayingWhatWasFoundAndExpected() throws IOException {
        OnnxGraph g = new OnnxGraph();
        String x = g.input("pixels", OnnxGraph.FLOAT, 1, 3, 64, 64);
        g.output(x, "same", OnnxGraph.FLOAT, 1, 3, 64, 64);
        Path model = save(g, "identity.onnx");
        assertThatThrownBy(() -> OnnxInpaintFill.load(NetContract.LAMA, model))
                .isInstanceOf(UnmarkException.class)
                .hasMessageStartingWith(model + ": not an inpainting model unmark can run")
                .hasMessageContaining("found inputs [pixels: float32 [1, 3, 64, 64]], outputs [same: float32 [1, 3, 64, 64]]")
                .hasMessageContaining("DeepFill v2: one float32 input N x 5 x H x W")
                .hasMessageContaining("MI-GAN: uint8 inputs");
    }

    @Test
    void deepFillNeedsBothOutputs() throws IOException {
        OnnxGraph g = new OnnxGraph();
        String x = g.input("x", OnnxGraph.FLOAT, 1, 5, 64, 64);
        g.output(g.planes(x, 0, 3), "refined", OnnxGraph.FLOAT, 1, 3, 64, 64);
        Path model = save(g, "one-output.onnx");
        assertThatThrownBy(() -> OnnxInpaintFill.load(NetContract.DEEPFILL, model))
                .hasMessageContaining("not an inpainting model unmark can run")
                .hasMessageContaining("outputs [refined: float32 [1, 3, 64, 64]]");
    }

    @Test
    void inputsOfMixedTypesFitNoContract() throws IOException {
        OnnxGraph g = new OnnxGraph();
        String image = g.input("image", OnnxGraph.FLOAT, 1, 3, 64, 64);
        g.input("mask", OnnxGraph.UINT8, 1, 1, 64, 64);
        g.output(image, "output", OnnxGraph.FLOAT, 1, 3, 64, 64);
        Path model = save(g, "mixed.onnx");
        assertThatThrownBy(() -> OnnxInpaintFill.load(NetContract.LAMA, model))
                .hasMessageContaining("not an inpainting model unmark can run")
                .hasMessageContaining("mask: uint8 [1, 1, 64, 64]");
    }

    @Test
    void aWindowOfTheWrongShapeIsRefused() throws IOException {
        OnnxGraph g = new OnnxGraph();
        String x = g.input("x", OnnxGraph.FLOAT, 1, 5, 4, 4);
        g.output(g.planes(x, 0, 3), "coarse", OnnxGraph.FLOAT, 1, 3, 4, 4);
        g.output(g.planes(x, 0, 3), "refined", OnnxGraph.FLOAT, 1, 3, 4, 4);
        Path model = save(g, "tiny.onnx");
        assertThatThrownBy(() -> OnnxInpaintFill.load(NetContract.DEEPFILL, model))
                .hasMessageContaining("not an inpainting model unmark can run");
    }

    @ParameterizedTest
    @ValueSource(strings = {"garbage", "empty"})
    void aFileThatIsNoModelIsRefusedNamingIt(String kind) throws IOException {
        Path model = dir.resolve(kind + ".onnx");
        Files.write(model, kind.equals("empty") ? new byte[0] : "not a model at all".getBytes());
        assertThatThrownBy(() -> OnnxInpaintFill.load(NetContract.LAMA, model))
                .isInstanceOf(UnmarkException.class)
                .hasMessageStartingWith(model + ": not an ONNX model ONNX Runtime can load: ");
    }

    @Test
    void aMissingFileIsRefusedNamingIt() {
        Path model = dir.resolve("nowhere.onnx");
        assertThatThrownBy(() -> OnnxInpaintFill.load(NetContract.MIGAN, model))
                .isInstanceOf(UnmarkException.class)
                .hasMessage(model + ": no such model file");
    }

    @Test
    void seamMatchingOnTheHolesBoxGivesWhatTheWholeWindowGives() {
        int w = 200, h = 160;
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        float[] in = new float[w * h * 3];
        float[] out = new float[w * h * 3];
        for (int i = 0; i < in.length; i++) {
            in[i] = rnd.nextInt(256);
            out[i] = in[i] + 40 + rnd.nextInt(20);
        }
        byte[] holes = FillEngineContract.ring(w, h, 70, 60, 25, 7).data().clone();
        for (int y = 100; y < 112; y++) {
            for (int x = 120; x < 170; x++) {
                holes[y * w + x] = (byte) 255;
            }
        }
        float[] fast = out.clone();
        OnnxInpaintFill.matchSeam(fast, in, holes, w, h, 8);
        float[] slow = out.clone();
        wholeWindowSeam(slow, in, holes, w, h, 8);
        assertThat(fast).isNotEqualTo(out);
        for (int i = 0; i < fast.length; i++) {
            assertThat(fast[i]).as("sample %d", i).isCloseTo(slow[i], within(1e-3f));
        }
    }

    /** The seam matching written plainly over the whole window: the reference for the bounded version. */
    private static void wholeWindowSeam(float[] out, float[] in, byte[] holes, int w, int h, int feather) {
        int n = w * h;
        byte[] known = new byte[n];
        for (int p = 0; p < n; p++) {
            known[p] = holes[p] == 0 ? (byte) 255 : 0;
        }
        float[] depth = Rasters.distanceToClear(holes, w, h);
        float[] nearHole = Rasters.distanceToClear(known, w, h);
        float[] diff = new float[4 * n];
        for (int p = 0; p < n; p++) {
            if (holes[p] == 0 && nearHole[p] <= 2) {
                for (int c = 0; c < 3; c++) {
                    diff[p * 4 + c] = in[p * 3 + c] - out[p * 3 + c];
                }
                diff[p * 4 + 3] = 1f;
            }
        }
        float[] spread = Rasters.gaussianBlur(diff, 4, w, h, feather / 2.0);
        for (int p = 0; p < n; p++) {
            float weight = spread[p * 4 + 3];
            if (holes[p] != 0 && depth[p] <= feather && weight >= 1e-6f) {
                for (int c = 0; c < 3; c++) {
                    out[p * 3 + c] += (1f - (depth[p] - 1f) / feather) * spread[p * 4 + c] / weight;
                }
            }
        }
    }
}
