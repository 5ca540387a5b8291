package dev.unmark.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Rect;
import dev.unmark.internal.OnnxGraph;
import dev.unmark.internal.OnnxGraph.Attribute;
import dev.unmark.testing.MaskScore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detector's plumbing, with a stand-in network whose answer is known (a pixel is a mark where it is bright red):
 * reduction to the working size, padding, the way back to full resolution, grouping, the per-pixel matte, and the
 * model's failure paths. What the trained network finds is tested in {@code MarkNetTest}.
 */
class NetDetectorTest {

    @TempDir
    Path tmp;

    /** A stand-in with the shipped contract: logit = 60 (R/255 - 0.75), matte logits all 0 (opacity 0.5, grey). */
    static MarkNet redIsMark() {
        OnnxGraph g = new OnnxGraph();
        String x = g.input("image", OnnxGraph.FLOAT, 1, 3, "h", "w");
        String red = g.planes(x, 0, 1);
        String logit = g.node("Mul", g.node("Sub", red, g.scalar(0.25f)), g.scalar(60f));
        String zero = g.node("Mul", red, g.scalar(0f));
        String matte = g.node("Concat", List.of(zero, zero, zero, zero), List.of(Attribute.of("axis", 1L)));
        g.output(logit, "logit", OnnxGraph.FLOAT, 1, 1, "h", "w");
        g.output(matte, "matte", OnnxGraph.FLOAT, 1, 4, "h", "w");
        return MarkNet.create(g.toBytes(), "red-is-mark");
    }

