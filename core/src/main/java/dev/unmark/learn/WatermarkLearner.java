package dev.unmark.learn;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Rect;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.ReadOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

/**
 * Estimates the watermark a collection shares (after Dekel et al., CVPR 2017), in three steps on a bounded
 * {@link ImageSample}:
 *
 * <ol>
 *   <li>Where: the per-pixel median of the images' gradients keeps the mark's edges and cancels the photos'
 *       (they point every way), in each colour channel and in luma ({@link ColourEdges}: a mark as bright as the
 *       photos has luma edges of either sign, but not colour edges); the strongest channel's magnitude, thresholded
 *       with the whole image's statistics and rid of stray clusters, gives the mark's support (its outline) and box.
 *       </li>
 *   <li>Alignment: the images are projected on the colour direction of the mark's median edges over the support
 *       (in which every image shows them with one sign), and each one's gradients are correlated with the median's
 *       over the support at whole shifts up to {@link LearnConfig#maxShift()}; images that do not correlate are left
 *       out, the rest are aligned and the median recomputed. Its Poisson reconstruction is the mark as it looks over
 *       the collection's average photo.</li>
 *   <li>Matting: per pixel {@code J_k = (1 - a) I_k + b} with {@code b = a W}. Across images {@code J_k} spreads
 *       {@code 1 - a} times as much as the clean {@code I_k}, whose spread barely differs between neighbouring
 *       pixels, so the log-ratio of the spreads across each pixel edge is the edge's step of {@code log(1 - a)}.
 *       Away from the outline, steps below {@link LearnConfig#edgeThreshold()} are texture and set to 0 (opacity is
 *       piecewise smooth: a sparse-gradient prior); on it every step counts (an anti-aliased edge's steps are small
 *       but add up). The steps are integrated by least squares from 0 outside the outline's convex hull (an outline
 *       with gaps encloses no body). In each connected piece of the mark thick enough to have an inside, the
 *       integrated opacity is then replaced by one value measured across the piece's outline (covariances over the
 *       images just inside and just outside, see {@code measurePieces}): flat bodies (a logo) come out at their
 *       true opacity instead of drifting with the photos' texture. Then {@code v = b / (1 - a)} follows the same way
 *       from the median over images of the recovered {@code J_k / (1 - a)} differences across each edge (a clean
 *       photo's gradients are sparse, so their median is 0). Dekel et al. solve a joint energy by iterated
 *       reweighting; the two integrations are its two priors applied one at a time, which needs no per-image
 *       unknowns and is exact for a fixed blend. Last, the priors real marks obey: a mark over most of the frame
 *       that repeats on a lattice (a stock grid) takes its copies' median inside its strokes
 *       ({@link LatticeAverage}), and the colour of the mark's thick regions is each region's median, or a plane
 *       where it changes steadily across the region (a gradient fill; {@code flattenColour}).</li>
 * </ol>
 * The mark keeps its pixel size in every image, and its place up to the shift. It is found in the sample's
 * commonest image size; images of other sizes then join the matting where the anchors place it (the same distance
 * to the nearest edge, or the same offset from the centre, as {@code remove --profile} places it) and it correlates
 * there, so a collection of mixed sizes learns from all of them. Marks that scale with the image are not handled:
 * only the commonest size's images learn those.
 */
public final class WatermarkLearner {

    /** Least images of one size the estimate needs. */
    public static final int MIN_IMAGES = 3;
    /** Margin (px) around the mark's support kept in the box. */
    private static final int MARGIN = 3;
    /** Growth (px) of the thresholded median gradient into the support the matting solves over. */
    private static final int SUPPORT_GROWTH = 2;
    /** Distance (px) within which pieces of the thresholded median gradient belong to one cluster. */
    private static final int CLUSTER_REACH = 8;
    /** Least weight of a cluster, relative to the heaviest, that makes it part of the mark wherever it lies. */
    private static final double MAIN_CLUSTER = 0.25;
    /** Opacity below which a pixel the hull added to the outline is taken as the integration's noise. */
    private static final float FAINT = 0.06f * 255;
    /** Smallest connected piece (px) of the thresholded median gradient kept as part of the mark. */
    private static final int MIN_COMPONENT = 16;
    /** Least support (px) that counts as a mark. */
    private static final int MIN_SUPPORT = 24;
    /** Most realignments against the median of the aligned images. */
    private static final int ALIGN_ROUNDS = 3;
    /** Conjugate-gradient iterations of each integration. */
    private static final int ITERATIONS = 800;
    /** Largest grid the reported reconstruction is solved on. */
    private static final int POISSON_PIXELS = 1 << 18;

    private final LearnConfig config;

    public WatermarkLearner(LearnConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /**
     * Reads the files on {@code threads} threads into a sample and learns from it.
     *
     * @throws UnmarkException naming a file that cannot be read, or saying why no mark could be learned
     */
    public Profile learnFiles(List<Path> files, int threads) {
        if (files.isEmpty()) {
            throw new UnmarkException("no images to learn from");
        }
        ReadOptions read = ReadOptions.defaults();
        ImageSample sample = new ImageSample(config.sample(), sampleBytes());
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> jobs = new ArrayList<>();
            for (int i = 0; i < files.size(); i++) {
                int index = i;
                jobs.add(pool.submit(() -> sample.add(index, files.get(index).toString(),
                        ImageFiles.read(files.get(index), read).image())));
            }
            for (Future<?> f : jobs) {
                get(f);
            }
        } finally {
            pool.shutdownNow();
        }
        return learn(sample);
    }

    /**
     * The images the frame-wide search can hold in the heap: per image its kept RGB (3 bytes a pixel) and two
     * gradient planes (8 bytes a pixel of the frame searched, reduced by {@code f} each way), and
     * {@link #BYTES_PER_PIXEL} a searched pixel for itself; beyond that, the images of highest sample priority are
     * left out (the sample's order is random, so the rest stay a uniform sample), down to {@link #MIN_IMAGES}.
     */
    private static List<ImageSample.Entry> fitting(List<ImageSample.Entry> entries, int n, int f) {
        // (the rest of the heap: the crops around the mark, the matting, the reader)
        long searched = (long) n / ((long) f * f);
        long budget = (long) (Runtime.getRuntime().maxMemory() * 0.6) - BYTES_PER_PIXEL * searched;
        int fit = (int) Math.max(MIN_IMAGES, Math.min(entries.size(), budget / (3L * n + 8 * searched)));
        if (fit == entries.size()) {
            return entries;
        }
        List<ImageSample.Entry> kept = new ArrayList<>(entries);
        kept.sort(java.util.Comparator.comparingLong(ImageSample.Entry::priority));
        kept = new ArrayList<>(kept.subList(0, fit));
        kept.sort(java.util.Comparator.comparingLong(ImageSample.Entry::index));
        return kept;
    }

    /** Working memory of the search per pixel: the channels' medians and magnitudes and the statistics' copies. */
    private static final long BYTES_PER_PIXEL = 64;

    /**
     * Bytes of pixels {@link #learnFiles} samples at most: a fifth of the heap. Learning needs up to 11 bytes a pixel
     * per sampled image (3 kept, 8 for two gradient planes of the frame searched; see {@link #fitting}), so large
     * photos are sampled fewer (a 6 GB heap keeps about 33 images of 12 MP) rather than running out of memory.
     */
    static long sampleBytes() {
        return Runtime.getRuntime().maxMemory() / 5;
    }

