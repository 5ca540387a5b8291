package dev.unmark.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.image.Image;
import dev.unmark.testing.MaskScore;
import dev.unmark.testing.Scenes;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TiledDetectorTest {

    private static final int W = 640;
    private static final int H = 480;
    // A staggered grid rotated by -30 degrees: rows 150 px apart along the text, 90 px across, half-step shift.
    private static final double ANGLE = -30;
    private static final double T1X = 150 * Math.cos(Math.toRadians(ANGLE));
    private static final double T1Y = 150 * Math.sin(Math.toRadians(ANGLE));
    private static final double T2X = 75 * Math.cos(Math.toRadians(ANGLE)) - 90 * Math.sin(Math.toRadians(ANGLE));
    private static final double T2Y = 75 * Math.sin(Math.toRadians(ANGLE)) + 90 * Math.cos(Math.toRadians(ANGLE));

    private final TiledDetector detector = new TiledDetector();

    private static float[] grid() {
        return Scenes.tiledTextCoverage(W, H, "STOCK", 30f, ANGLE, T1X, T1Y, T2X, T2Y);
    }

    /** True if {@code (x, y)} is within {@code tol} of a lattice point {@code i t1 + j t2} (small i, j). */
    private static boolean onTrueLattice(double x, double y, double tol) {
        for (int i = -3; i <= 3; i++) {
            for (int j = -3; j <= 3; j++) {
                if ((i != 0 || j != 0) && Math.hypot(x - i * T1X - j * T2X, y - i * T1Y - j * T2Y) <= tol) {
                    return true;
                }
            }
        }
        return false;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void findsTheLatticeAndEveryCopy(long seed) {
        float[] cov = grid();
        Image marked = Scenes.blend(Scenes.photo(W, H, seed), cov, 0.35, 255, 255, 255);

        Optional<TiledDetector.Lattice> lat = detector.findLattice(marked);
        assertThat(lat).isPresent();
        TiledDetector.Lattice l = lat.get();
        // Same lattice: both found vectors are true lattice vectors and the cell has the true area.
        assertThat(onTrueLattice(l.t1x(), l.t1y(), 2)).as("t1 %s", l).isTrue();
        assertThat(onTrueLattice(l.t2x(), l.t2y(), 2)).as("t2 %s", l).isTrue();
        assertThat(l.area()).isCloseTo(Math.abs(T1X * T2Y - T1Y * T2X), org.assertj.core.data.Percentage.withPercentage(3));

        Detection d = detector.detect(marked);
        assertThat(d.regions()).hasSize(1);
        assertThat(d.regions().get(0).kind()).isEqualTo("tiled");
        MaskScore s = MaskScore.of(d.mask(), cov);
        assertThat(s.recall()).as("recall").isGreaterThan(0.8);
        assertThat(s.precision()).as("precision").isGreaterThan(0.6);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void findsADarkGridOnAPhotoWithEdges(long seed) {
        float[] cov = grid();
        Image marked = Scenes.blend(Scenes.withEdges(W, H, seed), cov, 0.4, 0, 0, 0);
        Detection d = detector.detect(marked);
        assertThat(d.regions()).hasSize(1);
        MaskScore s = MaskScore.of(d.mask(), cov);
        assertThat(s.recall()).as("recall").isGreaterThan(0.8);
        assertThat(s.precision()).as("precision").isGreaterThan(0.6);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void findsNothingOnACleanPhoto(long seed) {
        assertThat(detector.detect(Scenes.photo(W, H, seed)).isEmpty()).isTrue();
        assertThat(detector.detect(Scenes.withEdges(W, H, seed)).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aSingleMarkIsNotTiled(long seed) {
        float[] cov = Scenes.textCoverage(W, H, "\u00a9 unmark 2024", 52f, 60, 260);
        Image marked = Scenes.blend(Scenes.photo(W, H, seed), cov, 0.5, 255, 255, 255);
        assertThat(detector.detect(marked).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void aBrickWallIsNotAWatermark(long seed) {
        // Over half the frame the lattice is found, but the tile explains only the wall's blocks (coverage).
        Image wall = Scenes.bricks(W, H, seed, H / 2, 64, 24);
        assertThat(detector.detect(wall).isEmpty()).isTrue();
        Image fullWall = Scenes.bricks(W, H, seed, 0, 64, 24);
        assertThat(detector.detect(fullWall).isEmpty()).isTrue();
    }
}
