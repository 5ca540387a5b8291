package dev.unmark.detect;

/**
 * Parameters of {@link TiledDetector}. "Working pixels" are pixels of the reduced copy in which the lattice is
 * searched (long side {@link #workingSize}); "image pixels" are pixels of the input.
 *
 * @param workingSize    long side, in pixels, of the reduced copy whose autocorrelation is computed; larger finds
 *                       smaller marks but costs an FFT of about twice this size. Range 128-4096, start at 768.
 *                       Images no larger are analysed at full size.
 * @param highPassSigma  sigma, in working pixels, of the Gaussian blur subtracted from the luma to get the
 *                       high-pass signal the autocorrelation sees; about a stroke width. Range 0.5-32, start at 3.
 * @param clip           high-pass values are clipped to plus or minus this many 0-255 levels, so a few strong
 *                       scene edges cannot dominate the autocorrelation. Range 1-255, start at 40.
 * @param minPeriod      shortest lattice vector accepted, in working pixels; shorter repeats are texture or the
 *                       mark's own letters. Range 4-1024, start at 20.
 * @param minOverlap     least overlap, as a fraction of the image, of the image with its copy shifted by a
 *                       lattice vector; longer shifts are too noisy to trust. Range 0.05-1, start at 0.2.
 * @param minCopies      least number of copies of the unit cell in the image (image area / cell area): with fewer,
 *                       the median over copies does not cancel the photo and chance repeats between a few scene
 *                       shapes pass as a lattice. Range 2-1000, start at 6.
 * @param minPeakZ       least height of every lattice peak (t1, t2, t1+t2, t1-t2 where they fall in range)
 *                       above the autocorrelation's median, in robust standard deviations (1.4826 MAD) of the
 *                       autocorrelation away from the centre. Range 1-100, start at 4.
 * @param minPeak        least normalised autocorrelation (1 at zero shift) of every lattice peak: the share of
 *                       high-pass energy that repeats. Range 0-1, start at 0.02.
 * @param minContrast    least mark signal, in 0-255 levels of the averaged (mean-tile) high-pass, that the
 *                       threshold may take. Range 0.5-128, start at 3.
 * @param minCoverage    share of the image's 4x4 blocks in which the mean tile must also be present (regression
 *                       slope of the block's high-pass on the tile at least 0.3); a grid mark covers the whole
 *                       frame, a periodic scene texture (a wall, a fence) usually does not. Range 0-1, start at
 *                       0.7.
 * @param dilateRadius   final growth of the mask in image pixels, to cover antialiased edges. Range 0-10, start
 *                       at 1.
 */
public record TiledConfig(int workingSize, double highPassSigma, double clip, double minPeriod, double minOverlap,
        double minCopies, double minPeakZ, double minPeak, double minContrast, double minCoverage, int dilateRadius) {

    public TiledConfig {
        check("workingSize", workingSize, 128, 4096);
        check("highPassSigma", highPassSigma, 0.5, 32);
        check("clip", clip, 1, 255);
        check("minPeriod", minPeriod, 4, 1024);
        check("minOverlap", minOverlap, 0.05, 1);
        check("minCopies", minCopies, 2, 1000);
        check("minPeakZ", minPeakZ, 1, 100);
        check("minPeak", minPeak, 0, 1);
        check("minContrast", minContrast, 0.5, 128);
        check("minCoverage", minCoverage, 0, 1);
        check("dilateRadius", dilateRadius, 0, 10);
    }

    /** The starting values given in the field docs. */
    public static TiledConfig defaults() {
        return new TiledConfig(768, 3, 40, 20, 0.2, 6, 4, 0.02, 3, 0.7, 1);
    }

    private static void check(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
        }
    }
}