    private static void get(Future<?> f) {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnmarkException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new UnmarkException(e.getCause().toString());
        }
    }

    /** Learns the shared mark from a sample (the solve after the reduce). */
    public Profile learn(ImageSample sample) {
        return learn(sample, SEARCH_PIXELS);
    }

    /** {@link #learn(ImageSample)}, frames above {@code searchPixels} searched at reduced resolution. */
    Profile learn(ImageSample sample, long searchPixels) {
        int[] size = sample.commonestSize();
        if (size == null) {
            throw new UnmarkException("no images to learn from");
        }
        int w = size[0], h = size[1], n = w * h;
        List<ImageSample.Entry> sized = new ArrayList<>(), others = new ArrayList<>();
        for (ImageSample.Entry e : sample.entries()) {
            (e.hasSize(w, h) ? sized : others).add(e);
        }
        if (sized.size() < MIN_IMAGES) {
            throw new UnmarkException("need at least " + MIN_IMAGES + " images of one size to learn a watermark: "
                    + "the commonest size, " + w + "x" + h + ", has " + sized.size()
                    + (others.isEmpty() ? "" : " (" + others.size() + " more of other sizes)"));
        }
        int f = searchFactor(n, searchPixels);
        List<ImageSample.Entry> entries = fitting(sized, n, f);
        int k = entries.size();
        List<byte[]> rgbs = entries.stream().map(ImageSample.Entry::rgb).toList();
        Search found = f == 1 ? search(rgbs, w, h, config.maxShift()) : searchReduced(rgbs, w, h, f);
        Rect box = found.box();
        int[] shifts = found.shifts();
        double[] scores = found.scores();
        float[] towards = found.towards();
        List<Integer> used = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            if (scores[i] >= config.minScore()) {
                used.add(i);
            }
        }
        if (used.size() < MIN_IMAGES) {
            throw new UnmarkException("no shared watermark found: only " + used.size() + " of " + k
                    + " images correlate with the common structure (at least " + MIN_IMAGES + " needed)");
        }
        // Inner box: the part of the box every used image covers at its shift.
        Rect inner = inner(box, shifts, used, w, h);
        int[] at = shifts;
        float[][] crops = new float[used.size()][];
        float[][][] cropGrad = new float[used.size()][][];
        IntStream.range(0, used.size()).parallel().forEach(u -> {
            int i = used.get(u);
            crops[u] = crop(entries.get(i).rgb(), w, inner, at[2 * i], at[2 * i + 1]);
            cropGrad[u] = found.grad() != null
                    ? new float[][] {
                        cropPlane(found.grad()[i][0], w, inner, at[2 * i], at[2 * i + 1]),
                        cropPlane(found.grad()[i][1], w, inner, at[2 * i], at[2 * i + 1])}
                    : projectedGradients(entries.get(i).rgb(), w, h,
                        new Rect(inner.x() + at[2 * i], inner.y() + at[2 * i + 1], inner.width(), inner.height()),
                        towards);
        });
        int bw = inner.width(), bh = inner.height();
        float[][] boxMed = medianGradient(cropGrad, new int[used.size() * 2], bw, bh, Rect.of(bw, bh));
        // the outline in the box, on the aligned images projected on the mark's colour direction; the threshold stays
        // the whole frame's: in a box the mark fills, the box's own statistics are the mark's
        boolean[] core = mainClusters(dropSmall(above(smoothedMagnitude(boxMed, bw, bh), found.threshold()), bw, bh),
                bw, bh);
        // images of other sizes join the matting where the mark is found in them
        float[][] more = others.isEmpty() ? new float[0][] : placeOthers(others, inner, boxMed, core, towards, w, h);
        int placed = more.length;
        float[][] all = Arrays.copyOf(crops, crops.length + placed);
        System.arraycopy(more, 0, all, crops.length, placed);
        boolean[] grown = grow(core, bw, bh, SUPPORT_GROWTH);
        boolean[] domain = convexHull(grown, bw, bh);
        if (count(domain) > 0.95 * domain.length) {
            domain = grown; // the outline encloses (nearly) everything: keep fixed pixels to integrate from
        }
        float[] intensity = poisson(boxMed, bw, bh);
        int sampled = entries.size() + others.size(), usedAll = used.size() + placed;
        Matting m = tiles(matte(all, domain, grown, bw, bh), inner, w, h);
        int[] flat = flattenColour(m.rgba());
        ColourBound.apply(all, m.rgba(), flat, RIM);
        FlatRims.refine(all, m.rgba(), flat, RIM);
        dropFaint(m.rgba(), fillHoles(grown, bw, bh));
        try {
            return Profile.of(m.rgba(), inner, w, h, sampled, usedAll, sample.seen(), m.residual(), intensity);
        } catch (UnmarkException e) {
            if (domain == grown) {
                throw e;
            }
            // the hull swallowed the pixels to integrate from: solve over the outline alone
            m = tiles(matte(all, grown, grown, bw, bh), inner, w, h);
            return Profile.of(m.rgba(), inner, w, h, sampled, usedAll, sample.seen(), m.residual(), intensity);
        }
    }

    /** Where the mark is and how each image is shifted: the frame-wide part of {@link #learn}. */
    private record Search(Rect box, int[] shifts, double[] scores, float[] towards, float[][][] grad,
                          float threshold) {
    }

    /**
     * Finds the mark's support and box in {@code rgbs} (all {@code w x h}) and aligns them within {@code maxShift};
     * the result's gradients are the images' projected on {@code towards}, and its threshold the level above which
     * their median gradient is the mark's.
     */
    private Search search(List<byte[]> rgbs, int w, int h, int maxShift) {
        int k = rgbs.size(), n = w * h;
        int[] zero = new int[k * 2];
        ColourEdges.Planes planes = (i, c, out) -> ColourEdges.fill(rgbs.get(i), c, out);
        ColourEdges.Scratch scratch = new ColourEdges.Scratch(k, n);
        ColourEdges edges = ColourEdges.of(planes, k, zero, w, h, scratch);
        float[] scales = edges.scales();
        float[] magnitude = edges.strongest(scales);
        float threshold = threshold(magnitude);
        boolean[] support = mainClusters(dropSmall(above(magnitude, threshold), w, h), w, h);
        Rect box = bounds(support, w, h);
        int[] shifts = new int[k * 2];
        double[] scores = new double[k];
        if (box == null && maxShift > 0) {
            // Strokes thinner than the images' shifts cancel in the median of unaligned gradients. Blurred by about
            // the shift, the copies overlap again: find the mark and a first alignment there, then refine below.
            int radius = Math.max(1, maxShift / 2);
            float[][][] blurred = scratch.gradients(); // (free until the colour edges are taken again below)
            IntStream.range(0, k).parallel().forEach(i -> Gradients.sobelInto(Gradients.boxBlur(
                    Gradients.boxBlur(lumaOf(rgbs.get(i), n), w, h, radius), w, h, radius), w, h,
                    blurred[i][0], blurred[i][1]));
            float[][] coarse = medianGradient(blurred, zero, w, h, Rect.of(w, h));
            float[] coarseMagnitude = smoothedMagnitude(coarse, w, h);
            boolean[] coarseSupport = mainClusters(dropSmall(above(coarseMagnitude, threshold(coarseMagnitude)), w, h),
                    w, h);
            Rect coarseBox = bounds(coarseSupport, w, h);
            if (coarseBox != null) {
                align(blurred, coarse, coarseSupport, coarseBox, w, h, shifts, scores, maxShift);
                edges = ColourEdges.of(planes, k, shifts, w, h, scratch);
                scales = edges.scales();
                magnitude = edges.strongest(scales);
                threshold = threshold(magnitude);
                support = mainClusters(dropSmall(above(magnitude, threshold), w, h), w, h);
                box = bounds(support, w, h);
            }
        }
        if (box == null) {
            throw new UnmarkException("no shared watermark found in the " + k + " images: their gradients have no "
                    + "common structure");
        }
        // Alignment: every image's shift against the median over the support, on the images projected on the colour
        // direction of the mark's edges (in which they all show its edges with one sign).
        // (the template is the same projection of the channels' median gradients: a median of the projected images
        // would cost another pass over them for much the same thing)
        float[] towards = edges.projection(support);
        float[][][] grad = scratch.gradients();
        Runnable project = () -> IntStream.range(0, k).parallel().forEach(i -> scratch.withPlane(projected -> {
            ColourEdges.project(rgbs.get(i), towards, projected);
            Gradients.sobelInto(projected, w, h, grad[i][0], grad[i][1]);
        }));
        project.run();
        float[][] med = edges.along(towards);
        align(grad, med, support, box, w, h, shifts, scores, maxShift);
        // The first template is the median of unaligned images: where they are shifted, thin strokes blur or cancel
        // in it and some shifts come out wrong. Realign against the median of the aligned images until the shifts
        // settle (a few rounds: each sharpens the template).
        for (int round = 0; round < ALIGN_ROUNDS; round++) {
            if (!anyShift(shifts)) {
                break;
            }
            ColourEdges alignedEdges = ColourEdges.of(planes, k, shifts, w, h, scratch);
            project.run(); // the buffers held the channels' gradients meanwhile
            float[][] aligned = alignedEdges.along(towards);
            boolean[] sharper = mainClusters(dropSmall(above(alignedEdges.strongest(scales), threshold), w, h), w, h);
            Rect sharperBox = bounds(sharper, w, h);
            if (sharperBox == null) {
                break;
            }
            int[] again = new int[k * 2];
            double[] againScores = new double[k];
            align(grad, aligned, sharper, sharperBox, w, h, again, againScores, maxShift);
            boolean same = Arrays.equals(again, shifts);
            shifts = again;
            scores = againScores;
            med = aligned;
            support = sharper;
            box = sharperBox;
            if (same) {
                break;
            }
        }
        return new Search(box, shifts, scores, towards, grad, threshold(smoothedMagnitude(med, w, h)));
    }

    /** Frames above this many pixels are searched at a reduced resolution (see {@link #searchReduced}). */
    private static final int SEARCH_PIXELS = 1 << 22;
    /** Rows between the rows sampled for the full-resolution threshold of a reduced search. */
    private static final int THRESHOLD_ROW_STEP = 8;
    /** Rounds of full-resolution realignment after a reduced search. */
    private static final int REFINE_ROUNDS = 2;

    /** The reduction (an integer factor) that brings {@code n} pixels to at most {@code searchPixels}. */
    static int searchFactor(long n, long searchPixels) {
        return (int) Math.max(1, Math.ceil(Math.sqrt((double) n / searchPixels)));
    }

    /**
     * {@link #search} for large photos: the frame-wide steps (three median passes over every image, 8 bytes a pixel
     * per image) run on the images reduced by {@code f} (box average), so their cost follows the mark's share of
     * the frame rather than the photos' megapixels; then, at full resolution and only over the box, each image is
     * realigned within {@code f} px against the median of the others' projected gradients, and the threshold for
     * the outline is the full-resolution frame's, estimated from every {@link #THRESHOLD_ROW_STEP}th row.
     */
    private Search searchReduced(List<byte[]> rgbs, int w, int h, int f) {
        int k = rgbs.size(), sw = w / f, sh = h / f;
        List<byte[]> small = IntStream.range(0, k).parallel().mapToObj(i -> reduce(rgbs.get(i), w, sw, sh, f))
                .toList();
        Search coarse = search(small, sw, sh, (config.maxShift() + f - 1) / f);
        Rect cb = coarse.box();
        Rect box = new Rect(cb.x() * f, cb.y() * f, cb.width() * f, cb.height() * f).expand(f)
                .intersect(Rect.of(w, h));
        int[] shifts = new int[k * 2];
        for (int i = 0; i < shifts.length; i++) {
            shifts[i] = coarse.shifts()[i] * f;
        }
        double[] scores = coarse.scores().clone();
        float[] towards = coarse.towards();
        float threshold = threshold(rgbs, w, h, towards);
        int bw = box.width(), bh = box.height();
        for (int round = 0; round < REFINE_ROUNDS; round++) {
            int[] at = shifts;
            // each image's gradients over the box widened by the search radius, once: the box's slice of them makes
            // the template, the whole of them is searched
            Rect[] region = new Rect[k];
            float[][][] wide = new float[k][][], g = new float[k][][];
            IntStream.range(0, k).parallel().forEach(i -> {
                region[i] = new Rect(box.x() + at[2 * i] - f, box.y() + at[2 * i + 1] - f, bw + 2 * f, bh + 2 * f)
                        .intersect(Rect.of(w, h));
                wide[i] = projectedGradients(rgbs.get(i), w, h, region[i], towards);
                Rect r = new Rect(box.x() + at[2 * i], box.y() + at[2 * i + 1], bw, bh);
                if (region[i].intersect(r).equals(r)) {
                    g[i] = slice(wide[i], region[i], r);
                }
            });
            float[][][] inside = Arrays.stream(g).filter(Objects::nonNull).toArray(float[][][]::new);
            if (inside.length < MIN_IMAGES) {
                break;
            }
            float[][] template = medianGradient(inside, new int[inside.length * 2], bw, bh, Rect.of(bw, bh));
            float[] magnitude = smoothedMagnitude(template, bw, bh);
            int[] idx = IntStream.range(0, bw * bh).filter(p -> magnitude[p] > threshold).toArray();
            if (idx.length < MIN_SUPPORT) {
                break;
            }
            int[] next = shifts.clone();
            IntStream.range(0, k).parallel().forEach(i -> {
                Rect rg = region[i];
                double[] b = Gradients.bestShift(wide[i][0], wide[i][1], rg.width(), rg.height(), template[0],
                        template[1], idx, bw, box.x() + at[2 * i] - rg.x(), box.y() + at[2 * i + 1] - rg.y(), bw, bh,
                        f);
                next[2 * i] += (int) b[0];
                next[2 * i + 1] += (int) b[1];
                scores[i] = b[2];
            });
            boolean same = Arrays.equals(next, shifts);
            shifts = next;
            if (same) {
                break;
            }
        }
        return new Search(box, shifts, scores, towards, null, threshold);
    }

    /** The part {@code r} of gradient planes over {@code region} (which contains it). */
    private static float[][] slice(float[][] g, Rect region, Rect r) {
        float[][] out = {new float[r.width() * r.height()], new float[r.width() * r.height()]};
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < r.height(); j++) {
                System.arraycopy(g[c], (r.y() - region.y() + j) * region.width() + r.x() - region.x(), out[c],
                        j * r.width(), r.width());
            }
        }
        return out;
    }

    /** {@code rgb} ({@code w} wide) reduced by {@code f}: the mean of each f x f block, {@code sw x sh} blocks. */
    private static byte[] reduce(byte[] rgb, int w, int sw, int sh, int f) {
        byte[] out = new byte[sw * sh * 3];
        int[] sum = new int[sw * 3];
        for (int by = 0; by < sh; by++) {
            Arrays.fill(sum, 0);
            for (int y = by * f; y < by * f + f; y++) {
                for (int x = 0; x < sw * f; x++) {
                    int src = (y * w + x) * 3, dst = (x / f) * 3;
                    sum[dst] += rgb[src] & 0xff;
                    sum[dst + 1] += rgb[src + 1] & 0xff;
                    sum[dst + 2] += rgb[src + 2] & 0xff;
                }
            }
            for (int i = 0; i < sw * 3; i++) {
                out[by * sw * 3 + i] = (byte) Math.round(sum[i] / (float) (f * f));
            }
        }
        return out;
    }

    /**
     * Sobel gradients of {@code rgb} projected on {@code u} over {@code r} (inside the frame), exactly as over the
     * whole frame: neighbours outside {@code r} are read from the image, the frame's border replicated.
     */
    static float[][] projectedGradients(byte[] rgb, int w, int h, Rect r, float[] u) {
        int pw = r.width() + 2, ph = r.height() + 2;
        float[] plane = new float[pw * ph];
        for (int j = 0; j < ph; j++) {
            int y = Math.max(0, Math.min(h - 1, r.y() + j - 1));
            for (int i = 0; i < pw; i++) {
                int x = Math.max(0, Math.min(w - 1, r.x() + i - 1)), p = (y * w + x) * 3;
                plane[j * pw + i] = u[0] * (rgb[p] & 0xff) + u[1] * (rgb[p + 1] & 0xff) + u[2] * (rgb[p + 2] & 0xff);
            }
        }
        float[][] g = Gradients.sobel(plane, pw, ph);
        float[][] out = {new float[r.width() * r.height()], new float[r.width() * r.height()]};
        for (int c = 0; c < 2; c++) {
            for (int j = 0; j < r.height(); j++) {
                System.arraycopy(g[c], (j + 1) * pw + 1, out[c], j * r.width(), r.width());
            }
        }
        return out;
    }

    /**
     * {@link #threshold} of the smoothed median gradient of the images projected on {@code u}, over every
     * {@link #THRESHOLD_ROW_STEP}th row of the full-resolution frame (a sample of the same statistics: the photos'
     * median of noise, of which the mark is a rare outlier).
     */
    private static float threshold(List<byte[]> rgbs, int w, int h, float[] u) {
        int k = rgbs.size();
        int[] rows = IntStream.iterate(1, j -> j < h - 1, j -> j + THRESHOLD_ROW_STEP).toArray();
        float[][] sampled = new float[rows.length][];
        IntStream.range(0, rows.length).parallel().forEach(t -> {
            Rect strip = new Rect(0, rows[t] - 1, w, 3);
            float[][][] g = new float[k][][];
            for (int i = 0; i < k; i++) {
                g[i] = projectedGradients(rgbs.get(i), w, h, strip, u);
            }
            float[] sm = smoothedMagnitude(medianGradient(g, new int[k * 2], w, 3, Rect.of(w, 3)), w, 3);
            sampled[t] = Arrays.copyOfRange(sm, w, 2 * w);
        });
        float[] all = new float[rows.length * w];
        for (int t = 0; t < rows.length; t++) {
            System.arraycopy(sampled[t], 0, all, t * w, w);
        }
        return threshold(all);
    }

    /**
     * Crops of the sampled images of other sizes at the learned box: each placed by the anchors
     * ({@link Profile#expectedAt(Rect, int, int, int, int)}: the mark keeps its pixel size and its distance to the
     * nearest edge, or its offset from the centre) and aligned within {@link LearnConfig#maxShift()} by the same
     * gradient correlation as the others; images that do not correlate, or where the box falls off the frame, are
     * left out. The mark itself is found in the images of the commonest size; these only join the matting.
     */
    private float[][] placeOthers(List<ImageSample.Entry> others, Rect inner, float[][] boxMed, boolean[] core,
                                  float[] towards, int w, int h) {
        int bw = inner.width(), bh = inner.height();
        int[] idx = IntStream.range(0, core.length).filter(p -> core[p]).toArray();
        if (idx.length == 0) {
            return new float[0][];
        }
        float[][] out = new float[others.size()][];
        IntStream.range(0, others.size()).parallel().forEach(i -> {
            ImageSample.Entry e = others.get(i);
            int ow = e.width(), oh = e.height();
            int[] at = Profile.expectedAt(inner, w, h, ow, oh);
            float[] projected = new float[ow * oh];
            ColourEdges.project(e.rgb(), towards, projected);
            float[][] g = Gradients.sobel(projected, ow, oh);
            double[] b = Gradients.bestShift(g[0], g[1], ow, oh, boxMed[0], boxMed[1], idx, bw, at[0], at[1], bw, bh,
                    config.maxShift());
            int x = at[0] + (int) b[0], y = at[1] + (int) b[1];
            if (b[2] >= config.minScore() && x >= 0 && y >= 0 && x + bw <= ow && y + bh <= oh) {
                out[i] = crop(e.rgb(), ow, new Rect(x, y, bw, bh), 0, 0);
            }
        });
        return Arrays.stream(out).filter(Objects::nonNull).toArray(float[][]::new);
    }

    private static float[] lumaOf(byte[] rgb, int n) {
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            y[i] = 0.299f * (rgb[i * 3] & 0xff) + 0.587f * (rgb[i * 3 + 1] & 0xff) + 0.114f * (rgb[i * 3 + 2] & 0xff);
        }
        return y;
    }

    /** Per-pixel median of the images' gradients (each read at its shift) over {@code r}. */
    static float[][] medianGradient(float[][][] grad, int[] shifts, int w, int h, Rect r) {
        int k = grad.length;
        float[][] out = {new float[w * h], new float[w * h]};
        IntStream.range(0, h).parallel().forEach(j -> {
            float[] v = new float[k];
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < w; i++) {
                    int m = 0;
                    for (int s = 0; s < k; s++) {
                        int x = i + shifts[2 * s], y = j + shifts[2 * s + 1];
                        if (x >= 0 && y >= 0 && x < w && y < h) {
                            v[m++] = grad[s][c][y * w + x];
                        }
                    }
                    out[c][j * w + i] = median(v, m);
                }
            }
        });
        return out;
    }

    /** Median of {@code v[0..m)} (reordered), by selection: it runs per pixel per image set, sorting cost 3x more. */
    static float median(float[] v, int m) {
        if (m == 0) {
            return 0;
        }
        float upper = select(v, m, m / 2);
        if (m % 2 == 1) {
            return upper;
        }
        float lower = v[0];
        for (int i = 1; i < m / 2; i++) {
            lower = Math.max(lower, v[i]); // after selection, v[0..m/2) holds the values below the upper middle
        }
        return 0.5f * (lower + upper);
    }

    /** The {@code k}-th smallest of {@code v[0..m)}, leaving smaller values before index k (Hoare's selection). */
    private static float select(float[] v, int m, int k) {
        int lo = 0, hi = m - 1;
        while (lo < hi) {
            float pivot = v[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (v[i] < pivot) {
                    i++;
                }
                while (v[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = v[i];
                    v[i] = v[j];
                    v[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                break;
            }
        }
        return v[k];
    }

    /** The median gradient's magnitude, smoothed over 3x3. */
    static float[] smoothedMagnitude(float[][] med, int w, int h) {
        int n = w * h;
        float[] mag = new float[n];
        for (int p = 0; p < n; p++) {
            mag[p] = (float) Math.hypot(med[0][p], med[1][p]);
        }
        return smooth3(mag, w, h);
    }

    private static float[] smooth3(float[] mag, int w, int h) {
        int n = w * h;
        float[] sm = new float[n];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                float s = 0;
                int c = 0;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int x = i + dx, y = j + dy;
                        if (x >= 0 && y >= 0 && x < w && y < h) {
                            s += mag[y * w + x];
                            c++;
                        }
                    }
                }
                sm[j * w + i] = s / c;
            }
        }
        return sm;
    }

    /**
     * The level above which the smoothed median gradient is the mark's, set robustly from its distribution over the
     * whole image (median plus 8 MADs, at least 2 levels per pixel): photos leave a median of noise, the mark a
     * consistent edge. Only over the whole image is the mark the rare outlier these statistics assume.
     */
    private static float threshold(float[] sm) {
        int n = sm.length;
        float[] sorted = sm.clone();
        Arrays.sort(sorted);
        float medv = sorted[n / 2];
        float[] dev = new float[n];
        for (int p = 0; p < n; p++) {
            dev[p] = Math.abs(sm[p] - medv);
        }
        Arrays.sort(dev);
        return Math.max(2f, medv + 8 * 1.4826f * dev[n / 2]);
    }

    private static boolean[] above(float[] v, float threshold) {
        boolean[] out = new boolean[v.length];
        for (int p = 0; p < v.length; p++) {
            out[p] = v[p] > threshold;
        }
        return out;
    }

    /**
     * The support without the photos' stray coincidences: its pieces within {@link #CLUSTER_REACH} of each other
     * form clusters; those with at least {@link #MAIN_CLUSTER} of the heaviest one's pixels are the mark, and the
     * lighter ones are kept only inside the main clusters' box (a logo's outline broken where it barely contrasts
     * with the photos). Strays elsewhere would widen the box and, through the convex hull, the solved domain.
     */
    private static boolean[] mainClusters(boolean[] s, int w, int h) {
        boolean[] near = grow(s, w, h, CLUSTER_REACH);
        int[] label = new int[s.length];
        Arrays.fill(label, -1);
        int[] stack = new int[s.length];
        List<int[]> stats = new ArrayList<>(); // weight, minX, minY, maxX, maxY
        for (int start = 0; start < s.length; start++) {
            if (!near[start] || label[start] >= 0) {
                continue;
            }
            int id = stats.size(), top = 0;
            int[] st = {0, w, h, -1, -1};
            stats.add(st);
            stack[top++] = start;
            label[start] = id;
            while (top > 0) {
                int p = stack[--top], x = p % w, y = p / w;
                if (s[p]) {
                    st[0]++;
                    st[1] = Math.min(st[1], x);
                    st[2] = Math.min(st[2], y);
                    st[3] = Math.max(st[3], x);
                    st[4] = Math.max(st[4], y);
                }
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, yy = y + dy, q = yy * w + xx;
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h && near[q] && label[q] < 0) {
                            label[q] = id;
                            stack[top++] = q;
                        }
                    }
                }
            }
        }
        int heaviest = stats.stream().mapToInt(st -> st[0]).max().orElse(0);
        boolean[] keep = new boolean[stats.size()];
        int x0 = w, y0 = h, x1 = -1, y1 = -1;
        for (int c = 0; c < keep.length; c++) {
            int[] st = stats.get(c);
            if (st[0] >= MAIN_CLUSTER * heaviest) {
                keep[c] = true;
                x0 = Math.min(x0, st[1]);
                y0 = Math.min(y0, st[2]);
                x1 = Math.max(x1, st[3]);
                y1 = Math.max(y1, st[4]);
            }
        }
        int slack = MARGIN + SUPPORT_GROWTH;
        for (int c = 0; c < keep.length; c++) {
            int[] st = stats.get(c);
            keep[c] |= st[0] > 0 && st[1] >= x0 - slack && st[2] >= y0 - slack && st[3] <= x1 + slack
                    && st[4] <= y1 + slack;
        }
        boolean[] out = new boolean[s.length];
        for (int p = 0; p < s.length; p++) {
            out[p] = s[p] && keep[label[p]];
        }
        return out;
    }

    /** Removes 8-connected components smaller than {@link #MIN_COMPONENT} px: isolated noise, not a mark's edge. */
    private static boolean[] dropSmall(boolean[] s, int w, int h) {
        boolean[] out = s.clone(), seen = new boolean[s.length];
        int[] stack = new int[s.length], comp = new int[s.length];
        for (int start = 0; start < s.length; start++) {
            if (!s[start] || seen[start]) {
                continue;
            }
            int top = 0, m = 0;
            stack[top++] = start;
            seen[start] = true;
            while (top > 0) {
                int p = stack[--top];
                comp[m++] = p;
                int x = p % w, y = p / w;
                for (int dy = -1; dy <= 1; dy++) {
                    for (int dx = -1; dx <= 1; dx++) {
                        int xx = x + dx, yy = y + dy, q = yy * w + xx;
                        if (xx >= 0 && yy >= 0 && xx < w && yy < h && s[q] && !seen[q]) {
                            seen[q] = true;
                            stack[top++] = q;
                        }
                    }
                }
            }
            if (m < MIN_COMPONENT) {
                for (int i = 0; i < m; i++) {
                    out[comp[i]] = false;
                }
            }
        }
        return out;
    }

    /**
     * The support with its enclosed holes filled (a logo's body, the counter of an "o"): where the outline itself
     * says the mark is. Pixels 4-connected to the box's border without crossing the support stay outside.
     */
    private static boolean[] fillHoles(boolean[] s, int w, int h) {
        boolean[] outside = new boolean[s.length];
        int[] stack = new int[s.length];
        int top = 0;
        for (int p = 0; p < s.length; p++) {
            int x = p % w, y = p / w;
            if (!s[p] && (x == 0 || y == 0 || x == w - 1 || y == h - 1)) {
                outside[p] = true;
                stack[top++] = p;
            }
        }
        while (top > 0) {
            int p = stack[--top], x = p % w, y = p / w;
            int[] next = {x > 0 ? p - 1 : -1, x + 1 < w ? p + 1 : -1, y > 0 ? p - w : -1, y + 1 < h ? p + w : -1};
            for (int q : next) {
                if (q >= 0 && !s[q] && !outside[q]) {
                    outside[q] = true;
                    stack[top++] = q;
                }
            }
        }
        boolean[] out = new boolean[s.length];
        for (int p = 0; p < s.length; p++) {
            out[p] = !outside[p];
        }
        return out;
    }

    /**
     * The convex hull of the support, as pixels whose centre lies in it: the median gradient finds a logo's outline
     * only where it contrasts with the photos, and an outline with gaps encloses no holes, so filling holes would
     * leave the body of a logo unsolved. Inside the hull the opacity steps found elsewhere decide (gaps between
     * letters integrate back to 0).
     */
    private static boolean[] convexHull(boolean[] s, int w, int h) {
        // monotone chain over the leftmost and rightmost support pixel of each row (the others are inside)
        int[] xs = new int[2 * h], ys = new int[2 * h];
        int m = 0;
        for (int y = 0; y < h; y++) {
            int lo = -1, hi = -1;
            for (int x = 0; x < w; x++) {
                if (s[y * w + x]) {
                    if (lo < 0) {
                        lo = x;
                    }
                    hi = x;
                }
            }
            if (lo >= 0) {
                xs[m] = lo;
                ys[m++] = y;
                if (hi != lo) {
                    xs[m] = hi;
                    ys[m++] = y;
                }
            }
        }
        boolean[] out = new boolean[s.length];
        if (m < 3) {
            return s.clone();
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> xs[a] != xs[b] ? Integer.compare(xs[a], xs[b]) : Integer.compare(ys[a], ys[b]));
        int[] hx = new int[2 * m], hy = new int[2 * m];
        int k = 0;
        for (int pass = 0; pass < 2; pass++) {
            int start = k;
            for (int t = 0; t < m; t++) {
                int i = order[pass == 0 ? t : m - 1 - t];
                while (k >= start + 2 && (long) (hx[k - 1] - hx[k - 2]) * (ys[i] - hy[k - 2])
                        - (long) (hy[k - 1] - hy[k - 2]) * (xs[i] - hx[k - 2]) <= 0) {
                    k--;
                }
                hx[k] = xs[i];
                hy[k++] = ys[i];
            }
            k--; // the last point of each chain starts the other
        }
        if (k < 3) {
            return s.clone();
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                boolean inside = true;
                for (int e = 0; e < k && inside; e++) {
                    int f = (e + 1) % k;
                    inside = (long) (hx[f] - hx[e]) * (y - hy[e]) - (long) (hy[f] - hy[e]) * (x - hx[e]) >= 0;
                }
                out[y * w + x] = inside || s[y * w + x];
            }
        }
        return out;
    }

    /**
     * Clears the opacity below {@link #FAINT} outside the outline and its holes ({@code solid}): there the hull only
     * offered room for a body the outline missed, and a faint value is the texture's leftover (between the letters
     * of a text line, say), which would only send pixels to the fill stage.
     */
    private static void dropFaint(Image rgba, boolean[] solid) {
        float[] a = rgba.alpha(), rgb = rgba.rgb();
        for (int p = 0; p < a.length; p++) {
            if (!solid[p] && a[p] < FAINT) {
                a[p] = 0;
                rgb[p * 3] = rgb[p * 3 + 1] = rgb[p * 3 + 2] = 0;
            }
        }
    }

    private static int count(boolean[] s) {
        int n = 0;
        for (boolean b : s) {
            n += b ? 1 : 0;
        }
        return n;
    }

    private static Rect bounds(boolean[] s, int w, int h) {
        int minX = w, minY = h, maxX = -1, maxY = -1, count = 0;
        for (int p = 0; p < s.length; p++) {
            if (s[p]) {
                int x = p % w, y = p / w;
                minX = Math.min(minX, x);
                maxX = Math.max(maxX, x);
                minY = Math.min(minY, y);
                maxY = Math.max(maxY, y);
                count++;
            }
        }
        if (count < MIN_SUPPORT) {
            return null;
        }
        return new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1).expand(MARGIN).intersect(Rect.of(w, h));
    }

    private void align(float[][][] grad, float[][] med, boolean[] support, Rect box, int w, int h, int[] shifts,
                       double[] scores, int maxShift) {
        int bw = box.width(), bh = box.height();
        List<Integer> idx = new ArrayList<>();
        float[] mx = new float[bw * bh], my = new float[bw * bh];
        for (int j = 0; j < bh; j++) {
            for (int i = 0; i < bw; i++) {
                int p = (box.y() + j) * w + box.x() + i;
                mx[j * bw + i] = med[0][p];
                my[j * bw + i] = med[1][p];
                if (support[p]) {
                    idx.add(j * bw + i);
                }
            }
        }
        int[] ix = idx.stream().mapToInt(Integer::intValue).toArray();
        IntStream.range(0, grad.length).parallel().forEach(s -> {
            double[] b = Gradients.bestShift(grad[s][0], grad[s][1], w, h, mx, my, ix, bw, box.x(), box.y(), bw, bh,
                    maxShift);
            shifts[2 * s] = (int) b[0];
            shifts[2 * s + 1] = (int) b[1];
            scores[s] = b[2];
        });
    }

    private static boolean anyShift(int[] shifts) {
        for (int v : shifts) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    private static Rect inner(Rect box, int[] shifts, List<Integer> used, int w, int h) {
        int x0 = box.x(), y0 = box.y(), x1 = box.right(), y1 = box.bottom();
        for (int i : used) {
            x0 = Math.max(x0, -shifts[2 * i]);
            y0 = Math.max(y0, -shifts[2 * i + 1]);
            x1 = Math.min(x1, w - shifts[2 * i]);
            y1 = Math.min(y1, h - shifts[2 * i + 1]);
        }
        return new Rect(x0, y0, x1 - x0, y1 - y0);
    }

    private static float[] crop(byte[] rgb, int w, Rect r, int dx, int dy) {
        float[] out = new float[r.width() * r.height() * 3];
        for (int j = 0; j < r.height(); j++) {
            int src = ((r.y() + dy + j) * w + r.x() + dx) * 3, dst = j * r.width() * 3;
            for (int i = 0; i < r.width() * 3; i++) {
                out[dst + i] = rgb[src + i] & 0xff;
            }
        }
        return out;
    }

    private static float[] cropPlane(float[] v, int w, Rect r, int dx, int dy) {
        float[] out = new float[r.width() * r.height()];
        for (int j = 0; j < r.height(); j++) {
            System.arraycopy(v, (r.y() + dy + j) * w + r.x() + dx, out, j * r.width(), r.width());
        }
        return out;
    }

    private static boolean[] grow(boolean[] s, int w, int h, int r) {
        boolean[] out = new boolean[s.length];
        for (int p = 0; p < s.length; p++) {
            if (!s[p]) {
                continue;
            }
            int x = p % w, y = p / w;
            for (int dy = -r; dy <= r; dy++) {
                for (int dx = -r; dx <= r; dx++) {
                    int xx = x + dx, yy = y + dy;
                    if (xx >= 0 && yy >= 0 && xx < w && yy < h && dx * dx + dy * dy <= r * r + 1) {
                        out[yy * w + xx] = true;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Poisson reconstruction of the mark (its edges' median gradients in the projection the images were aligned on)
     * over the collection's average photo, 0 on the box's border; only its peak is reported.
     */
    private static float[] poisson(float[][] med, int w, int h) {
        // Over a large box the solve takes seconds (12 MP photos: 10 s for a 1200 px mark) for one reported number:
        // reconstruct from the gradients pooled over f x f blocks instead (each block's mean times f is the step
        // between neighbouring blocks' means), a grid of at most POISSON_PIXELS.
        int f = (int) Math.ceil(Math.sqrt((double) w * h / POISSON_PIXELS));
        if (f > 1) {
            int cw = (w + f - 1) / f, ch = (h + f - 1) / f;
            float[][] pooled = {new float[cw * ch], new float[cw * ch]};
            int[] count = new int[cw * ch];
            for (int p = 0; p < w * h; p++) {
                int q = (p / w / f) * cw + (p % w) / f;
                pooled[0][q] += med[0][p];
                pooled[1][q] += med[1][p];
                count[q]++;
            }
            for (int q = 0; q < cw * ch; q++) {
                pooled[0][q] *= (float) f / count[q];
                pooled[1][q] *= (float) f / count[q];
            }
            return poisson(pooled, cw, ch);
        }
        float[] dx = new float[w * h], dy = new float[w * h];
        for (int p = 0; p < w * h; p++) {
            int x = p % w, y = p / w;
            // Sobel is a central difference: the forward difference wanted is the mean of the two ends'
            dx[p] = x + 1 < w ? 0.5f * (med[0][p] + med[0][p + 1]) : 0;
            dy[p] = y + 1 < h ? 0.5f * (med[1][p] + med[1][p + w]) : 0;
        }
        boolean[] border = new boolean[w * h];
        for (int p = 0; p < w * h; p++) {
            int x = p % w, y = p / w;
            border[p] = x == 0 || y == 0 || x == w - 1 || y == h - 1;
        }
        float[] out = new float[w * h];
        // it only reports the mark's contrast (initial_contrast): a residual of 1e-3 of the start is plenty
        Poisson.solve(w, h, dx, dy, border, out, ITERATIONS, 1e-6);
        return out;
    }

    /** The learned mark: RGBA (straight alpha, 0-255) over the box, and the fit's residual. */
    record Matting(Image rgba, double residual) {
    }

    /**
     * Step 3 of the class comment, on the aligned crops: solved over {@code domain}, with the opacity steps on
     * {@code edges} (the mark's outline) never thresholded away.
     */
    private Matting matte(float[][] crops, boolean[] domain, boolean[] edges, int w, int h) {
        int k = crops.length, n = w * h;
        boolean[] fixed = new boolean[n];
        int free = 0;
        for (int p = 0; p < n; p++) {
            fixed[p] = !domain[p];
            free += domain[p] ? 1 : 0;
        }
        if (free == n) {
            // the integrations need pixels known to lie outside the mark: the box's border, if nothing else
            for (int p = 0; p < n; p++) {
                int x = p % w, y = p / w;
                fixed[p] = x == 0 || y == 0 || x == w - 1 || y == h - 1;
            }
        }
        // spread across images per pixel, all channels pooled
        double[] var = new double[n];
        IntStream.range(0, n).parallel().forEach(p -> {
            double v = 0;
            for (int c = 0; c < 3; c++) {
                double s = 0, s2 = 0;
                for (float[] J : crops) {
                    double x = J[p * 3 + c];
                    s += x;
                    s2 += x * x;
                }
                v += Math.max(0, s2 / k - (s / k) * (s / k));
            }
            var[p] = v;
        });
        float tau = (float) config.edgeThreshold();
        float[] gx = new float[n], gy = new float[n];
        for (int p = 0; p < n; p++) {
            int x = p % w, y = p / w;
            if (x + 1 < w && (domain[p] || domain[p + 1])) {
                gx[p] = step(var[p], var[p + 1], edges[p] && edges[p + 1] ? 0 : tau);
            }
            if (y + 1 < h && (domain[p] || domain[p + w])) {
                gy[p] = step(var[p], var[p + w], edges[p] && edges[p + w] ? 0 : tau);
            }
        }
        float[] logS = new float[n];
        Poisson.solve(w, h, gx, gy, fixed, logS, ITERATIONS);
        float[] s = new float[n];
        for (int p = 0; p < n; p++) {
            s[p] = (float) Math.max(0.02, Math.min(1, Math.exp(logS[p])));
            if (!domain[p]) {
                s[p] = 1;
            }
        }
        measurePieces(crops, s, domain, w, h);
        // v = b / s per channel from the median of the recovered differences across each edge
        float[][] v = new float[3][];
        double[] misfit = new double[3];
        IntStream.range(0, 3).parallel().forEach(c -> {
            float[] dx = new float[n], dy = new float[n], buf = new float[k];
            for (int p = 0; p < n; p++) {
                int x = p % w, y = p / w;
                if (x + 1 < w && (domain[p] || domain[p + 1])) {
                    for (int i = 0; i < k; i++) {
                        buf[i] = crops[i][(p + 1) * 3 + c] / s[p + 1] - crops[i][p * 3 + c] / s[p];
                    }
                    dx[p] = median(buf, k);
                }
                if (y + 1 < h && (domain[p] || domain[p + w])) {
                    for (int i = 0; i < k; i++) {
                        buf[i] = crops[i][(p + w) * 3 + c] / s[p + w] - crops[i][p * 3 + c] / s[p];
                    }
                    dy[p] = median(buf, k);
                }
            }
            float[] vc = new float[n];
            Poisson.solve(w, h, dx, dy, fixed, vc, ITERATIONS);
            double e = 0;
            int m = 0;
            for (int p = 0; p < n; p++) {
                int x = p % w, y = p / w;
                if (domain[p] && x + 1 < w && y + 1 < h) {
                    e += sq(vc[p + 1] - vc[p] - dx[p]) + sq(vc[p + w] - vc[p] - dy[p]);
                    m += 2;
                }
            }
            misfit[c] = m == 0 ? 0 : e / m;
            v[c] = vc;
        });
        float[] rgb = new float[n * 3], alpha = new float[n];
        for (int p = 0; p < n; p++) {
            float a = 1 - s[p];
            if (a * 255 < 0.5f) {
                continue;
            }
            alpha[p] = a * 255;
            for (int c = 0; c < 3; c++) {
                float b = v[c][p] * s[p];
                rgb[p * 3 + c] = Math.max(0, Math.min(255, b / a));
            }
        }
        return new Matting(Image.wrap(w, h, rgb, alpha), Math.sqrt((misfit[0] + misfit[1] + misfit[2]) / 3));
    }

    /** Colour step (0-255, largest channel, between neighbours) that separates two colours of the mark. */
    private static final float COLOUR_EDGE = 12f;
    /** Least pixels of a flat colour region whose colour is replaced by its median. */
    private static final int MIN_FLAT = 400;
    /** Least change (levels) of a region's fitted colour plane across it for the region to keep it as a gradient. */
    private static final double GRADIENT_SPAN = 16;

    /**
     * In the thick inside of the mark (every pixel within {@link #RIM} px solid), regions of one colour, separated
     * where the learned colour steps by {@link #COLOUR_EDGE}, take their median colour: a logo's colours are flat,
     * and the integration of the recovered differences leaves slow blotches of several levels across a large body
     * (the photos' structure leaks in), which the recovery divides by {@code 1 - a}. A region whose robustly fitted
     * colour plane changes by {@link #GRADIENT_SPAN} levels or more across it is a gradient fill (logos use linear
     * gradients as often as flat colours) and takes the plane instead: its median would be off by half the
     * gradient at either end.
     */
    private static int[] flattenColour(Image rgba) {
        int w = rgba.width(), h = rgba.height(), n = w * h;
        float[] a = rgba.alpha(), rgb = rgba.rgb();
        boolean[] solid = new boolean[n];
        for (int p = 0; p < n; p++) {
            solid[p] = a[p] > 0.5f;
        }
        boolean[] inside = new boolean[n];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                inside[y * w + x] = Pixels.deep(solid, w, h, x, y, RIM);
            }
        }
        int[] region = new int[n];
        Arrays.fill(region, -1);
        int[] queue = new int[n];
        int[] dx = {1, -1, 0, 0}, dy = {0, 0, 1, -1};
        int regions = 0, flats = 0;
        int[] flat = new int[n];
        Arrays.fill(flat, -1);
        for (int seed = 0; seed < n; seed++) {
            if (!inside[seed] || region[seed] >= 0) {
                continue;
            }
            int head = 0, tail = 0;
            queue[tail++] = seed;
            region[seed] = regions;
            while (head < tail) {
                int p = queue[head++];
                int x = p % w, y = p / w;
                for (int d = 0; d < 4; d++) {
                    int xx = x + dx[d], yy = y + dy[d];
                    if (!Pixels.inside(xx, yy, w, h)) {
                        continue;
                    }
                    int q = yy * w + xx;
                    if (inside[q] && region[q] < 0 && step(rgb, p, q) < COLOUR_EDGE) {
                        region[q] = regions;
                        queue[tail++] = q;
                    }
                }
            }
            regions++;
            if (tail < MIN_FLAT) {
                continue;
            }
            for (int t = 0; t < tail; t++) {
                flat[queue[t]] = flats;
            }
            flats++;
            int[] members = Arrays.copyOf(queue, tail);
            double[][] planes = new double[3][];
            double span = 0;
            for (int c = 0; c < 3; c++) {
                planes[c] = ColourPlane.fit(rgb, members, w, c);
                span = Math.max(span, ColourPlane.span(planes[c], members, w));
            }
            float[] v = new float[tail];
            for (int c = 0; c < 3; c++) {
                for (int t = 0; t < tail; t++) {
                    v[t] = rgb[members[t] * 3 + c];
                }
                float med = median(v, tail);
                for (int t = 0; t < tail; t++) {
                    int q = members[t];
                    rgb[q * 3 + c] = span >= GRADIENT_SPAN ? (float) ColourPlane.at(planes[c], q % w, q / w) : med;
                }
            }
        }
        return flat;
    }

    private static float step(float[] rgb, int p, int q) {
        float m = 0;
        for (int c = 0; c < 3; c++) {
            m = Math.max(m, Math.abs(rgb[p * 3 + c] - rgb[q * 3 + c]));
        }
        return m;
    }

    /** Share of the frame from which a learned mark is examined for a lattice of copies. */
    private static final double TILED_SHARE = 0.5;

    /** A mark over most of the frame that repeats on a lattice: averaged over its copies ({@link LatticeAverage}). */
    private static Matting tiles(Matting m, Rect box, int w, int h) {
        if (box.area() < TILED_SHARE * w * h) {
            return m;
        }
        return LatticeAverage.find(m.rgba())
                .map(l -> new Matting(LatticeAverage.apply(m.rgba(), l), m.residual()))
                .orElse(m);
    }

    private static double sq(double x) {
        return x * x;
    }

    /** Least opacity (from the integration) of a pixel that counts as part of the mark for the pooling. */
    private static final float PART_MIN_ALPHA = 0.05f;
    /** Least pixels of a connected piece of the mark whose opacity is measured across its outline. */
    private static final int MIN_PART = 30;
    /**
     * Depth (px) inside the outline of the inner pixel of a pair, and from which a piece's pixels take the measured
     * opacity (the rim keeps the integration's): the outline found is a pixel or two wider than the mark, and at 2 px
     * the inner pixels still lay on the anti-aliased rim (g1: 0.65 measured for 0.55, at 4 px 0.567).
     */
    private static final int RIM = 4;
    /** Distance (px) outside the outline of the outer pixel of a pair: the first pixel outside. */
    private static final int OUT = 1;
    /**
     * A piece is measured only when at least {@link #THICK_SHARE} of its pixels lie {@link #THICK} px inside it:
     * in strokes (text) the inner pixel of a pair falls on the other side or on the rim, and the measurement came
     * out far from the truth (corner text on the dev bench: 0.47 for 0.25), where the integration was right.
     */
    private static final int THICK = 6;
    private static final double THICK_SHARE = 0.3;
    /** Least outline pairs a piece's measurement needs. */
    private static final int MIN_PAIRS = 20;

    /**
     * Measures {@code s = 1 - a} of each connected piece of the mark across its outline and gives it to the piece's
     * interior. For a pixel {@code o} just outside the outline and {@code i} a few pixels inside, across the images
     * {@code J_k(i) = s I_k(i) + b} with {@code b} the same in every image, so the covariance over images of
     * {@code J(o)} and {@code J(i)} is {@code s} times that of the clean photos at the two pixels; the same
     * covariance between {@code o} and a pixel as far outside stands for the clean one (photos look alike a few
     * pixels either way of a line they do not know about). Summed over the whole outline and the colour channels,
     * the ratio is steady where the integration of per-edge spread ratios drifts with the photos' texture (it left
     * the body of a large logo at half its opacity on the dev bench). The mark's own colour edges do not matter:
     * {@code b} does not vary across images.
     */
    private static void measurePieces(float[][] crops, float[] s, boolean[] domain, int w, int h) {
        int k = crops.length, n = w * h;
        boolean[] mark = new boolean[n];
        for (int p = 0; p < n; p++) {
            mark[p] = domain[p] && 1 - s[p] > PART_MIN_ALPHA;
        }
        int[] dx = {1, -1, 0, 0}, dy = {0, 0, 1, -1};
        for (int[] members : Pixels.members(Pixels.components(mark, w, h))) {
            int size = members.length;
            if (size < MIN_PART) {
                continue;
            }
            int thick = 0;
            for (int t = 0; t < size; t++) {
                if (Pixels.deep(mark, w, h, members[t] % w, members[t] / w, THICK)) {
                    thick++;
                }
            }
            if (thick < THICK_SHARE * size) {
                continue; // strokes: too thin to measure inside, the integration does better there
            }
            // Outline pairs of this piece: q outside next to p inside, along each axis direction.
            double inside = 0, outside = 0;
            int pairs = 0;
            for (int t = 0; t < size; t++) {
                int p = members[t];
                int x = p % w, y = p / w;
                for (int d = 0; d < 4; d++) {
                    // q = p - step is the first pixel outside; o = q - OUT steps; i = p + RIM steps; o2 as far out
                    // from o as i is in from it
                    int qx = x - dx[d], qy = y - dy[d];
                    if (qx < 0 || qy < 0 || qx >= w || qy >= h || mark[qy * w + qx]) {
                        continue;
                    }
                    int ox = qx - OUT * dx[d], oy = qy - OUT * dy[d];
                    int ix = x + RIM * dx[d], iy = y + RIM * dy[d];
                    int gap = RIM + 1 + OUT;
                    int o2x = ox - gap * dx[d], o2y = oy - gap * dy[d];
                    if (!Pixels.inside(ox, oy, w, h) || !Pixels.inside(ix, iy, w, h)
                            || !Pixels.inside(o2x, o2y, w, h)) {
                        continue;
                    }
                    if (!alongAxis(mark, w, x, y, dx[d], dy[d], RIM, true)
                            || !alongAxis(mark, w, qx, qy, -dx[d], -dy[d], OUT + gap, false)) {
                        continue;
                    }
                    int o = oy * w + ox, in = iy * w + ix, o2 = o2y * w + o2x;
                    for (int c = 0; c < 3; c++) {
                        inside += covariance(crops, o * 3 + c, in * 3 + c, k);
                        outside += covariance(crops, o * 3 + c, o2 * 3 + c, k);
                    }
                    pairs++;
                }
            }
            if (pairs < MIN_PAIRS || outside <= 0) {
                continue;
            }
            float measured = (float) Math.max(0.02, Math.min(1, inside / outside));
            for (int t = 0; t < size; t++) {
                int p = members[t];
                if (Pixels.deep(mark, w, h, p % w, p / w, RIM)) {
                    s[p] = measured;
                }
            }
        }
    }

    /** Whether the {@code len} pixels from (x, y) along (dx, dy), (x, y) included, are all inside (or outside). */
    private static boolean alongAxis(boolean[] mark, int w, int x, int y, int dx, int dy, int len, boolean in) {
        for (int t = 0; t <= len; t++) {
            int xx = x + t * dx, yy = y + t * dy;
            if (mark[yy * w + xx] != in) {
                return false;
            }
        }
        return true;
    }

    /** Covariance over the images of two samples (interleaved indices). */
    private static double covariance(float[][] crops, int a, int b, int k) {
        double sa = 0, sb = 0, sab = 0;
        for (float[] c : crops) {
            sa += c[a];
            sb += c[b];
            sab += (double) c[a] * c[b];
        }
        return sab / k - (sa / k) * (sb / k);
    }

    /** The step of {@code log(1 - a)} from {@code p} to {@code q}: half the log-ratio of their spreads, or 0. */
    private static float step(double varP, double varQ, float tau) {
        double eps = 4; // two levels of spread: JPEG noise and flat images do not make edges
        float g = (float) (0.5 * Math.log((varQ + eps) / (varP + eps)));
        return Math.abs(g) < tau ? 0 : g;
    }
}
