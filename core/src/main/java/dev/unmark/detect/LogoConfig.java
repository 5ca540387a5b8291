package dev.unmark.detect;

/**
 * Parameters of {@link LogoDetector}. "Working pixels" are pixels of the reduced copy the search runs on (long side
 * at most {@link #workingSize}); "levels" are 0-255 colour levels.
 *
 * @param workingSize    long side of the reduced copy (area interpolation); smaller images are used as they are.
 *                       Range 128-2048, start at 512.
 * @param minStep        least colour step (Euclidean, levels, between the 2 px samples either side) for an edge to
 *                       vote: above JPEG noise and faint texture. Range 4-128, start at 30 (also sets Canny's
 *                       thresholds, 1.5 and 3 times it).
 * @param minAlpha       least opacity an edge may imply; fainter marks are not searched. Range 0.05-0.9, start at
 *                       0.2.
 * @param maxAlpha       most opacity an accepted mark may have: a nearly opaque "overlay" is scene content (a sign,
 *                       a painted object) whose colour merely sits on the line towards its surroundings. Range
 *                       0.3-1, start at 0.9.
 * @param alphaWindow    width of the opacity bands candidates are grouped in: the edges of one mark share one
 *                       opacity. Range 0.02-0.5, start at 0.12.
 * @param hypotheses     most overlay colours W tried per image besides white and black (peaks of the edge vote).
 *                       Range 1-8, start at 4.
 * @param minPurity      least share of a candidate's outline steps whose inside faces the centre of its hull: a
 *                       mark is brighter (or tinted) inside all round, texture either way. Range 0-1, start at 0.8.
 * @param minConfidence  least confidence (inward share x rim cover x inside-follows-outside score x colour
 *                       correlation, see {@link LogoDetector}) for a candidate to count. Range 0-1, start at 0.85:
 *                       on the dev bench 0.45 found about twice as much of the marks (F1 0.08 / 0.19 on logo-hd /
 *                       clwd256) but marked 7 of 10 clean photos; 0.75 marked 3.
 * @param minArea        least candidate hull area, as a fraction of the working image. Range 0-0.5, start at 0.002.
 * @param maxArea        most candidate hull area, as a fraction of the working image. Range 0.01-1, start at 0.35.
 * @param dilateRadius   growth of the final mask, in image pixels, to cover antialiased edges. Range 0-10, start at
 *                       1.
 */
public record LogoConfig(int workingSize, double minStep, double minAlpha, double maxAlpha, double alphaWindow,
        int hypotheses, double minPurity, double minConfidence, double minArea, double maxArea, int dilateRadius) {

    public LogoConfig {
        check("workingSize", workingSize, 128, 2048);
        check("minStep", minStep, 4, 128);
        check("minAlpha", minAlpha, 0.05, 0.9);
        check("maxAlpha", maxAlpha, 0.3, 1);
        check("alphaWindow", alphaWindow, 0.02, 0.5);
        check("hypotheses", hypotheses, 1, 8);
        check("minPurity", minPurity, 0, 1);
        check("minConfidence", minConfidence, 0, 1);
        check("minArea", minArea, 0, 0.5);
        check("maxArea", maxArea, 0.01, 1);
        check("dilateRadius", dilateRadius, 0, 10);
        if (minAlpha >= maxAlpha) {
            throw new IllegalArgumentException("minAlpha must be below maxAlpha");
        }
    }

    /** The starting values given in the field docs. */
    public static LogoConfig defaults() {
        return new LogoConfig(512, 30, 0.2, 0.9, 0.12, 4, 0.8, 0.85, 0.002, 0.35, 1);
    }

    private static void check(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
        }
    }
}
