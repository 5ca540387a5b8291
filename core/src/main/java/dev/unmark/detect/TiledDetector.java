package dev.unmark.detect;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import dev.unmark.image.Rect;
import dev.unmark.internal.OpenCv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Finds marks repeated on a lattice over the whole frame (stock-site grids: the same semi-transparent text or logo
 * every few hundred pixels, usually on a rotated, staggered grid) and returns a pixel mask of every copy,
 * including copies cut by the border.
 *
 * <p>Method:
 * <ol>
 *   <li>High-pass: luma minus a Gaussian blur, clipped, at a reduced working size. A photo's high-pass
 *       decorrelates within a few pixels; an identical mark repeated at translations {@code i t1 + j t2} keeps its
 *       correlation at those shifts.</li>
 *   <li>Autocorrelation by FFT (Wiener-Khinchin: inverse transform of {@code |F|^2}, zero-padded so shifts do not
 *       wrap), divided by the overlap area of each shift (unbiased estimate) and by the zero-shift value.</li>
 *   <li>Lattice: local maxima away from the centre, refined to sub-pixel by a parabola through each peak and its
 *       neighbours; every pair is Gauss-reduced to a basis {@code t1, t2}, and accepted only if peaks also sit at
 *       {@code t1 + t2} and {@code t1 - t2} (where those shifts are in range), each well above the
 *       autocorrelation's background (median plus a multiple of the 1.4826 MAD). The smallest accepted cell
 *       wins; its vectors are fitted by least squares to all lattice peaks found.</li>
 *   <li>At full resolution the vectors are refined by maximising the energy of the mean tile (the high-pass
 *       averaged over all lattice translates): far copies make it sensitive to errors of a fraction of a pixel,
 *       which the autocorrelation peak alone cannot give on large images.</li>
 *   <li>Median tile: every pixel is assigned to a bin of the unit cell by its fractional lattice coordinates; the
 *       median of the high-pass in each bin cancels the photo and keeps the mark, in every cell of the image.
 *       Polarity (bright or dark mark) from the tile's tails; Otsu's threshold on the tile (at least the noise
 *       level, median plus 3 robust sigmas, and {@link TiledConfig#minContrast()}), mapped back to all pixels.</li>
 *   <li>Coverage: a grid mark is present all over the frame, so the tile must explain the high-pass in most of
 *       a 4x4 split of the image; a periodic scene texture covering part of it fails. Then a small dilation.</li>
 * </ol>
 * Immutable, so safe to share between threads. See {@code docs/detectors.md} for when it fails.
 */
public final class TiledDetector implements WatermarkDetector {

    /** Region kind this detector reports. */
    public static final String KIND = "tiled";

    /** Standard errors a bin's median must stand above zero (one-sided, about 0.1% by chance). */
    private static final double SIGNIFICANCE = 3;

    private final TiledConfig config;

    /**
     * A lattice of repeats in image pixels: copies sit at {@code i t1 + j t2}.
     *
     * @param strength the weakest lattice peak's height above the autocorrelation background, in robust sigmas
     */
    public record Lattice(double t1x, double t1y, double t2x, double t2y, double strength) {

        /** Area of the unit cell in pixels. */
        public double area() {
            return Math.abs(t1x * t2y - t1y * t2x);
        }

        Lattice scaled(double s) {
            return new Lattice(t1x * s, t1y * s, t2x * s, t2y * s, strength);
        }
    }

    public TiledDetector() {
        this(TiledConfig.defaults());
    }

    public TiledDetector(TiledConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public TiledConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "tiled";
    }

    @Override
    public Detection detect(Image image) {
        int w = image.width(), h = image.height();
        float[] grey = luma(image);
        Optional<Lattice> found = findLattice(grey, w, h);
        if (found.isEmpty()) {
            return Detection.none(w, h);
        }
        Lattice lat = found.get();
        double shortest = Math.min(Math.hypot(lat.t1x, lat.t1y), Math.hypot(lat.t2x, lat.t2y));
        double scale = Math.max(1, Math.max(w, h) / (double) config.workingSize());
        // A wider blur than in the search keeps the inside of thick strokes; the averaging removes the photo.
        double sigma = Math.max(config.highPassSigma() * scale, 0.08 * shortest);
        float[] hp = highPass(grey, w, h, sigma, config.clip());
        lat = refine(hp, w, h, lat);
        Cell cell = new Cell(lat);
        int[] bin = cell.bins(w, h);
        float[] error = new float[cell.size()];
        float[] tile = medianTile(hp, bin, cell.size(), config.clip(), error);

        // Polarity from the tails: a white mark makes the tile's upper tail long, a dark one the lower.
        float[] sorted = tile.clone();
        Arrays.sort(sorted);
        float lo = sorted[(int) (0.01 * (sorted.length - 1))], hi = sorted[(int) (0.99 * (sorted.length - 1))];
        float sign = hi >= -lo ? 1 : -1;
        float[] s = new float[tile.length];
        for (int i = 0; i < tile.length; i++) {
            s[i] = sign * tile[i];
        }
        double threshold = threshold(s);
        if (Double.isNaN(threshold)) {
            return Detection.none(w, h);
        }
        // A bin is mark only if its median also stands out from its own copies' spread: with few copies on a
        // textured photo the residue passes a tile-wide threshold, but not this per-bin significance test.
        boolean[] mark = new boolean[s.length];
        for (int i = 0; i < s.length; i++) {
            mark[i] = s[i] >= threshold && s[i] >= SIGNIFICANCE * error[i];
        }
        mark = despeckle(mark, cell.na, cell.nb);
        int on = 0;
        for (boolean b : mark) {
            if (b) {
                on++;
            }
        }
        double share = on / (double) s.length;
        if (share < 0.002 || share > 0.6) { // nothing, or most of the cell: not a mark
            return Detection.none(w, h);
        }
        if (coverage(hp, bin, tile, w, h) < config.minCoverage()) {
            return Detection.none(w, h);
        }
        byte[] m = new byte[w * h];
        for (int i = 0; i < m.length; i++) {
            if (mark[bin[i]]) {
                m[i] = Mask.ON;
            }
        }
        Mask mask = Masks.dilate(Mask.wrap(w, h, m), config.dilateRadius());
        Rect box = mask.setBounds();
        double confidence = Math.min(1, 0.5 * lat.strength() / config.minPeakZ());
        return new Detection(mask, List.of(new Region(box, KIND, confidence, mask.count(), mask.crop(box))));
    }

    /**
     * The lattice of repeats of the image's high-pass signal, in image pixels, or empty when there is no
     * consistent, strong lattice (steps 1-3 of the class documentation; no full-resolution refinement).
     */
    public Optional<Lattice> findLattice(Image image) {
        return findLattice(luma(image), image.width(), image.height());
    }

    /** {@link #findLattice(Image)} from the image's full-resolution luma (not modified). */
    private Optional<Lattice> findLattice(float[] luma, int w, int h) {
        double scale = Math.max(1, Math.max(w, h) / (double) config.workingSize());
        int ww = Math.max(1, (int) Math.round(w / scale)), wh = Math.max(1, (int) Math.round(h / scale));
        float[] grey = luma;
        if (ww != w || wh != h) {
            grey = resize(grey, w, h, ww, wh);
        }
        float[] hp = highPass(grey, ww, wh, config.highPassSigma(), config.clip());
        Acf acf = autocorrelation(hp, ww, wh);
        return acf.lattice().map(l -> l.scaled(w / (double) ww));
    }

    // ---- autocorrelation and lattice search -------------------------------------------------------------------

    private Acf autocorrelation(float[] hp, int w, int h) {
        OpenCv.ensureLoaded();
        int pw = Core.getOptimalDFTSize(2 * w), ph = Core.getOptimalDFTSize(2 * h);
        Mat padded = Mat.zeros(ph, pw, CvType.CV_32F);
        Mat roi = padded.submat(0, h, 0, w);
        Mat spectrum = new Mat();
        Mat power = new Mat();
        Mat corr = new Mat();
        try {
            roi.put(0, 0, hp);
            Core.dft(padded, spectrum, Core.DFT_COMPLEX_OUTPUT);
            Core.mulSpectrums(spectrum, spectrum, power, 0, true); // F conj(F) = |F|^2
            Core.idft(power, corr, Core.DFT_REAL_OUTPUT | Core.DFT_SCALE);
            float[] a = new float[pw * ph];
            corr.get(0, 0, a);
            return new Acf(a, pw, ph, w, h);
        } finally { // explicit: a Mat freed by the GC during a native call crashed the JVM before
            roi.release();
            padded.release();
            spectrum.release();
            power.release();
            corr.release();
        }
    }

    /** The normalised autocorrelation on the shift plane {@code [-(w-1), w-1] x [-(h-1), h-1]}. */
    private final class Acf {
        final int w, h, cw, ch;
        final float[] n; // NaN outside the trusted range
        final double median, sigma;

        Acf(float[] a, int pw, int ph, int w, int h) {
            this.w = w;
            this.h = h;
            cw = 2 * w - 1;
            ch = 2 * h - 1;
            n = new float[cw * ch];
            double zero = a[0] / ((double) w * h);
            double minArea = config.minOverlap() * w * h;
            float[] stats = new float[cw * ch / 4 + cw + ch];
            int count = 0;
            for (int dy = -(h - 1); dy <= h - 1; dy++) {
                for (int dx = -(w - 1); dx <= w - 1; dx++) {
                    double overlap = (double) (w - Math.abs(dx)) * (h - Math.abs(dy));
                    float v = Float.NaN;
                    if (overlap >= minArea && zero > 0) {
                        v = (float) (a[Math.floorMod(dy, ph) * pw + Math.floorMod(dx, pw)] / overlap / zero);
                        if (Math.hypot(dx, dy) >= config.minPeriod() && ((dx * 7 + dy * 13) & 3) == 0) {
                            stats[count++] = v; // a quarter sample is plenty for the background statistics
                        }
                    }
                    n[(dy + h - 1) * cw + dx + w - 1] = v;
                }
            }
            float[] s = Arrays.copyOf(stats, count);
            Arrays.sort(s);
            median = s.length == 0 ? 0 : s[s.length / 2];
            for (int i = 0; i < s.length; i++) {
                s[i] = (float) Math.abs(s[i] - median);
            }
            Arrays.sort(s);
            sigma = s.length == 0 ? Double.POSITIVE_INFINITY : Math.max(1e-6, 1.4826 * s[s.length / 2]);
        }

        float at(int dx, int dy) {
            if (Math.abs(dx) > w - 1 || Math.abs(dy) > h - 1) {
                return Float.NaN;
            }
            return n[(dy + h - 1) * cw + dx + w - 1];
        }

        /** A sub-pixel peak: position and normalised value; z is its height in robust sigmas. */
        record Peak(double x, double y, double value, double z) {
        }

        /** The parabola-refined local maximum within {@code r} of {@code (x, y)}, or null when out of range. */
        Peak near(double x, double y, int r) {
            int bx = 0, by = 0;
            float best = Float.NEGATIVE_INFINITY;
            int cx = (int) Math.round(x), cy = (int) Math.round(y);
            for (int dy = cy - r; dy <= cy + r; dy++) {
                for (int dx = cx - r; dx <= cx + r; dx++) {
                    float v = at(dx, dy);
                    if (!Float.isNaN(v) && v > best) {
                        best = v;
                        bx = dx;
                        by = dy;
                    }
                }
            }
            if (best == Float.NEGATIVE_INFINITY) {
                return null;
            }
            return new Peak(bx + vertex(at(bx - 1, by), best, at(bx + 1, by)),
                    by + vertex(at(bx, by - 1), best, at(bx, by + 1)), best,
                    (best - Math.max(median, ringMax(bx, by))) / sigma);
        }

        /**
         * Largest value on a circle of radius {@code 2 highPassSigma + 2} around a shift: a repeat gives an
         * isolated peak, while the autocorrelation of long scene edges is a ridge that stays high along the
         * edge's direction, so measuring height above this ring (prominence) rejects ridges.
         */
        double ringMax(int cx, int cy) {
            double r = 2 * config.highPassSigma() + 2, m = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < 24; k++) {
                double a = Math.PI * 2 * k / 24;
                float v = at((int) Math.round(cx + r * Math.cos(a)), (int) Math.round(cy + r * Math.sin(a)));
                if (!Float.isNaN(v)) {
                    m = Math.max(m, v);
                }
            }
            return m;
        }

        /** Offset of the vertex of the parabola through three equally spaced samples (Jain 1989), in [-0.5, 0.5]. */
        double vertex(float l, float c, float r) {
            if (Float.isNaN(l) || Float.isNaN(r)) {
                return 0;
            }
            double d = l - 2.0 * c + r;
            return d >= 0 ? 0 : Math.max(-0.5, Math.min(0.5, 0.5 * (l - r) / d));
        }

        Optional<Lattice> lattice() {
            // Candidate peaks: 5x5 local maxima in the upper half plane (the autocorrelation is symmetric).
            List<Peak> cands = new ArrayList<>();
            for (int dy = 0; dy <= h - 1; dy++) {
                for (int dx = -(w - 1); dx <= w - 1; dx++) {
                    if (dy == 0 && dx <= 0 || Math.hypot(dx, dy) < config.minPeriod()) {
                        continue;
                    }
                    float v = at(dx, dy);
                    if (Float.isNaN(v) || (v - median) / sigma < config.minPeakZ() || v < config.minPeak()) {
                        continue;
                    }
                    boolean max = true;
                    for (int j = -2; j <= 2 && max; j++) {
                        for (int i = -2; i <= 2; i++) {
                            float u = at(dx + i, dy + j);
                            if ((i != 0 || j != 0) && !Float.isNaN(u) && (u > v || u == v && (j < 0 || j == 0 && i < 0))) {
                                max = false;
                                break;
                            }
                        }
                    }
                    if (max) {
                        cands.add(near(dx, dy, 0));
                    }
                }
            }
            cands.sort((p, q) -> Double.compare(q.value, p.value));
            if (cands.size() > 16) {
                cands = cands.subList(0, 16);
            }
            List<Lattice> passed = new ArrayList<>();
            double strongest = 0;
            for (int i = 0; i < cands.size(); i++) {
                for (int j = i + 1; j < cands.size(); j++) {
                    for (int sgn = -1; sgn <= 1; sgn += 2) {
                        Lattice l = check(cands.get(i).x, cands.get(i).y, sgn * cands.get(j).x, sgn * cands.get(j).y);
                        if (l != null) {
                            passed.add(l);
                            strongest = Math.max(strongest, l.strength());
                        }
                    }
                }
            }
            // The smallest cell among the strong ones wins: every sub-lattice of the true one also checks out,
            // while a chance mix of the mark's lattice and a periodic scene structure has a much weaker peak.
            Lattice best = null;
            for (Lattice l : passed) {
                if (l.strength() >= 0.5 * strongest && (best == null || l.area() < best.area() * 0.9
                        || l.area() < best.area() * 1.1 && l.strength() > best.strength())) {
                    best = l;
                }
            }
            return Optional.ofNullable(best);
        }

        /** Gauss-reduces {@code a, b}, checks the lattice peaks and fits the vectors; null when inconsistent. */
        Lattice check(double ax, double ay, double bx, double by) {
            for (int it = 0; it < 20; it++) {
                if (bx * bx + by * by < ax * ax + ay * ay) {
                    double tx = ax, ty = ay;
                    ax = bx;
                    ay = by;
                    bx = tx;
                    by = ty;
                }
                long m = Math.round((ax * bx + ay * by) / (ax * ax + ay * ay));
                if (m == 0) {
                    break;
                }
                bx -= m * ax;
                by -= m * ay;
            }
            double cross = Math.abs(ax * by - ay * bx);
            if (Math.hypot(ax, ay) < config.minPeriod() || cross < 0.25 * Math.hypot(ax, ay) * Math.hypot(bx, by)) {
                return null; // too short or nearly collinear
            }
            if (cross * config.minCopies() > (double) w * h) {
                return null; // too few copies to tell a repeat from chance
            }
            int[][] combos = {{1, 0}, {0, 1}, {1, 1}, {1, -1}, {2, 0}, {0, 2}, {2, 1}, {1, 2}, {2, -1}, {1, -2}};
            double minZ = Double.POSITIVE_INFINITY;
            int core = 0;
            // Least squares for t1, t2 from p = i t1 + j t2 over the peaks found: normal equations, x and y apart.
            double sii = 0, sij = 0, sjj = 0, six = 0, sjx = 0, siy = 0, sjy = 0;
            for (int k = 0; k < combos.length; k++) {
                int i = combos[k][0], j = combos[k][1];
                double px = i * ax + j * bx, py = i * ay + j * by;
                Peak p = near(px, py, 2);
                boolean inRange = p != null && !Float.isNaN(at((int) Math.round(px), (int) Math.round(py)));
                if (k < 4) {
                    if (!inRange) {
                        if (k < 2) {
                            return null;
                        }
                        continue;
                    }
                    if (p.z < config.minPeakZ() || p.value < config.minPeak()) {
                        return null;
                    }
                    minZ = Math.min(minZ, p.z);
                    core++;
                } else if (!inRange || p.z < config.minPeakZ()) {
                    continue;
                }
                sii += i * i;
                sij += i * j;
                sjj += j * j;
                six += i * p.x;
                sjx += j * p.x;
                siy += i * p.y;
                sjy += j * p.y;
            }
            if (core < 3) {
                return null;
            }
            // Support: a true lattice has peaks at most small integer combinations, not just the four above; a
            // chance basis (a peak plus a ridge of the mark's own autocorrelation) fails most of them.
            int total = 0, hits = 0;
            for (int j = 0; j <= 3; j++) {
                for (int i = -3; i <= 3; i++) {
                    if (j == 0 && i <= 0) {
                        continue;
                    }
                    double px = i * ax + j * bx, py = i * ay + j * by;
                    if (Float.isNaN(at((int) Math.round(px), (int) Math.round(py)))) {
                        continue;
                    }
                    total++;
                    Peak p = near(px, py, 1);
                    if (p != null && p.z >= 0.5 * config.minPeakZ()) {
                        hits++;
                    }
                }
            }
            if (hits < 0.6 * total) {
                return null;
            }
            double det = sii * sjj - sij * sij;
            return new Lattice((sjj * six - sij * sjx) / det, (sjj * siy - sij * sjy) / det,
                    (sii * sjx - sij * six) / det, (sii * sjy - sij * siy) / det, minZ);
        }
    }

    // ---- full-resolution tile ---------------------------------------------------------------------------------

    /** The unit cell split into {@code na x nb} bins along t1 and t2, about a pixel each. */
    private static final class Cell {
        final double i11, i12, i21, i22;
        final int na, nb;

        Cell(Lattice l) {
            double det = l.t1x * l.t2y - l.t1y * l.t2x;
            // Inverse of [t1 t2] (columns): lattice coordinates u, v of a pixel.
            i11 = l.t2y / det;
            i12 = -l.t2x / det;
            i21 = -l.t1y / det;
            i22 = l.t1x / det;
            na = Math.max(1, (int) Math.ceil(Math.hypot(l.t1x, l.t1y)));
            nb = Math.max(1, (int) Math.ceil(Math.hypot(l.t2x, l.t2y)));
        }

        int size() {
            return na * nb;
        }

        int bin(int x, int y) {
            double u = i11 * x + i12 * y, v = i21 * x + i22 * y;
            int a = (int) ((u - Math.floor(u)) * na), b = (int) ((v - Math.floor(v)) * nb);
            return Math.min(b, nb - 1) * na + Math.min(a, na - 1);
        }

        int[] bins(int w, int h) {
            int[] out = new int[w * h];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    out[y * w + x] = bin(x, y);
                }
            }
            return out;
        }
    }

    /**
     * Coordinate search on the four vector components for the largest mean-tile energy {@code sum n_b mean_b^2}
     * (the variance the tile explains), on a subsample of at most about 400k pixels.
     */
    private static Lattice refine(float[] hp, int w, int h, Lattice lat) {
        int stride = Math.max(1, (int) Math.ceil(Math.sqrt((double) w * h / 400_000)));
        double[] t = {lat.t1x, lat.t1y, lat.t2x, lat.t2y};
        double best = energy(hp, w, h, stride, t);
        for (double step = 0.5; step >= 0.06; step /= 2) {
            boolean improved = true;
            for (int round = 0; round < 6 && improved; round++) {
                improved = false;
                for (int k = 0; k < 4; k++) {
                    for (int sgn = -1; sgn <= 1; sgn += 2) {
                        double keep = t[k];
                        t[k] = keep + sgn * step;
                        double e = energy(hp, w, h, stride, t);
                        if (e > best) {
                            best = e;
                            improved = true;
                        } else {
                            t[k] = keep;
                        }
                    }
                }
            }
        }
        return new Lattice(t[0], t[1], t[2], t[3], lat.strength());
    }

    private static double energy(float[] hp, int w, int h, int stride, double[] t) {
        Cell cell = new Cell(new Lattice(t[0], t[1], t[2], t[3], 0));
        double[] sum = new double[cell.size()];
        int[] count = new int[cell.size()];
        for (int y = 0; y < h; y += stride) {
            for (int x = 0; x < w; x += stride) {
                int b = cell.bin(x, y);
                sum[b] += hp[y * w + x];
                count[b]++;
            }
        }
        double e = 0;
        for (int b = 0; b < sum.length; b++) {
            if (count[b] > 0) {
                e += sum[b] * sum[b] / count[b];
            }
        }
        return e;
    }

    /**
     * Per bin, the median of the high-pass over all pixels in it: one sort of (bin, quantised value) keys. Fills
     * {@code error} with the median's standard error, {@code 1.2533 sigma / sqrt(n)} with sigma from the
     * interquartile range of the bin's values (IQR / 1.349).
     */
    private static float[] medianTile(float[] hp, int[] bin, int bins, double clip, float[] error) {
        long[] keys = new long[hp.length];
        for (int i = 0; i < hp.length; i++) {
            long q = Math.round((Math.max(-clip, Math.min(clip, hp[i])) + clip) * 16);
            keys[i] = ((long) bin[i] << 20) | q;
        }
        Arrays.sort(keys);
        float[] tile = new float[bins];
        int start = 0;
        while (start < keys.length) {
            int b = (int) (keys[start] >>> 20);
            int end = start;
            while (end < keys.length && (int) (keys[end] >>> 20) == b) {
                end++;
            }
            int n = end - start;
            long q = keys[(start + end) >>> 1] & 0xFFFFF;
            tile[b] = (float) (q / 16.0 - clip);
            long q1 = keys[start + n / 4] & 0xFFFFF, q3 = keys[start + (3 * n) / 4 - (n >= 4 ? 1 : 0)] & 0xFFFFF;
            error[b] = (float) (1.2533 * ((q3 - q1) / 16.0 / 1.349) / Math.sqrt(n));
            start = end;
        }
        return tile;
    }

    /**
     * Keeps a bin only if at least 3 of its 8 neighbours in the cell (wrapping around: the cell is periodic) are
     * kept too: strokes are a few bins wide, while photo residue that passes by chance is isolated specks, which
     * the lattice would otherwise repeat all over the image.
     */
    private static boolean[] despeckle(boolean[] mark, int na, int nb) {
        boolean[] out = new boolean[mark.length];
        for (int b = 0; b < nb; b++) {
            for (int a = 0; a < na; a++) {
                if (!mark[b * na + a]) {
                    continue;
                }
                int n = 0;
                for (int db = -1; db <= 1; db++) {
                    for (int da = -1; da <= 1; da++) {
                        if ((da != 0 || db != 0) && mark[Math.floorMod(b + db, nb) * na + Math.floorMod(a + da, na)]) {
                            n++;
                        }
                    }
                }
                out[b * na + a] = n >= 3;
            }
        }
        return out;
    }

    /**
     * Otsu's threshold on the signed tile, raised to the noise floor (median + 3 robust sigmas) and to
     * {@code minContrast}; NaN when the tile has no spread.
     */
    private double threshold(float[] s) {
        float[] sorted = s.clone();
        Arrays.sort(sorted);
        float med = sorted[sorted.length / 2];
        float[] dev = new float[s.length];
        for (int i = 0; i < s.length; i++) {
            dev[i] = Math.abs(s[i] - med);
        }
        Arrays.sort(dev);
        double noise = med + 3 * 1.4826 * dev[dev.length / 2];
        float lo = sorted[0], hi = sorted[sorted.length - 1];
        if (!(hi > lo)) {
            return Double.NaN;
        }
        int nbins = 256;
        long[] hist = new long[nbins];
        for (float v : s) {
            hist[Math.min(nbins - 1, (int) ((v - lo) / (hi - lo) * nbins))]++;
        }
        int bestT = TextDetector.otsu(hist);
        double otsu = lo + (bestT + 1) * (hi - lo) / nbins;
        return Math.max(otsu, Math.max(noise, config.minContrast()));
    }

    /**
     * Share of the 4x4 blocks of the image where the high-pass regressed on the tile has a slope of at least 0.3,
     * i.e. where the repeated mark is actually there.
     */
    private static double coverage(float[] hp, int[] bin, float[] tile, int w, int h) {
        int present = 0;
        for (int by = 0; by < 4; by++) {
            for (int bx = 0; bx < 4; bx++) {
                double st = 0, tt = 0;
                for (int y = by * h / 4; y < (by + 1) * h / 4; y++) {
                    for (int x = bx * w / 4; x < (bx + 1) * w / 4; x++) {
                        double t = tile[bin[y * w + x]];
                        st += t * hp[y * w + x];
                        tt += t * t;
                    }
                }
                if (tt > 0 && st / tt >= 0.3) {
                    present++;
                }
            }
        }
        return present / 16.0;
    }

    // ---- pixels ------------------------------------------------------------------------------------------------

    private static float[] luma(Image image) {
        int n = (int) image.pixels();
        float[] rgb = image.rgb();
        float[] g = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = 0.299f * rgb[i * 3] + 0.587f * rgb[i * 3 + 1] + 0.114f * rgb[i * 3 + 2];
        }
        return g;
    }

    private static float[] resize(float[] grey, int w, int h, int nw, int nh) {
        OpenCv.ensureLoaded();
        Mat src = new Mat(h, w, CvType.CV_32F);
        Mat dst = new Mat();
        try {
            src.put(0, 0, grey);
            Imgproc.resize(src, dst, new Size(nw, nh), 0, 0, Imgproc.INTER_AREA);
            float[] out = new float[nw * nh];
            dst.get(0, 0, out);
            return out;
        } finally {
            src.release();
            dst.release();
        }
    }

    /** Luma minus its Gaussian blur, clipped to {@code +-clip}, mean removed. */
    private static float[] highPass(float[] grey, int w, int h, double sigma, double clip) {
        OpenCv.ensureLoaded();
        Mat src = new Mat(h, w, CvType.CV_32F);
        Mat blur = new Mat();
        try {
            src.put(0, 0, grey);
            Imgproc.GaussianBlur(src, blur, new Size(0, 0), sigma, sigma, Core.BORDER_REFLECT);
            float[] b = new float[w * h];
            blur.get(0, 0, b);
            float[] out = new float[w * h];
            double mean = 0;
            for (int i = 0; i < out.length; i++) {
                out[i] = (float) Math.max(-clip, Math.min(clip, grey[i] - b[i]));
                mean += out[i];
            }
            mean /= out.length;
            for (int i = 0; i < out.length; i++) {
                out[i] -= (float) mean;
            }
            return out;
        } finally {
            src.release();
            blur.release();
        }
    }
}
