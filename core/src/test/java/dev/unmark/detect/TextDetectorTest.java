package dev.unmark.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import dev.unmark.testing.Scenes;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
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

    /** Recall on pixels with coverage above 0.3; precision: share of found pixels with any coverage. */
    record Score(double recall, double precision) {
        static Score of(Mask found, float[] coverage) {
            long truth = 0, hit = 0, foundCount = 0, foundOnMark = 0;
            byte[] d = found.data();
            for (int i = 0; i < coverage.length; i++) {
                boolean t = coverage[i] > 0.3f, f = d[i] != 0;
                if (t) truth++;
                if (t && f) hit++;
                if (f) foundCount++;
                if (f && coverage[i] > 0) foundOnMark++;
            }
            return new Score(hit / (double) truth, foundOnMark / (double) Math.max(1, foundCount));
        }
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

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void findsWhiteSemiTransparentTextLine(long seed) {
        float[] cov = text(W, H, 40f, 60, 260, 0);
        Detection d = detector.detect(Scenes.blend(Scenes.photo(W, H, seed), cov, 0.5, 255, 255, 255));
        assertFound(d, cov, W, H);
        Score s = Score.of(d.mask(), cov);
        assertThat(s.recall()).isGreaterThan(0.8);
        assertThat(s.precision()).isGreaterThan(0.6);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void findsDarkSemiTransparentTextLine(long seed) {
        float[] cov = text(W, H, 40f, 60, 260, 0);
        Detection d = detector.detect(Scenes.blend(Scenes.photo(W, H, seed), cov, 0.5, 0, 0, 0));
        assertFound(d, cov, W, H);
        Score s = Score.of(d.mask(), cov);
        assertThat(s.recall()).isGreaterThan(0.8);
        assertThat(s.precision()).isGreaterThan(0.6);
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
        Score s = Score.of(d.mask(), cov);
        assertThat(s.recall()).isGreaterThan(0.8);
        assertThat(s.precision()).isGreaterThan(0.6);
    }

    @Test
    void findsSmallTextInLargeImage() {
        int w = 4000, h = 3000;
        float[] cov = text(w, h, 48f, 2900, 2850, 0);
        Detection d = detector.detect(Scenes.blend(Scenes.photo(w, h, 5), cov, 0.5, 255, 255, 255));
        assertThat(d.mask().width()).isEqualTo(w);
        assertFound(d, cov, w, h);
        assertThat(Score.of(d.mask(), cov).recall()).isGreaterThan(0.8);
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
