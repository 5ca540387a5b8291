package dev.unmark.fill;

/**
 * Parameters of {@link PatchMatchFill}; {@link #defaults()} are the values measured best on the dev bench
 * (docs/BENCHMARKS.md, "Exemplar fill").
 *
 * @param patchSize      side of the square patches compared, in pixels; odd, 3-15. 7 is the usual choice (Wexler
 *                       et al. 2007); larger patches keep more structure but cost quadratically more
 * @param gradientWeight weight of two luminance-gradient channels added to R, G, B in the patch distance, so that
 *                       edges and their direction count more than flat colour; 0-10. Default 0 (off): at 1 the error
 *                       against the true image rose 1-2%
 * @param holeWeight     weight of the hole's current estimate against known pixels in the patch distance, above 0
 *                       and at most 1. Small values let a patch that straddles the border match on its known pixels
 *                       only, so a wrong colour guessed at a coarse level is not copied on; default 0.001
 * @param candidates     sources kept per patch and averaged in the vote, 1-16: 1 copies the single best match
 *                       (sharpest), more hedge between plausible continuations where the hole's content is uncertain,
 *                       which lowers the error against the true image; default 4
 * @param coarseIterations completion (search + vote) iterations at the coarsest pyramid level, 1-50 (default 8);
 *                       the count falls linearly to {@code fineIterations} at full resolution
 * @param fineIterations completion iterations at full resolution, 0-50. Default 0: full resolution is not searched,
 *                       the field found at half resolution, doubled, votes there (3 to 6 times faster; dev bench
 *                       RMSEw the same on logo-hd, 3% higher on text-hd)
 * @param searchPasses   PatchMatch passes (propagation + random search) per completion iteration, 1-20; default 1,
 *                       the scan direction alternating between iterations
 * @param neighbourhood  source patches come from the hole's box grown by this many times the hole's width, so cost
 *                       follows the mark and far content does not leak in; 1-20, default 3
 * @param minMargin      the grown box extends at least this far around the hole, in pixels; 8-4096, default 32
 * @param maxMargin      and at most this far, which bounds the memory of a fill on a large photo; at least
 *                       minMargin, default 512
 * @param lowPass        the completion's low frequencies are replaced by those of a diffusion (Telea) fill of the same
 *                       hole, below a Gaussian of sigma {@code lowPass} times the hole's width; 0 keeps the vote's
 *                       own, at most 2. The vote averages sources that the border chose and that disagree, which can
 *                       leave a wide hole one flat colour of the wrong shade (shaded foliage inside sunlit foliage);
 *                       diffusion gets the hole's mean right and the vote keeps the detail (shrunk where its
 *                       sources disagree, {@code exemplarWeight}). Default 1/3 (dev bench:
 *                       RMSEw logo-hd 26.78 -> 26.05, text-hd 21.77 -> 21.21; sigma 1/5, 1/2 and 2/3 of the width
 *                       gave less)
 * @param shade          whether the diffusion whose low frequencies {@code lowPass} takes is first corrected by the
 *                       shipped shade network ({@link ShadeNet}: the hole's expected shade at about
 *                       {@value ShadeNet#CELLS} cells across, learnt from photos), where a diffusion only interpolates
 *                       the border; default on (dev bench numbers in docs/BENCHMARKS.md, "Exemplar fill")
 * @param exemplarWeight where {@code lowPass} applies (holes at least 12 px wide at the default scale), the share
 *                       of the completion in the result, the rest being the (shaded) diffusion fill it takes its low
 *                       frequencies from; 0-1. 1 keeps the copied texture at full contrast. Below 1 the detail is
 *                       shrunk toward the diffusion (smooth inside the hole, the border's detail near it) where the
 *                       sources disagree: there the copied texture is a plausible one,
 *                       rarely the hidden one, and a shrunk guess is off by less on average; where they agree (a
 *                       repeated pattern) the copy is kept. Default 0.75 (dev bench: RMSEw of holes wider than 8 px,
 *                       logo-hd 25.56 -> 25.08, text-hd 19.95 -> 19.61, better on 40 of 48 images; 0.5 and 0.85
 *                       gave less on text-hd), at the cost of about a seventh of the fill's fine contrast
 *                       (docs/BENCHMARKS.md, "Exemplar fill")
 * @param seed           seed of the random search: the same seed gives the same output
 * @param parallel       whether independent regions, the rows of one region and the regions' diffusions (for
 *                       {@code lowPass}) run on the common fork-join pool; the result is the same either way
 */
