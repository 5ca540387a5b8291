package dev.unmark.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.image.Image;
import dev.unmark.image.Rect;
import dev.unmark.testing.MaskScore;
import dev.unmark.testing.Scenes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContourDetectorTest {

    private static final int W = 480;
    private static final int H = 320;

    private final ContourDetector detector = new ContourDetector();

    private static float[] text(int w, int h) {
        return Scenes.textCoverage(w, h, "\u00a9 unmark 2024", 52f, 30, 190);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void findsWhiteSemiTransparentText(long seed) {
        float[] cov = text(W, H);
        Image marked = Scenes.blend(Scenes.photo(W, H, seed), cov, 0.5, 255, 255, 255);
        Detection d = detector.detect(marked);
        MaskScore s = MaskScore.of(d.mask(), cov);
        assertThat(s.recall()).isGreaterThan(0.9);
        assertThat(s.precision()).isGreaterThan(0.7);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void findsDarkSemiTransparentText(long seed) {
        float[] cov = text(W, H);
        Image marked = Scenes.blend(Scenes.photo(W, H, seed), cov, 0.5, 0, 0, 0);
        Detection d = detector.detect(marked);
        MaskScore s = MaskScore.of(d.mask(), cov);
        assertThat(s.recall()).isGreaterThan(0.9);
        assertThat(s.precision()).isGreaterThan(0.7);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void cleanPhotoGivesAlmostNothing(long seed) {
        Detection d = detector.detect(Scenes.photo(W, H, seed));
        assertThat(d.mask().count()).isLessThan((long) (0.002 * W * H));
    }

    /**
     * Rectangles, ellipses and coloured rings with hard edges. Narrow neutral gaps between dark objects still
     * look like bright strokes (seed 1 gives about 0.6%, see docs/detectors.md), so each seed may reach 1% while
     * the mean over seeds must stay below 0.2%.
     */
    @Test
    void strongSceneEdgesGiveAlmostNothing() {
        double sum = 0;
        int seeds = 8;
        for (long seed = 1; seed <= seeds; seed++) {
            Detection d = detector.detect(Scenes.withEdges(W, H, seed));
            double share = d.mask().count() / (double) (W * H);
            assertThat(share).as("seed %d", seed).isLessThan(0.01);
            sum += share;
        }
        assertThat(sum / seeds).isLessThan(0.002);
    }

    @Test
    void colouredMarkIsNotANeutralOverlay() {
        float[] cov = text(W, H);
        Image marked = Scenes.blend(Scenes.photo(W, H, 1), cov, 0.6, 230, 20, 20);
        Detection d = detector.detect(marked);
        assertThat(MaskScore.of(d.mask(), cov).recall()).isLessThan(0.2);
    }

    @Test
    void regionsDescribeTheMask() {
        float[] cov = text(W, H);
        Detection d = detector.detect(Scenes.blend(Scenes.photo(W, H, 2), cov, 0.5, 255, 255, 255));
        assertThat(d.isEmpty()).isFalse();
        // Letters join into words; the word gaps of this 52 px line are wider than the group radius.
        assertThat(d.regions()).hasSizeBetween(1, 3);
        Rect text = Scenes.maskWhere(cov, W, H, 0f).setBounds();
        long sum = 0;
        for (Region r : d.regions()) {
            assertThat(r.kind()).isEqualTo("overlay");
            assertThat(r.confidence()).isBetween(0.5, 1.0);
            assertThat(d.mask().crop(r.box()).count()).isEqualTo(r.pixels());
            assertThat(text.expand(2).intersect(r.box())).isEqualTo(r.box());
            sum += r.pixels();
        }
        assertThat(sum).isEqualTo(d.mask().count());
    }

    /** Above the working size the component analysis runs on a reduced copy and is refined at full size. */
    @Test
    void largeImageIsAnalysedReducedButMaskedAtFullSize() {
        int w = 1600, h = 1200;
        float[] cov = Scenes.textCoverage(w, h, "\u00a9 unmark", 150f, 100, 700);
        Image marked = Scenes.blend(Scenes.photo(w, h, 4), cov, 0.5, 255, 255, 255);
        MaskScore s = MaskScore.of(detector.detect(marked).mask(), cov);
        assertThat(s.recall()).isGreaterThan(0.9);
        assertThat(s.precision()).isGreaterThan(0.7);
    }

    @Test
    void sameInputGivesSameDetection() {
        Image marked = Scenes.blend(Scenes.photo(W, H, 3), text(W, H), 0.4, 255, 255, 255);
        assertThat(detector.detect(marked).mask().sameContent(detector.detect(marked).mask())).isTrue();
    }

    @Test
    void registeredAsContoursButNotPartOfAuto() {
        assertThat(Detectors.create("CONTOURS")).isInstanceOf(ContourDetector.class);
        assertThat(Detectors.create("contours").name()).isEqualTo("contours");
        // auto leaves it out: it flags texture on clean photos (docs/BENCHMARKS.md)
        assertThat(((CombinedDetector) Detectors.create("auto")).members())
                .noneMatch(d -> d instanceof ContourDetector);
    }

    @Test
    void configRejectsOutOfRangeValues() {
        ContourConfig d = ContourConfig.defaults();
        assertThatThrownBy(() -> new ContourConfig(64, d.strokeWidth(), d.smallestDisc(), d.minContrast(),
                d.noiseFactor(), d.closeRadius(), d.minArea(), d.maxAreaFraction(), d.splitFactor(), d.broadFactor(),
                d.minElongation(), d.groupRadius(), d.chromaTolerance(), d.maxOpacity(), d.opacityTolerance(),
                d.pixelOpacityTolerance(), d.minPolarityShare(), d.minNeutralFraction(), d.dilateRadius()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workingSize");
        assertThatThrownBy(() -> new ContourConfig(d.workingSize(), d.strokeWidth(), d.smallestDisc(), Double.NaN,
                d.noiseFactor(), d.closeRadius(), d.minArea(), d.maxAreaFraction(), d.splitFactor(), d.broadFactor(),
                d.minElongation(), d.groupRadius(), d.chromaTolerance(), d.maxOpacity(), d.opacityTolerance(),
                d.pixelOpacityTolerance(), d.minPolarityShare(), d.minNeutralFraction(), d.dilateRadius()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minContrast");
    }
}
