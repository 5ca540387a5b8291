package dev.unmark.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.ImageFormat;
import dev.unmark.io.ImageMetadata;
import dev.unmark.io.ReadOptions;
import dev.unmark.io.WriteOptions;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import dev.unmark.testing.MaskScore;
import dev.unmark.testing.Scenes;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextDetectorTest {

    private static final int W = 640;
    private static final int H = 480;
    private static final String TEXT = "\u00a9 Sample Photo 2026";

    private static TextDetector detector;

    @BeforeAll
    static void loadModelOnce() {
        detector = new TextDetector();
        // Loads the shared model once for the class; later detections reuse it.
        detector.detect(Scenes.gradient(64, 64));
    }

    /** Coverage of bold sans-serif text of {@code size} px, baseline at (x, y), rotated by {@code degrees} about it. */
    private static float[] text(int w, int h, float size, int x, int y, double degrees) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = bi.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 1).deriveFont(size));
        g.rotate(Math.toRadians(degrees), x, y);
        g.drawString(TEXT, x, y);
        g.dispose();
        int[] px = bi.getRaster().getPixels(0, 0, w, h, (int[]) null);
        float[] cov = new float[w * h];
        for (int i = 0; i < cov.length; i++) {
            cov[i] = px[i] / 255f;
        }
        return cov;
    }

    /** Bounding box of the pixels with coverage above 0.3. */
    private static Rect truthBox(float[] cov, int w, int h) {
        int minX = w, minY = h, maxX = -1, maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (cov[y * w + x] > 0.3f) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    /** Share of the truth box's area inside the union of the regions' boxes. */
    private static double boxCover(Detection d, Rect truth) {
        long in = 0;
        for (int y = truth.y(); y < truth.y() + truth.height(); y++) {
            for (int x = truth.x(); x < truth.x() + truth.width(); x++) {
                for (Region r : d.regions()) {
                    Rect b = r.box();
                    if (x >= b.x() && x < b.x() + b.width() && y >= b.y() && y < b.y() + b.height()) {
                        in++;
                        break;
                    }
                }
            }
        }
        return in / (double) ((long) truth.width() * truth.height());
    }

    private static void assertFound(Detection d, float[] cov, int w, int h) {
        assertThat(d.regions()).isNotEmpty();
        assertThat(d.regions()).allSatisfy(r -> {
            assertThat(r.kind()).isEqualTo("text");
            assertThat(r.confidence()).isBetween(0.0, 1.0);
            assertThat(r.pixels()).isPositive();
        });
        assertThat(boxCover(d, truthBox(cov, w, h))).isGreaterThan(0.95);
    }

    /** The line is found, and its strokes with recall above 0.7 and precision above 0.6. */
    private static void assertStrokesFound(Detection d, float[] cov) {
        assertFound(d, cov, W, H);
        MaskScore s = MaskScore.of(d.mask(), cov);
        assertThat(s.recall()).as("recall").isGreaterThan(0.7);
        assertThat(s.precision()).as("precision").isGreaterThan(0.6);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void findsWhiteSemiTransparentTextLine(long seed) {
        float[] cov = text(W, H, 40f, 60, 260, 0);
        Detection d = detector.detect(Scenes.blend(Scenes.photo(W, H, seed), cov, 0.5, 255, 255, 255));
        assertFound(d, cov, W, H);
        MaskScore s = MaskScore.of(d.mask(), cov);
        assertThat(s.recall()).isGreaterThan(0.8);
        assertThat(s.precision()).isGreaterThan(0.6);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void findsDarkSemiTransparentTextLine(long seed) {
        float[] cov = text(W, H, 40f, 60, 260, 0);
        Detection d = detector.detect(Scenes.blend(Scenes.photo(W, H, seed), cov, 0.5, 0, 0, 0));
        assertFound(d, cov, W, H);
        MaskScore s = MaskScore.of(d.mask(), cov);
        assertThat(s.recall()).isGreaterThan(0.8);
        assertThat(s.precision()).isGreaterThan(0.6);
    }

    /** Foliage-like green texture whose luma stays near 112 (the red mark below has the same luma). */
    private static Image greenField(int w, int h, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        float[] rgb = new float[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double shade = 12 * Math.sin(x / 37.0) * Math.cos(y / 29.0) + rnd.nextInt(-6, 7);
                int i = (y * w + x) * 3;
                rgb[i] = (float) (60 + 0.5 * shade);
                rgb[i + 1] = (float) (150 + shade);
                rgb[i + 2] = (float) (60 + 0.5 * shade);
            }
        }
        return Image.wrap(w, h, rgb, null);
    }

    @Test
    void findsRedTextThatLumaCannotSeeOnGreen() {
        // Red (255, 60, 49) has the green field's luma: blended at 0.6 the line is invisible in grey levels, and only
        // the colour try (strokes on the line's colour-contrast channel) separates it.
        float[] cov = text(W, H, 40f, 60, 260, 0);
        Detection d = detector.detect(Scenes.blend(greenField(W, H, 7), cov, 0.6, 255, 60, 49));
        assertStrokesFound(d, cov);
        assertThat(d.regions().get(0).overlay().r()).as("fitted colour").isGreaterThan(200);
    }

    @Test
    void findsWhiteTextOnADarkBandInABrightPhoto() {
        // The line sits on a dark stripe of a bright scene: most of its box is darker than the ring around it, so
        // the polarity vote says "dark text" and that try finds nothing; the other polarity's try does.
        float[] cov = text(W, H, 40f, 60, 260, 0);
        Image photo = Scenes.photo(W, H, 3);
        float[] rgb = photo.rgb();
        for (int y = 0; y < H; y++) {
            boolean band = y >= 222 && y < 272;
            for (int x = 0; x < W; x++) {
                for (int k = 0; k < 3; k++) {
                    int i = (y * W + x) * 3 + k;
                    rgb[i] = band ? 0.25f * rgb[i] : 95 + 0.6f * rgb[i];
                }
            }
        }
        Detection d = detector.detect(Scenes.blend(photo, cov, 0.5, 255, 255, 255));
        assertStrokesFound(d, cov);
    }

    /** Grass-like texture: thin random blades, light on a mid-green, every few pixels. */
    private static Image grass(int w, int h, long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        float[] rgb = new float[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            rgb[i * 3] = 70;
            rgb[i * 3 + 1] = 110;
            rgb[i * 3 + 2] = 40;
        }
        for (int b = 0; b < w * h / 10; b++) {
            int x = rnd.nextInt(w), y = rnd.nextInt(h), len = rnd.nextInt(4, 12);
            float lift = (float) rnd.nextDouble(30, 90);
            for (int k = 0; k < len && y - k >= 0; k++) {
                int i = ((y - k) * w + Math.min(w - 1, x + k / 4)) * 3;
                rgb[i] = Math.min(255, rgb[i] + lift);
                rgb[i + 1] = Math.min(255, rgb[i + 1] + lift);
                rgb[i + 2] = Math.min(255, rgb[i + 2] + lift * 0.6f);
            }
        }
        return Image.wrap(w, h, rgb, null);
    }

    @Test
    void whiteTextAtThreeQuartersOverGrassIsNotTakenForOpaque() {
        // Over bright blades the opening that estimates the background sits below it, which reads as extra
        // opacity (0.82 here): the opacity gate measures it against a background shifted by its offset on the
        // ring. Without that the line was dropped as too opaque and the other polarity took the grass's gaps.
        float[] cov = text(W, H, 40f, 60, 260, 0);
        Detection d = detector.detect(Scenes.blend(grass(W, H, 11), cov, 0.75, 255, 255, 255));
        assertStrokesFound(d, cov);
        assertThat(d.regions().get(0).overlay().r()).as("fitted colour").isGreaterThan(200);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void cleanSceneGivesNothing(long seed) {
        Detection d = detector.detect(Scenes.photo(W, H, seed));
        assertThat(d.regions()).isEmpty();
        assertThat(d.mask().isEmpty()).isTrue();
    }

    @Test
    void findsRotatedLine() {
        float[] cov = text(W, H, 40f, 110, 330, -20);
        Detection d = detector.detect(Scenes.blend(Scenes.photo(W, H, 4), cov, 0.5, 255, 255, 255));
        assertThat(d.regions()).isNotEmpty();
        MaskScore s = MaskScore.of(d.mask(), cov);
        assertThat(s.recall()).isGreaterThan(0.8);
        assertThat(s.precision()).isGreaterThan(0.6);
    }

    @Test
    void aLineStrokedOnAReducedCopyFindsTheSameStrokes() {
        // Lines taller than the detector's limit (640 px; 30 here) are stroked at half or a quarter of the size and
        // grown back: the strokes found must still match the text.
        float[] cov = text(W, H, 40f, 60, 260, 0);
        Image photo = Scenes.blend(Scenes.photo(W, H, 2), cov, 0.5, 255, 255, 255);
        Detection reduced = new TextDetector(TextConfig.defaults(), DbNet.MODEL, 30).detect(photo);
        assertStrokesFound(reduced, cov);
        Detection full = detector.detect(photo);
        float[] fullCoverage = new float[W * H];
        for (int i = 0; i < fullCoverage.length; i++) {
            fullCoverage[i] = full.mask().data()[i] != 0 ? 1 : 0;
        }
        assertThat(MaskScore.of(reduced.mask(), fullCoverage).iou()).as("IoU with the full-resolution strokes")
                .isGreaterThan(0.7);
    }

    @Test
    void findsSmallTextInLargeImage() {
        int w = 4000, h = 3000;
        float[] cov = text(w, h, 48f, 2900, 2850, 0);
        Detection d = detector.detect(Scenes.blend(Scenes.photo(w, h, 5), cov, 0.5, 255, 255, 255));
        assertThat(d.mask().width()).isEqualTo(w);
        assertFound(d, cov, w, h);
        assertThat(MaskScore.of(d.mask(), cov).recall()).isGreaterThan(0.8);
    }

    /**
     * Scene text: opaque paint whose hue runs along the line and whose fill is textured (stripes), as on a sign;
     * no single overlay colour with an opacity below 1 explains it.
     */
    private static Image sceneText(Image clean, float[] cov, int w) {
        Image out = clean.copy();
        float[] rgb = out.rgb();
        for (int i = 0; i < cov.length; i++) {
            int x = i % w, y = i / w;
            double hue = 2 * Math.PI * x / 300.0;
            double shade = 0.75 + 0.25 * Math.sin(2 * Math.PI * (x + y) / 9.0);
            float[] paint = {
                (float) (shade * (0.5 + 0.5 * Math.cos(hue)) * 255),
                (float) (shade * (0.5 + 0.5 * Math.cos(hue - 2.1)) * 255),
                (float) (shade * (0.5 + 0.5 * Math.cos(hue + 2.1)) * 255)};
            for (int c = 0; c < 3; c++) {
                rgb[i * 3 + c] = (1 - cov[i]) * rgb[i * 3 + c] + cov[i] * paint[c];
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void sceneTextIsNotReportedButTheWatermarkIs(long seed) {
        float[] sign = text(W, H, 40f, 60, 120, 0);
        float[] mark = text(W, H, 40f, 60, 360, 0);
        Image img = Scenes.blend(sceneText(Scenes.photo(W, H, seed), sign, W), mark, 0.5, 255, 255, 255);
        Detection d = detector.detect(img);
        assertFound(d, mark, W, H);
        Rect signBox = truthBox(sign, W, H);
        assertThat(d.regions()).noneSatisfy(r -> assertThat(overlaps(r.box(), signBox)).isTrue());
        long onSign = 0;
        for (int i = 0; i < sign.length; i++) {
            if (sign[i] > 0.3f && d.mask().data()[i] != 0) {
                onSign++;
            }
        }
        assertThat(onSign).isZero();
    }

    @Test
    void withoutTheConfidenceFloorSceneTextIsFound() {
        // The model does see the sign: it is the overlay fit that drops it.
        TextConfig d = TextConfig.defaults();
        TextDetector all = new TextDetector(new TextConfig(d.limitSide(), d.fineSide(), d.tileOverlap(),
                d.binaryThreshold(), d.boxThreshold(), d.unclipRatio(), d.endExtension(), d.minSize(), d.minContrast(),
                d.edgeFraction(), d.maxFill(), d.outlines(), 0, 1, 0, d.dilateRadius()));
        float[] sign = text(W, H, 40f, 60, 120, 0);
        Detection found = all.detect(sceneText(Scenes.photo(W, H, 1), sign, W));
        Rect signBox = truthBox(sign, W, H);
        assertThat(found.regions()).anySatisfy(r -> assertThat(overlaps(r.box(), signBox)).isTrue());
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void overlayFitSurvivesJpegQuality90(long seed, @TempDir Path dir) {
        // The overlay fit must not mistake JPEG's block noise and chroma smearing for a misfit.
        float[] cov = text(W, H, 40f, 60, 260, 0);
        Path file = dir.resolve("mark.jpg");
        ImageFiles.write(file, Scenes.blend(Scenes.photo(W, H, seed), cov, 0.4, 255, 255, 255),
                new WriteOptions(ImageFormat.JPEG, 90, ImageMetadata.none(), 8));
        Detection d = detector.detect(ImageFiles.read(file, ReadOptions.defaults()).image());
        assertFound(d, cov, W, H);
        MaskScore s = MaskScore.of(d.mask(), cov);
        assertThat(s.recall()).isGreaterThan(0.7);
        assertThat(s.precision()).isGreaterThan(0.6);
    }

    @Test
    void alphaMapEstimatesTheOverlayOpacity() {
        float[] cov = text(W, H, 40f, 60, 260, 0);
        Detection d = detector.detect(Scenes.blend(Scenes.photo(W, H, 2), cov, 0.5, 255, 255, 255));
        assertThat(d.alpha()).isNotNull().hasSize(W * H);
        double sum = 0;
        int count = 0;
        for (int i = 0; i < cov.length; i++) {
            assertThat(d.alpha()[i]).isBetween(0f, 1f);
            if (cov[i] > 0.95f && d.mask().data()[i] != 0) {
                sum += d.alpha()[i];
                count++;
            }
            if (d.mask().data()[i] == 0) {
                assertThat(d.alpha()[i]).isZero();
            }
        }
        assertThat(count).isPositive();
        assertThat(sum / count).isBetween(0.3, 0.8);
    }

    @Test
    void missingModelGivesAClearError() {
        TextDetector broken = new TextDetector(TextConfig.defaults(), "models/no-such-model.onnx");
        assertThatThrownBy(() -> broken.detect(Scenes.gradient(64, 64)))
                .isInstanceOf(UnmarkException.class)
                .hasMessageContaining("models/no-such-model.onnx")
                .hasMessageContaining("not on the classpath");
    }

    @Test
    void detectionKeepsTheTwoArgumentConstructor() {
        Detection d = new Detection(Mask.empty(4, 3), java.util.List.of());
        assertThat(d.alpha()).isNull();
        assertThatThrownBy(() -> new Detection(Mask.empty(4, 3), java.util.List.of(), new float[5]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean overlaps(Rect a, Rect b) {
        return a.x() < b.x() + b.width() && b.x() < a.x() + a.width() && a.y() < b.y() + b.height()
                && b.y() < a.y() + a.height();
    }

    @Test
    void isRegisteredAsText() {
        assertThat(Detectors.create("text")).isInstanceOf(TextDetector.class);
        assertThat(Detectors.names()).contains("text");
    }

    @Test
    void tilesCoverTheLengthWithOverlap() {
        assertThat(TextDetector.tileStarts(500, 960, 128)).containsExactly(0);
        int[] s = TextDetector.tileStarts(1920, 960, 128);
        assertThat(s[0]).isZero();
        assertThat(s[s.length - 1] + 960).isEqualTo(1920);
        for (int i = 1; i < s.length; i++) {
            assertThat(s[i - 1] + 960 - s[i]).isGreaterThanOrEqualTo(128);
        }
    }

    @Test
    void otsuSplitsTwoModes() {
        long[] hist = new long[256];
        hist[10] = 100;
        hist[200] = 50;
        int t = TextDetector.otsu(hist);
        assertThat(t).isBetween(10, 199);
    }

    @Test
    void configRejectsOutOfRangeValues() {
        TextConfig d = TextConfig.defaults();
        assertThatThrownBy(() -> new TextConfig(10, 0, 0, d.binaryThreshold(), d.boxThreshold(), d.unclipRatio(),
                d.endExtension(), d.minSize(), d.minContrast(), d.edgeFraction(), d.maxFill(), d.outlines(), d.minConfidence(), d.maxOpacity(), d.alphaFloor(), d.dilateRadius()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limitSide");
        assertThatThrownBy(() -> new TextConfig(d.limitSide(), 500, d.tileOverlap(), d.binaryThreshold(),
                d.boxThreshold(), d.unclipRatio(), d.endExtension(), d.minSize(), d.minContrast(), d.edgeFraction(), d.maxFill(), d.outlines(),
                d.minConfidence(), d.maxOpacity(), d.alphaFloor(), d.dilateRadius()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fineSide");
        assertThatThrownBy(() -> new TextConfig(d.limitSide(), d.fineSide(), d.tileOverlap(), Double.NaN,
                d.boxThreshold(), d.unclipRatio(), d.endExtension(), d.minSize(), d.minContrast(), d.edgeFraction(), d.maxFill(), d.outlines(),
                d.minConfidence(), d.maxOpacity(), d.alphaFloor(), d.dilateRadius()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("binaryThreshold");
    }
}