    private static Image scene(int w, int h, Rect red) {
        Image img = Image.blank(w, h);
        float[] rgb = img.rgb();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                boolean in = red.contains(x, y);
                rgb[i] = in ? 250 : 90 + (x * 7 + y * 3) % 40;
                rgb[i + 1] = 80;
                rgb[i + 2] = 70;
            }
        }
        return img;
    }

    @Test
    void aLargePhotoSeenReducedGivesAFullResolutionMaskAlignedWithTheMark() {
        Rect truth = new Rect(1003, 707, 611, 293);
        Image img = scene(3001, 1799, truth);
        NetDetector d = new NetDetector(NetConfig.defaults(), NetDetectorTest::redIsMark);
        Detection found = d.detect(img);
        assertThat(found.regions()).hasSize(1);
        Region r = found.regions().get(0);
        // The network saw the photo at 1280 px (2.3x smaller): the way back is within a pixel or two.
        assertThat(Math.abs(r.box().x() - truth.x())).isLessThanOrEqualTo(2);
        assertThat(Math.abs(r.box().y() - truth.y())).isLessThanOrEqualTo(2);
        assertThat(Math.abs(r.box().width() - truth.width())).isLessThanOrEqualTo(3);
        assertThat(Math.abs(r.box().height() - truth.height())).isLessThanOrEqualTo(3);
        float[] coverage = new float[img.width() * img.height()];
        for (int y = truth.y(); y < truth.y() + truth.height(); y++) {
            for (int x = truth.x(); x < truth.x() + truth.width(); x++) {
                coverage[y * img.width() + x] = 1;
            }
        }
        assertThat(MaskScore.of(found.mask(), coverage).iou()).isGreaterThan(0.98);
        // The matte comes along: opacity 0.5 and colour 127.5 wherever the region is.
        assertThat(r.matte().box()).isEqualTo(r.box());
        int centre = (r.box().height() / 2) * r.box().width() + r.box().width() / 2;
        assertThat(r.matte().alpha()[centre]).isCloseTo(0.5f, within(1e-3f));
        assertThat(r.matte().layer().rgb()[centre * 3]).isCloseTo(127.5f, within(0.1f));
        assertThat(found.alpha()[(truth.y() + 100) * img.width() + truth.x() + 100]).isCloseTo(0.5f, within(1e-3f));
    }

    @Test
    void aSmallImageIsPaddedAndComesBackAtItsOwnSize() {
        Rect truth = new Rect(5, 9, 30, 11);
        Image img = scene(53, 37, truth); // neither side a multiple of 16
        Detection found = new NetDetector(NetConfig.defaults(), NetDetectorTest::redIsMark).detect(img);
        assertThat(found.mask().width()).isEqualTo(53);
        assertThat(found.mask().count()).isEqualTo(truth.area());
        assertThat(found.regions().get(0).box()).isEqualTo(truth);
    }

    @Test
    void marksFarApartAreRegionsOfTheirOwnAndSpeckIsDropped() {
        Image img = scene(800, 600, new Rect(40, 40, 200, 60));
        float[] rgb = img.rgb();
        for (int y = 400; y < 460; y++) {
            for (int x = 500; x < 700; x++) {
                rgb[(y * 800 + x) * 3] = 250;
            }
        }
        rgb[(300 * 800 + 300) * 3] = 250; // one stray pixel: below the least region size
        Detection found = new NetDetector(NetConfig.defaults(), NetDetectorTest::redIsMark).detect(img);
        assertThat(found.regions()).hasSize(2);
        assertThat(found.regions()).allSatisfy(r -> assertThat(r.kind()).isEqualTo(NetDetector.KIND));
        assertThat(found.mask().isSet(300, 300)).isFalse();
    }

    @Test
    void aRegionTheNetworkIsUnsureOfIsDropped() {
        Image img = scene(400, 300, new Rect(30, 30, 120, 50));
        float[] rgb = img.rgb();
        for (int y = 200; y < 250; y++) {
            for (int x = 220; x < 340; x++) {
                rgb[(y * 400 + x) * 3] = 195; // the stand-in's probability: about 0.7
            }
        }
        NetConfig d = NetConfig.defaults();
        NetConfig lenient = new NetConfig(d.maxSide(), d.threshold(), d.groupRadius(), d.minArea(), d.minPixels(), 0.5);
        Detection strict = new NetDetector(d, NetDetectorTest::redIsMark).detect(img);
        Detection all = new NetDetector(lenient, NetDetectorTest::redIsMark).detect(img);
        assertThat(all.regions()).hasSize(2);
        assertThat(strict.regions()).singleElement().satisfies(r -> assertThat(r.box()).isEqualTo(new Rect(30, 30, 120, 50)));
        assertThat(strict.mask().isSet(280, 225)).isFalse();
    }

    @Test
    void aCleanImageGivesNoRegion() {
        Image img = scene(640, 480, new Rect(0, 0, 0, 0));
        assertThat(new NetDetector(NetConfig.defaults(), NetDetectorTest::redIsMark).detect(img).isEmpty()).isTrue();
    }

    @Test
    void aMissingModelIsAClearError() {
        assertThatThrownBy(() -> MarkNet.load("dev/unmark/detect/no-such-model.onnx"))
                .isInstanceOf(UnmarkException.class)
                .hasMessageContaining("no-such-model.onnx")
                .hasMessageContaining("not on the classpath");
    }

    @Test
    void aFileThatIsNotAModelIsAClearError() throws Exception {
        Path junk = tmp.resolve("junk.onnx");
        Files.write(junk, new byte[] {1, 2, 3, 4, 5});
        assertThatThrownBy(() -> MarkNet.loadFile(junk))
                .isInstanceOf(UnmarkException.class)
                .hasMessageContaining("junk.onnx")
                .hasMessageContaining("cannot load");
        assertThatThrownBy(() -> MarkNet.loadFile(tmp.resolve("absent.onnx")))
                .isInstanceOf(UnmarkException.class)
                .hasMessageContaining("cannot read");
    }

    @Test
    void aModelWithAnotherContractIsRefusedByName() {
        OnnxGraph g = new OnnxGraph();
        String x = g.input("x", OnnxGraph.FLOAT, 1, 3, "h", "w");
        g.output(g.node("Identity", x), "y", OnnxGraph.FLOAT, 1, 3, "h", "w");
        assertThatThrownBy(() -> MarkNet.create(g.toBytes(), "other.onnx"))
                .isInstanceOf(UnmarkException.class)
                .hasMessageContaining("other.onnx")
                .hasMessageContaining("expected image -> logit, matte");
    }
}