public record PatchConfig(int patchSize, double gradientWeight, double holeWeight, int candidates,
                          int coarseIterations, int fineIterations, int searchPasses, double neighbourhood,
                          int minMargin, int maxMargin, double lowPass, boolean shade, double exemplarWeight,
                          long seed, boolean parallel) {

    public PatchConfig {
        if (patchSize < 3 || patchSize > 15 || patchSize % 2 == 0) {
            throw new IllegalArgumentException("patch size must be odd, 3-15, got " + patchSize);
        }
        if (!(gradientWeight >= 0 && gradientWeight <= 10)) {
            throw new IllegalArgumentException("gradient weight must be 0-10, got " + gradientWeight);
        }
        if (!(holeWeight > 0 && holeWeight <= 1)) {
            throw new IllegalArgumentException("hole weight must be above 0 and at most 1, got " + holeWeight);
        }
        if (candidates < 1 || candidates > 16) {
            throw new IllegalArgumentException("candidates must be 1-16, got " + candidates);
        }
        if (coarseIterations < 1 || coarseIterations > 50 || fineIterations < 0 || fineIterations > 50) {
            throw new IllegalArgumentException("iterations must be 1-50 (0-50 at full resolution), got "
                    + coarseIterations + " and " + fineIterations);
        }
        if (searchPasses < 1 || searchPasses > 20) {
            throw new IllegalArgumentException("search passes must be 1-20, got " + searchPasses);
        }
        if (!(neighbourhood >= 1 && neighbourhood <= 20)) {
            throw new IllegalArgumentException("neighbourhood must be 1-20 hole widths, got " + neighbourhood);
        }
        if (!(lowPass >= 0 && lowPass <= 2)) {
            throw new IllegalArgumentException("low-pass scale must be 0-2 hole widths, got " + lowPass);
        }
        if (!(exemplarWeight >= 0 && exemplarWeight <= 1)) {
            throw new IllegalArgumentException("exemplar weight must be 0-1, got " + exemplarWeight);
        }
        if (minMargin < 8 || minMargin > 4096 || maxMargin < minMargin) {
            throw new IllegalArgumentException("margins must satisfy 8 <= min <= 4096 and max >= min, got "
                    + minMargin + " and " + maxMargin);
        }
    }

    public static PatchConfig defaults() {
        return new PatchConfig(7, 0.0, 0.001, 4, 8, 0, 1, 3.0, 32, 512, 1 / 3.0, true, 0.75, 1L, true);
    }

    public PatchConfig withGradientWeight(double weight) {
        return new PatchConfig(patchSize, weight, holeWeight, candidates, coarseIterations, fineIterations,
                searchPasses, neighbourhood, minMargin, maxMargin, lowPass, shade, exemplarWeight, seed, parallel);
    }

    public PatchConfig withLowPass(double scale) {
        return new PatchConfig(patchSize, gradientWeight, holeWeight, candidates, coarseIterations, fineIterations,
                searchPasses, neighbourhood, minMargin, maxMargin, scale, shade, exemplarWeight, seed, parallel);
    }

    public PatchConfig withShade(boolean on) {
        return new PatchConfig(patchSize, gradientWeight, holeWeight, candidates, coarseIterations, fineIterations,
                searchPasses, neighbourhood, minMargin, maxMargin, lowPass, on, exemplarWeight, seed, parallel);
    }

    public PatchConfig withExemplarWeight(double weight) {
        return new PatchConfig(patchSize, gradientWeight, holeWeight, candidates, coarseIterations, fineIterations,
                searchPasses, neighbourhood, minMargin, maxMargin, lowPass, shade, weight, seed, parallel);
    }

    public PatchConfig withSeed(long s) {
        return new PatchConfig(patchSize, gradientWeight, holeWeight, candidates, coarseIterations, fineIterations,
                searchPasses, neighbourhood, minMargin, maxMargin, lowPass, shade, exemplarWeight, s, parallel);
    }

    public PatchConfig withParallel(boolean p) {
        return new PatchConfig(patchSize, gradientWeight, holeWeight, candidates, coarseIterations, fineIterations,
                searchPasses, neighbourhood, minMargin, maxMargin, lowPass, shade, exemplarWeight, seed, p);
    }

    /** Margin around a hole of the given width: {@code neighbourhood} widths, within the min and max margins. */
    int margin(float holeWidth) {
        long m = Math.round(neighbourhood * holeWidth);
        return (int) Math.max(minMargin, Math.min(maxMargin, m));
    }
}
