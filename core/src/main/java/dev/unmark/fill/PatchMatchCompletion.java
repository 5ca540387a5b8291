package dev.unmark.fill;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Exemplar-based completion of one region: Wexler, Shechtman and Irani, "Space-time completion of video" (2007),
 * iterated over an image pyramid from coarse to fine, with the nearest-neighbour field found by PatchMatch (Barnes,
 * Shechtman, Finkelstein and Goldman 2009: random initialisation, propagation from the scan neighbours, random
 * search at halving radii), keeping the k best sources per patch (their "generalized PatchMatch", 2010).
 *
 * <p>At every level each patch that overlaps the hole (a "target") gets the k most similar patches that lie entirely
 * in known pixels ("sources"). Each hole pixel then becomes the weighted mean of what the sources of all targets
 * covering it say it should be (the vote; weights {@code exp(-d / 2 sigma^2)}, sigma^2 the 75th percentile of the
 * distances). With k above 1 the vote averages several plausible continuations, a patch non-local-means estimate
 * (Arias, Facciolo, Caselles and Sapiro 2011) that hedges where the hole's content is uncertain and still copies
 * exactly where all candidates agree (a periodic texture). Search and vote alternate; the hole's estimate is then
 * enlarged to the next finer level and the field doubled.
 *
 * <p>Structure: the coarsest level, where the hole is at most a few pixels wide, starts from a diffusion fill (onion
 * peel, then harmonic smoothing), so large structures enter the hole continued from its border before any patch is
 * chosen. In the patch distance the hole's current estimate counts {@link PatchConfig#holeWeight()} times less than
 * known pixels: a patch straddling the border matches on what is really there, and a colour guessed at a coarse level
 * is refined rather than copied on. Optional luminance-gradient channels ({@link PatchConfig#gradientWeight()}) make
 * edges count more; docs/ARCHITECTURE.md has the comparison that set their default.
 *
 * <p>No Java library implements PatchMatch completion, so this is written by hand: primitive arrays per pyramid
 * level, no allocation per patch, distances with early termination. Parallel work is split into bands of a fixed
 * number of rows; the search runs the even bands, then the odd ones (a band reads only its neighbours' rows, which
 * are not being written meanwhile), and random numbers are a hash of seed, level, pass and pixel, so the result does
 * not depend on the number of threads or their timing. Not thread-safe: one instance per region.
 */
final class PatchMatchCompletion {

    /** Rows of the padded grid per band of the parallel search. */
    private static final int BAND = 16;
    /** Below this many targets a level runs on the calling thread (forking costs more than it saves). */
    private static final int PARALLEL_MIN = 4096;
    /** Distances sampled to estimate the percentile of the vote weights. */
    private static final int SIGMA_SAMPLES = 2048;
    /** Harmonic smoothing steps after the onion peel when no patch fits at all. */
    private static final int FALLBACK_SMOOTHING = 32;

    private final PatchConfig cfg;
    private final int r;
    private final int side;
    private final int ch;
    private final int k;
    private final float gradScale;
    private final long seed;

    PatchMatchCompletion(PatchConfig cfg, long seed) {
        this.cfg = cfg;
        this.r = cfg.patchSize() / 2;
        this.side = cfg.patchSize();
        this.k = cfg.candidates();
        this.gradScale = (float) Math.sqrt(cfg.gradientWeight());
        this.ch = cfg.gradientWeight() > 0 ? 5 : 3;
        this.seed = seed;
    }

    /** One pyramid level: padded by the patch radius on every side, so patches at the border need no checks. */
    private final class Level {
        final int w, h, pw, ph;
        final float[] rgb;
        final byte[] hole;
        /** 1 where a source patch may be centred: the whole patch inside the level and known. */
        byte[] ok;
        int[] sources;
        /** Pixels whose patch overlaps the hole, in raster order, and each pixel's index among them (or -1). */
        int[] targets;
        int[] tix;
        /** 1 for the targets whose patch lies wholly in the hole. */
        byte[] deep;
        int[] holes;
        /** Index into {@code targets} where each band of {@link #BAND} padded rows begins. */
        int[] bandStart;
        float[] feat;
        /** Per pixel: its weight when it is part of a target patch (1 known, holeWeight in the hole). */
        float[] tw;
        /** The field: k sources per target, their distances and vote weights. */
        int[] nn;
        float[] nd;
        float[] wt;
        boolean touchesBorder;
        /** Where asked (full resolution only): the last vote's weighted variance per pixel. */
        float[] spread;

        Level(int w, int h) {
            this.w = w;
            this.h = h;
            this.pw = w + 2 * r;
            this.ph = h + 2 * r;
            this.rgb = new float[pw * ph * 3];
            this.hole = new byte[pw * ph];
        }

        int idx(int x, int y) {
            return (y + r) * pw + x + r;
        }
    }

    /**
     * Fills the pixels set in {@code hole} of {@code rgb} (interleaved R, G, B, {@code w * h} pixels) in place.
     *
     * @param holeWidth width in pixels of the widest hole component: it sets the pyramid's depth
     */
    void complete(float[] rgb, byte[] hole, int w, int h, float holeWidth) {
        complete(rgb, hole, w, h, holeWidth, null);
    }

    /**
     * As {@link #complete(float[], byte[], int, int, float)}, and where {@code spread} is not null it receives, for
     * each hole pixel, how much the sources voting on it disagree at full resolution: the weighted variance of
     * their values, averaged over the channels (levels squared; 0 elsewhere, and everywhere when no patch fits in
     * the known pixels and the hole is diffused instead).
     */
    void complete(float[] rgb, byte[] hole, int w, int h, float holeWidth, float[] spread) {
        Level fine = new Level(w, h);
        fine.spread = spread == null ? null : new float[fine.pw * fine.ph];
        for (int y = 0; y < h; y++) {
            System.arraycopy(rgb, y * w * 3, fine.rgb, fine.idx(0, y) * 3, w * 3);
            for (int x = 0; x < w; x++) {
                fine.hole[fine.idx(x, y)] = hole[y * w + x] != 0 ? (byte) 1 : 0;
            }
        }
        refresh(fine);
        prepare(fine);
        if (fine.sources.length == 0) {
            // No patch fits in the known pixels (a tiny image or a crop that is nearly all hole): diffusion only.
            diffuse(fine, FALLBACK_SMOOTHING);
            copyBack(fine, rgb);
            return;
        }
        Level[] pyramid = pyramid(fine, holeWidth);
        int top = pyramid.length - 1;
        Level coarsest = pyramid[top];
        // The structure enters here: a smooth continuation of the border, a few pixels wide at this scale.
        diffuse(coarsest, (int) Math.ceil(holeWidth / (1 << top)) * 4 + 4);
        randomField(coarsest, top);
        for (int level = top; level >= 0; level--) {
            Level lv = pyramid[level];
            if (level < top) {
                // The coarse result, enlarged, is this level's first estimate; the coarse field, doubled, its start.
                upsampleField(pyramid[level + 1], lv, level);
                upsampleImage(pyramid[level + 1], lv);
                refresh(lv);
            }
            int iterations = top == 0 ? cfg.fineIterations() : cfg.fineIterations()
                    + (int) Math.round((cfg.coarseIterations() - cfg.fineIterations()) * (double) level / top);
            if (level == top) {
                iterations = Math.max(1, iterations); // its field is random: it must be searched
            }
            if (iterations == 0) {
                // The doubled field alone, weighted as a level up: full-resolution detail from the sources found
                // there, without the cost of features and distances at the largest level.
                voteWithWeights(lv);
                continue;
            }
            allocateFeatures(lv);
            updateFeatures(lv, true);
            recomputeDistances(lv, false);
            for (int it = 0; it < iterations; it++) {
                for (int pass = 0; pass < cfg.searchPasses(); pass++) {
                    search(lv, level, it * cfg.searchPasses() + pass, (it * cfg.searchPasses() + pass) % 2 == 0);
                }
                vote(lv);
                refresh(lv);
                if (it < iterations - 1) {
                    updateFeatures(lv, false);
                    // A vote changes only hole pixels, which weigh holeWeight (1/1000) in a distance: only targets
                    // with no known pixel at all see their distances change materially (measured: 0.5% RMSEw for
                    // about a fifth of the time).
                    recomputeDistances(lv, true);
                }
            }
        }
        copyBack(fine, rgb);
        if (spread != null) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(fine.spread, fine.idx(0, y), spread, y * w, w);
            }
        }
    }

    private void copyBack(Level lv, float[] rgb) {
        for (int y = 0; y < lv.h; y++) {
            System.arraycopy(lv.rgb, lv.idx(0, y) * 3, rgb, y * lv.w * 3, lv.w * 3);
        }
    }

    /**
     * Halves the level until the hole is no wider than the patch radius (plus one), the level would become too small
     * to hold source patches, or it would have none.
     */
    private Level[] pyramid(Level fine, float holeWidth) {
        java.util.List<Level> levels = new java.util.ArrayList<>();
        levels.add(fine);
        Level cur = fine;
        float width = holeWidth;
        while (width > r + 1 && Math.min(cur.w, cur.h) / 2 >= 2 * side) {
            Level next = downsample(cur);
            prepare(next);
            if (next.sources.length == 0) {
                break;
            }
            levels.add(next);
            cur = next;
            width /= 2;
        }
        return levels.toArray(new Level[0]);
    }

    /** 2x2 box average; a coarse pixel is a hole when any of its children is, so its sources are all known. */
    private Level downsample(Level f) {
        Level c = new Level((f.w + 1) / 2, (f.h + 1) / 2);
        for (int y = 0; y < c.h; y++) {
            int y0 = 2 * y, y1 = Math.min(2 * y + 1, f.h - 1);
            for (int x = 0; x < c.w; x++) {
                int x0 = 2 * x, x1 = Math.min(2 * x + 1, f.w - 1);
                int a = f.idx(x0, y0), b = f.idx(x1, y0), d = f.idx(x0, y1), e = f.idx(x1, y1);
                int o = c.idx(x, y);
                c.hole[o] = (byte) (f.hole[a] | f.hole[b] | f.hole[d] | f.hole[e]);
                for (int q = 0; q < 3; q++) {
                    c.rgb[o * 3 + q] = 0.25f * (f.rgb[a * 3 + q] + f.rgb[b * 3 + q] + f.rgb[d * 3 + q]
                            + f.rgb[e * 3 + q]);
                }
            }
        }
        refresh(c);
        return c;
    }

    /** Finds the level's source centres, targets, hole pixels and bands, and allocates its field. */
    private void prepare(Level lv) {
        int w = lv.w, h = lv.h;
        // Integral image of hole pixels, for box counts.
        int[] sum = new int[(w + 1) * (h + 1)];
        for (int y = 0; y < h; y++) {
            int row = 0;
            for (int x = 0; x < w; x++) {
                row += lv.hole[lv.idx(x, y)];
                sum[(y + 1) * (w + 1) + x + 1] = sum[y * (w + 1) + x + 1] + row;
            }
        }
        lv.ok = new byte[lv.pw * lv.ph];
        lv.tix = new int[lv.pw * lv.ph];
        Arrays.fill(lv.tix, -1);
        int nSources = 0, nTargets = 0, nHoles = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = lv.idx(x, y);
                if (x >= r && y >= r && x + r < w && y + r < h && box(sum, w, x - r, y - r, x + r, y + r) == 0) {
                    lv.ok[i] = 1;
                    nSources++;
                }
                if (box(sum, w, Math.max(0, x - r), Math.max(0, y - r), Math.min(w - 1, x + r),
                        Math.min(h - 1, y + r)) > 0) {
                    lv.tix[i] = nTargets++;
                }
                if (lv.hole[i] != 0) {
                    nHoles++;
                    lv.touchesBorder |= x == 0 || y == 0 || x == w - 1 || y == h - 1;
                }
            }
        }
        lv.sources = new int[nSources];
        lv.targets = new int[nTargets];
        lv.deep = new byte[nTargets];
        lv.holes = new int[nHoles];
        int s = 0, q = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = lv.idx(x, y);
                if (lv.ok[i] != 0) {
                    lv.sources[s++] = i;
                }
                if (lv.tix[i] >= 0) {
                    lv.targets[lv.tix[i]] = i;
                    if (box(sum, w, Math.max(0, x - r), Math.max(0, y - r), Math.min(w - 1, x + r),
                            Math.min(h - 1, y + r)) == side * side) {
                        lv.deep[lv.tix[i]] = 1;
                    }
                }
                if (lv.hole[i] != 0) {
                    lv.holes[q++] = i;
                }
            }
        }
        int bands = (lv.ph + BAND - 1) / BAND;
        lv.bandStart = new int[bands + 1];
        int ti = 0;
        for (int b = 0; b < bands; b++) {
            lv.bandStart[b] = ti;
            int endIndex = Math.min(lv.ph, (b + 1) * BAND) * lv.pw;
            while (ti < nTargets && lv.targets[ti] < endIndex) {
                ti++;
            }
        }
        lv.bandStart[bands] = nTargets;
        lv.nn = new int[nTargets * k];
        lv.nd = new float[nTargets * k];
        lv.wt = new float[nTargets * k];
    }

    /** Features and their target weights, only for the levels that are searched (the finest may not be). */
    private void allocateFeatures(Level lv) {
        int w = lv.w, h = lv.h;
        // Without gradient channels the features are the colours themselves: no copy to keep up to date.
        lv.feat = ch == 3 ? lv.rgb : new float[lv.pw * lv.ph * ch];
        lv.tw = new float[lv.pw * lv.ph];
        Arrays.fill(lv.tw, 1f);
        float hw = (float) cfg.holeWeight();
        for (int y = 0; y < lv.ph; y++) {
            int sy = Math.min(Math.max(y - r, 0), h - 1);
            for (int x = 0; x < lv.pw; x++) {
                // Padding replicates the border, so it is as uncertain as the border pixel it copies.
                int sx = Math.min(Math.max(x - r, 0), w - 1);
                if (lv.hole[lv.idx(sx, sy)] != 0) {
                    lv.tw[y * lv.pw + x] = hw;
                }
            }
        }
    }

    private static int box(int[] sum, int w, int x0, int y0, int x1, int y1) {
        int s = w + 1;
        return sum[(y1 + 1) * s + x1 + 1] - sum[y0 * s + x1 + 1] - sum[(y1 + 1) * s + x0] + sum[y0 * s + x0];
    }

    /**
     * Diffusion fill of the hole: onion peel (each ring the mean of its known 8-neighbours, outside in), then
     * {@code smoothing} Jacobi steps of the discrete Laplace equation, which turn the peel's streaks into a harmonic
     * interpolation of the border.
     */
    private void diffuse(Level lv, int smoothing) {
        int pw = lv.pw;
        byte[] known = new byte[pw * lv.ph];
        for (int y = 0; y < lv.h; y++) {
            for (int x = 0; x < lv.w; x++) {
                int i = lv.idx(x, y);
                known[i] = lv.hole[i] == 0 ? (byte) 1 : 0;
            }
        }
        int[] left = lv.holes.clone();
        int n = left.length;
        int[] ring = new int[n];
        float[] val = new float[n * 3];
        while (n > 0) {
            int m = 0;
            for (int j = 0; j < n; j++) {
                int i = left[j];
                float a = 0, b = 0, c = 0;
                int cnt = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int q = i + dy * pw + dx;
                        if (known[q] == 1) {
                            a += lv.rgb[q * 3];
                            b += lv.rgb[q * 3 + 1];
                            c += lv.rgb[q * 3 + 2];
                            cnt++;
                        }
                    }
                }
                if (cnt > 0) {
                    ring[m] = i;
                    val[m * 3] = a / cnt;
                    val[m * 3 + 1] = b / cnt;
                    val[m * 3 + 2] = c / cnt;
                    m++;
                }
            }
            if (m == 0) {
                // Nothing known anywhere (the mask covers the whole region): mid-grey rather than the masked values.
                for (int j = 0; j < n; j++) {
                    Arrays.fill(lv.rgb, left[j] * 3, left[j] * 3 + 3, 127.5f);
                }
                break;
            }
            for (int j = 0; j < m; j++) {
                System.arraycopy(val, j * 3, lv.rgb, ring[j] * 3, 3);
                known[ring[j]] = 2; // known from the next ring on
            }
            int kept = 0;
            for (int j = 0; j < n; j++) {
                if (known[left[j]] == 2) {
                    known[left[j]] = 1;
                } else {
                    left[kept++] = left[j];
                }
            }
            n = kept;
        }
        smooth(lv, smoothing);
        refresh(lv);
    }

    /** Jacobi steps of the discrete Laplace equation on the hole pixels, the known ones fixed. */
    private void smooth(Level lv, int steps) {
        int pw = lv.pw;
        int[] holes = lv.holes;
        float[] next = new float[holes.length * 3];
        for (int step = 0; step < steps; step++) {
            for (int j = 0; j < holes.length; j++) {
                int i = holes[j];
                int x = i % pw - r, y = i / pw - r;
                float a = 0, b = 0, c = 0;
                int cnt = 0;
                if (x > 0) {
                    a += lv.rgb[(i - 1) * 3];
                    b += lv.rgb[(i - 1) * 3 + 1];
                    c += lv.rgb[(i - 1) * 3 + 2];
                    cnt++;
                }
                if (x < lv.w - 1) {
                    a += lv.rgb[(i + 1) * 3];
                    b += lv.rgb[(i + 1) * 3 + 1];
                    c += lv.rgb[(i + 1) * 3 + 2];
                    cnt++;
                }
                if (y > 0) {
                    a += lv.rgb[(i - pw) * 3];
                    b += lv.rgb[(i - pw) * 3 + 1];
                    c += lv.rgb[(i - pw) * 3 + 2];
                    cnt++;
                }
                if (y < lv.h - 1) {
                    a += lv.rgb[(i + pw) * 3];
                    b += lv.rgb[(i + pw) * 3 + 1];
                    c += lv.rgb[(i + pw) * 3 + 2];
                    cnt++;
                }
                next[j * 3] = cnt == 0 ? lv.rgb[i * 3] : a / cnt;
                next[j * 3 + 1] = cnt == 0 ? lv.rgb[i * 3 + 1] : b / cnt;
                next[j * 3 + 2] = cnt == 0 ? lv.rgb[i * 3 + 2] : c / cnt;
            }
            for (int j = 0; j < holes.length; j++) {
                System.arraycopy(next, j * 3, lv.rgb, holes[j] * 3, 3);
            }
        }
    }

    /** Copies the border pixels into the padding (edge replication). */
    private void refresh(Level lv) {
        int pw = lv.pw;
        for (int y = 0; y < lv.ph; y++) {
            int sy = Math.min(Math.max(y - r, 0), lv.h - 1);
            boolean padRow = y < r || y >= lv.h + r;
            for (int x = 0; x < pw; x++) {
                if (!padRow && x == r) {
                    x = lv.w + r - 1; // skip the inside of the row
                    continue;
                }
                int sx = Math.min(Math.max(x - r, 0), lv.w - 1);
                System.arraycopy(lv.rgb, lv.idx(sx, sy) * 3, lv.rgb, (y * pw + x) * 3, 3);
            }
        }
    }

    /** Features of every pixel ({@code all}) or of the targets and the padding (after a vote changed the hole). */
    private void updateFeatures(Level lv, boolean all) {
        if (ch == 3) {
            return;
        }
        if (all) {
            forChunks(lv.ph, 1 + 65536 / lv.pw, (from, to) -> {
                for (int y = from; y < to; y++) {
                    for (int x = 0; x < lv.pw; x++) {
                        feature(lv, y * lv.pw + x, x, y);
                    }
                }
            });
            return;
        }
        int[] targets = lv.targets; // every pixel within the patch radius of the hole, so its gradients' neighbours
        forChunks(targets.length, 8192, (from, to) -> {
            for (int t = from; t < to; t++) {
                int i = targets[t];
                feature(lv, i, i % lv.pw, i / lv.pw);
            }
        });
        if (lv.touchesBorder) {
            for (int y = 0; y < lv.ph; y++) {
                for (int x = 0; x < lv.pw; x++) {
                    if (y < r || y >= lv.h + r || x < r || x >= lv.w + r) {
                        feature(lv, y * lv.pw + x, x, y);
                    }
                }
            }
        }
    }

    /** R, G, B and, with a gradient weight, the scaled central differences of luminance across and down. */
    private void feature(Level lv, int i, int x, int y) {
        float[] rgb = lv.rgb;
        float[] f = lv.feat;
        int o = i * ch;
        f[o] = rgb[i * 3];
        f[o + 1] = rgb[i * 3 + 1];
        f[o + 2] = rgb[i * 3 + 2];
        if (ch == 5) {
            int pw = lv.pw;
            int xl = x > 0 ? i - 1 : i, xr = x < pw - 1 ? i + 1 : i;
            int yu = y > 0 ? i - pw : i, yd = y < lv.ph - 1 ? i + pw : i;
            float s = gradScale * (0.5f / 3f);
            f[o + 3] = s * (rgb[xr * 3] + rgb[xr * 3 + 1] + rgb[xr * 3 + 2] - rgb[xl * 3] - rgb[xl * 3 + 1]
                    - rgb[xl * 3 + 2]);
            f[o + 4] = s * (rgb[yd * 3] + rgb[yd * 3 + 1] + rgb[yd * 3 + 2] - rgb[yu * 3] - rgb[yu * 3 + 1]
                    - rgb[yu * 3 + 2]);
        }
    }

    /**
     * Weighted sum of squared feature differences between the patches centred on target pixel {@code t} and source
     * pixel {@code s}; stops as soon as the sum reaches {@code bound}, since the candidate has then already lost.
     */
    private float distance(Level lv, int t, int s, float bound) {
        if (ch == 3) {
            return distance3(lv, t, s, bound);
        }
        float[] f = lv.feat;
        float[] tw = lv.tw;
        int pw = lv.pw;
        int tp = t - r * pw - r;
        int sp = s - r * pw - r;
        float sum = 0;
        for (int dy = 0; dy < side; dy++) {
            for (int dx = 0; dx < side; dx++) {
                int a = (tp + dx) * ch, b = (sp + dx) * ch;
                float e = 0;
                for (int q = 0; q < ch; q++) {
                    float d = f[a + q] - f[b + q];
                    e += d * d;
                }
                sum += tw[tp + dx] * e;
            }
            if (sum >= bound) {
                return sum;
            }
            tp += pw;
            sp += pw;
        }
        return sum;
    }

    /** {@link #distance} for R, G, B only, unrolled: the search's hot loop. */
    private float distance3(Level lv, int t, int s, float bound) {
        float[] f = lv.feat;
        float[] tw = lv.tw;
        int pw = lv.pw;
        int tp = t - r * pw - r;
        int sp = s - r * pw - r;
        float sum = 0;
        for (int dy = 0; dy < side; dy++) {
            for (int dx = 0; dx < side; dx++) {
                int a = (tp + dx) * 3, b = (sp + dx) * 3;
                float d0 = f[a] - f[b], d1 = f[a + 1] - f[b + 1], d2 = f[a + 2] - f[b + 2];
                sum += tw[tp + dx] * (d0 * d0 + d1 * d1 + d2 * d2);
            }
            if (sum >= bound) {
                return sum;
            }
            tp += pw;
            sp += pw;
        }
        return sum;
    }

    /** Distances of every target's candidates, or ({@code deepOnly}) of the targets that lie wholly in the hole. */
    private void recomputeDistances(Level lv, boolean deepOnly) {
        int[] targets = lv.targets;
        forChunks(targets.length, 4096, (from, to) -> {
            for (int t = from; t < to; t++) {
                if (deepOnly && lv.deep[t] == 0) {
                    continue;
                }
                for (int j = t * k; j < t * k + k; j++) {
                    lv.nd[j] = distance(lv, targets[t], lv.nn[j], Float.POSITIVE_INFINITY);
                }
            }
        });
    }

    private int randomSource(Level lv, long hash) {
        return lv.sources[(int) (((hash >>> 32) * lv.sources.length) >>> 32)];
    }

    /** Every target gets k random sources: the coarsest level's start. */
    private void randomField(Level lv, int level) {
        long base = mix(seed ^ 0x5DEECE66DL * (level + 1));
        for (int t = 0; t < lv.targets.length; t++) {
            long s = mix(base ^ lv.targets[t]);
            for (int j = 0; j < k; j++) {
                s = mix(s);
                lv.nn[t * k + j] = randomSource(lv, s);
            }
        }
    }

    /** The coarse field doubled: each fine target starts from its parent's sources, shifted by its own offset. */
    private void upsampleField(Level c, Level f, int level) {
        long base = mix(seed ^ 0x9E3779B97F4A7C15L * (level + 7));
        for (int t = 0; t < f.targets.length; t++) {
            int p = f.targets[t];
            int x = p % f.pw - r, y = p / f.pw - r;
            int ct = c.tix[c.idx(x >> 1, y >> 1)];
            long hash = mix(base ^ p);
            for (int j = 0; j < k; j++) {
                int best = -1;
                float weight = 1e-3f;
                if (ct >= 0) {
                    int cs = c.nn[ct * k + j];
                    weight = c.wt[ct * k + j];
                    int sx = 2 * (cs % c.pw - r) + (x & 1), sy = 2 * (cs / c.pw - r) + (y & 1);
                    sx = Math.max(r, Math.min(f.w - 1 - r, sx));
                    sy = Math.max(r, Math.min(f.h - 1 - r, sy));
                    int cand = f.idx(sx, sy);
                    if (f.ok[cand] != 0) {
                        best = cand;
                    }
                }
                if (best < 0) {
                    hash = mix(hash);
                    best = randomSource(f, hash);
                    weight = 1e-3f;
                }
                f.nn[t * k + j] = best;
                f.wt[t * k + j] = weight;
            }
        }
    }

    /** The hole of the finer level starts as the coarse level's result, bilinearly enlarged. */
    private void upsampleImage(Level c, Level f) {
        for (int hp : f.holes) {
            int x = hp % f.pw - r, y = hp / f.pw - r;
            float cx = Math.max(0, Math.min(c.w - 1, (x - 0.5f) / 2));
            float cy = Math.max(0, Math.min(c.h - 1, (y - 0.5f) / 2));
            int x0 = (int) cx, y0 = (int) cy;
            int x1 = Math.min(c.w - 1, x0 + 1), y1 = Math.min(c.h - 1, y0 + 1);
            float ax = cx - x0, ay = cy - y0;
            int i00 = c.idx(x0, y0) * 3, i10 = c.idx(x1, y0) * 3, i01 = c.idx(x0, y1) * 3, i11 = c.idx(x1, y1) * 3;
            for (int q = 0; q < 3; q++) {
                float top = c.rgb[i00 + q] * (1 - ax) + c.rgb[i10 + q] * ax;
                float bottom = c.rgb[i01 + q] * (1 - ax) + c.rgb[i11 + q] * ax;
                f.rgb[hp * 3 + q] = top * (1 - ay) + bottom * ay;
            }
        }
    }

    /** One PatchMatch pass over all targets: even bands in parallel, then odd bands. */
    private void search(Level lv, int level, int pass, boolean forward) {
        long passSeed = mix(seed + 0x632BE59BD9B4E019L * (level + 1) + 0x8CB92BA72F3D8DD7L * (pass + 1));
        int bands = lv.bandStart.length - 1;
        boolean par = cfg.parallel() && lv.targets.length >= PARALLEL_MIN;
        for (int phase = 0; phase < 2; phase++) {
            int first = phase;
            IntStream ids = IntStream.range(0, (bands - first + 1) / 2);
            (par ? ids.parallel() : ids).forEach(j -> searchBand(lv, first + 2 * j, forward, passSeed));
        }
    }

    private void searchBand(Level lv, int band, boolean forward, long passSeed) {
        int from = lv.bandStart[band], to = lv.bandStart[band + 1];
        if (forward) {
            for (int t = from; t < to; t++) {
                improve(lv, t, 1, passSeed);
            }
        } else {
            for (int t = to - 1; t >= from; t--) {
                improve(lv, t, -1, passSeed);
            }
        }
    }

    /**
     * Propagation from the two scan neighbours (their sources, shifted by one pixel), then random search around the
     * best source (Barnes et al., radius halving from the level's size). A candidate replaces the worst of the k
     * when it is closer and not already among them.
     */
    private void improve(Level lv, int t, int step, long passSeed) {
        int p = lv.targets[t];
        int pw = lv.pw;
        int base = t * k;
        int dx = step, dy = step * pw;
        int tq = lv.tix[p - dx];
        if (tq >= 0) {
            for (int j = 0; j < k; j++) {
                offer(lv, p, base, lv.nn[tq * k + j] + dx);
            }
        }
        tq = lv.tix[p - dy];
        if (tq >= 0) {
            for (int j = 0; j < k; j++) {
                offer(lv, p, base, lv.nn[tq * k + j] + dy);
            }
        }
        int best = base;
        for (int j = base + 1; j < base + k; j++) {
            if (lv.nd[j] < lv.nd[best]) {
                best = j;
            }
        }
        int centre = lv.nn[best];
        int bx = centre % pw, by = centre / pw;
        int minX = 2 * r, maxX = lv.w - 1, minY = 2 * r, maxY = lv.h - 1; // padded coordinates of valid centres
        long s = mix(passSeed ^ p);
        for (int rad = Math.max(lv.w, lv.h); rad >= 1; rad >>= 1) {
            s = mix(s);
            int span = 2 * rad + 1;
            int x = Math.max(minX, Math.min(maxX, bx - rad + (int) (((s & 0xFFFFFFFFL) * span) >>> 32)));
            int y = Math.max(minY, Math.min(maxY, by - rad + (int) (((s >>> 32) * span) >>> 32)));
            offer(lv, p, base, y * pw + x);
        }
    }

    /** Puts source {@code c} among target {@code p}'s k candidates (at {@code base}) if it is valid and better. */
    private void offer(Level lv, int p, int base, int c) {
        if (lv.ok[c] == 0) {
            return;
        }
        int worst = base;
        for (int j = base; j < base + k; j++) {
            if (lv.nn[j] == c) {
                return;
            }
            if (lv.nd[j] > lv.nd[worst]) {
                worst = j;
            }
        }
        float d = distance(lv, p, c, lv.nd[worst]);
        if (d < lv.nd[worst]) {
            lv.nn[worst] = c;
            lv.nd[worst] = d;
        }
    }

    /** Weights from the current distances, then the vote. */
    private void vote(Level lv) {
        int n = lv.nd.length;
        int stride = Math.max(1, n / SIGMA_SAMPLES);
        float[] sample = new float[(n + stride - 1) / stride];
        for (int j = 0, i = 0; i < n; i += stride, j++) {
            sample[j] = lv.nd[i];
        }
        Arrays.sort(sample);
        float sigma2 = Math.max(sample[(int) (0.75 * (sample.length - 1))], 1e-3f);
        float scale = -1f / (2f * sigma2);
        forChunks(n, 8192, (from, to) -> {
            for (int i = from; i < to; i++) {
                lv.wt[i] = (float) Math.exp(scale * lv.nd[i]) + 1e-6f;
            }
        });
        voteWithWeights(lv);
    }

    /** Each hole pixel becomes the weighted mean of the pixels that the sources of the targets covering it hold. */
    private void voteWithWeights(Level lv) {
        int[] holes = lv.holes;
        int pw = lv.pw;
        float[] spread = lv.spread;
        forChunks(holes.length, 4096, (from, to) -> {
            float[] rgb = lv.rgb;
            for (int j = from; j < to; j++) {
                int hp = holes[j];
                float a = 0, b = 0, c = 0, ws = 0, sq = 0;
                for (int dy = -r; dy <= r; dy++) {
                    for (int dx = -r; dx <= r; dx++) {
                        int off = dy * pw + dx;
                        int t = lv.tix[hp - off];
                        if (t < 0) {
                            continue;
                        }
                        for (int q = t * k; q < t * k + k; q++) {
                            float wq = lv.wt[q];
                            int sp = (lv.nn[q] + off) * 3;
                            float va = rgb[sp], vb = rgb[sp + 1], vc = rgb[sp + 2];
                            a += wq * va;
                            b += wq * vb;
                            c += wq * vc;
                            sq += wq * (va * va + vb * vb + vc * vc);
                            ws += wq;
                        }
                    }
                }
                a /= ws;
                b /= ws;
                c /= ws;
                rgb[hp * 3] = a;
                rgb[hp * 3 + 1] = b;
                rgb[hp * 3 + 2] = c;
                if (spread != null) {
                    spread[hp] = Math.max(0f, (sq / ws - (a * a + b * b + c * c)) / 3f);
                }
            }
        });
    }

    private interface Chunk {
        void run(int from, int to);
    }

    /** Runs {@code body} over [0, n) in chunks of {@code grain}, on the common pool when allowed and worth it. */
    private void forChunks(int n, int grain, Chunk body) {
        int chunks = (n + grain - 1) / grain;
        if (!cfg.parallel() || chunks < 2) {
            body.run(0, n);
            return;
        }
        IntStream.range(0, chunks).parallel().forEach(c -> body.run(c * grain, Math.min(n, (c + 1) * grain)));
    }

    /** SplitMix64's finaliser: a well-mixed 64-bit hash, used as a counter-based random generator. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
