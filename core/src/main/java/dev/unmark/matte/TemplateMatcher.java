package dev.unmark.matte;

import dev.unmark.image.Image;
import dev.unmark.image.Rect;
import dev.unmark.internal.MatScope;
import dev.unmark.internal.OpenCv;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfDouble;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Finds a known {@link Template} in an image: its position, its scale and the strength {@code c} it was blended
 * with, so that {@link ReverseBlend} can undo it exactly.
 *
 * <ol>
 *   <li>Coarse: |normalised cross-correlation| ({@code TM_CCOEFF_NORMED}) of signed Sobel gradients (blurred),
 *       the template composited over grey against the image's luma, at geometric scale steps; each scale runs at
 *       the pyramid level where the template is about {@value #COARSE_SIDE} px (and no level above
 *       {@value #COARSE_PIXELS} pixels), so a 12 MP photo costs about what a small one does. Gradients ignore the
 *       background's level; the absolute correlation ignores the sign of the mark's contrast. Peaks are ranked by
 *       how far they stand out of their scale's scores.</li>
 *   <li>Fine: the best {@value #CANDIDATES} candidates again at full resolution in a small window (reduced so
 *       that the template is {@value #FINE_SIDE} px for larger candidates), at quarter scale steps, with a parabola
 *       through the correlation peak for sub-pixel position; a quick fit of the strength alone ranks them by
 *       {@link Energy#edgeRemoval}.</li>
 *   <li>Fit: position, scale and strength minimise the total variation of the recovered image over the mark
 *       ({@link #nelderMead}, on a copy of the template reduced to twice the candidate's size), then snap to the
 *       stamping grid ({@link #snapped}); a fit that drifts more than {@value #MAX_SCALE_DRIFT} in scale from the
 *       fine search's does not count.</li>
 * </ol>
 * Cost after the coarse search follows the template's size, not the image's. Thread-safe.
 */
public final class TemplateMatcher {

    /** Template side (px) the coarse search runs at. */
    static final int COARSE_SIDE = 24;
    /** Energy excess (relative) up to which a whole-pixel placement is preferred; see {@link #snapped}. */
    static final double SNAP_TOLERANCE = 0.005;
    /**
     * Energy excess up to which the template's own strength (1) is preferred; see {@link #snapped}. Wider than
     * {@link #SNAP_TOLERANCE}: JPEG softens the mark's edges, which pulls the fitted strength down (to 0.92-0.96 on
     * two of the dev bench's six JPEGs, at 0.9-1.2% excess energy for c = 1; the PNGs' excess was at most 0.15%).
     */
    static final double OWN_STRENGTH_TOLERANCE = 0.015;
    /** Strength below which the confidence is scaled down in proportion; see {@link #fit}. */
    static final double PLAUSIBLE_STRENGTH = 0.5;
    /** Angular sectors of the outline that {@link Energy#edgeRemoval} checks separately. */
    static final int SECTORS = 8;
    /** Edge removal ({@link Energy#edgeRemoval}) that counts as full confidence. */
    private static final double FULL_CONFIDENCE_REMOVAL = 0.5;
    /**
     * Most pixels a coarse level may have: a 12 MP photo is searched at 0.75 MP and a 1280x720 one at 0.46 MP, so a
     * coarse pass costs about the same at any size; marks smaller than {@value #MIN_COARSE_SIDE} px at that level
     * (14 px in a 1280x720 image, 20 px at 1920x1080, 40 px or 1.3% of a 12 MP photo's short side) are not looked
     * for. At 1.5 MP the 1280 px image's coarse search took twice as long, for marks of 16 px and less.
     */
    static final long COARSE_PIXELS = 800_000;
    /** Smallest template side (px) the coarse search correlates. */
    static final int MIN_COARSE_SIDE = 10;
    /** Blur (Gaussian sigma, px) of the coarse search's gradient maps. */
    static final double COARSE_BLUR = 1.0;
    /** Template side (px) above which the fine search runs on a reduced copy of the candidate's window. */
    static final int FINE_SIDE = 64;
    /** Candidates carried from the coarse to the fine search. */
    private static final int CANDIDATES = 5;
    /** Pixels with a template opacity at least this are left out of the fit (their recovery is left to the fill). */
    private static final float FIT_MAX_ALPHA = 0.9f;

    private final Template template;
    private final TemplateConfig config;
    private final float[] templateLuma;

    public TemplateMatcher(Template template, TemplateConfig config) {
        this.template = Objects.requireNonNull(template, "template");
        this.config = Objects.requireNonNull(config, "config");
        this.templateLuma = template.lumaOverGrey();
    }

    public Template template() {
        return template;
    }

    public TemplateConfig config() {
        return config;
    }

    /** The template's matte in {@code image}'s coordinates for a match (clipped to {@code bounds}). */
    public Matte matte(TemplateMatch m, Rect bounds) {
        Rect box = Lanczos.footprint(template, m.x(), m.y(), m.scaleX(), m.scaleY(), bounds);
        if (box.isEmpty()) {
            throw new IllegalArgumentException("the match lies outside " + bounds);
        }
        return Lanczos.place(template, m.x(), m.y(), m.scaleX(), m.scaleY(), m.strength(), box);
    }

    /** Searches the whole image; never modifies it. */
    public TemplateMatch find(Image image) {
        int tw = template.width(), th = template.height(), side = Math.max(tw, th);
        double minScale = config.minSide() / (double) side;
        double maxScale = Math.min(config.maxScale(), Math.min(image.width() / (double) tw,
                image.height() / (double) th));
        if (maxScale < minScale) {
            return TemplateMatch.none();
        }
        try (MatScope mats = new MatScope()) {
            OpenCv.ensureLoaded();
            Mat luma = mats.track(lumaMat(image, image.bounds()));
            List<Candidate> coarse = coarse(mats, luma, minScale, maxScale);
            // A quick fit (strength only) ranks the candidates, on both cores; the full fit refines the best one.
            // The largest (costliest) candidates are taken first so that the cores finish together; each result
            // keeps its candidate's slot.
            Candidate[] fine = new Candidate[coarse.size()];
            double[] score = new double[coarse.size()];
            Integer[] order = new Integer[coarse.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, Comparator.comparingDouble((Integer i) -> coarse.get(i).scale()).reversed());
            Parallel.each(coarse.size(), k -> {
                int i = order[k];
                fine[i] = fine(luma, coarse.get(i));
                score[i] = fine[i] == null ? -1 : fit(image, fine[i], false).confidence();
            });
            Candidate best = null;
            double bestScore = -1;
            for (int i = 0; i < fine.length; i++) {
                if (fine[i] != null && score[i] > bestScore) {
                    bestScore = score[i];
                    best = fine[i];
                }
            }
            return best == null ? TemplateMatch.none() : fit(image, best, true);
        }
    }

    /** A placement and its correlation score. */
    private record Candidate(double x, double y, double scale, double score, double level) {
    }

    /** One scale of the coarse search: the template's size there and the pyramid level it is correlated at. */
    private record Scale(int level, double shrink, int w, int h) {
    }

    private List<Candidate> coarse(MatScope mats, Mat luma, double minScale, double maxScale) {
        int tw = template.width(), th = template.height(), side = Math.max(tw, th);
        // level j shrinks by sqrt(2)^j; none larger than COARSE_PIXELS
        double area = (double) luma.cols() * luma.rows();
        int jMin = (int) Math.max(0, Math.ceil(Math.log(area / COARSE_PIXELS) / Math.log(2)));
        List<Scale> scales = new ArrayList<>();
        int jMax = jMin;
        for (double s = minScale; s <= maxScale * 1.0001; s *= config.scaleStep()) {
            // the first level where the template is at most COARSE_SIDE px
            int j = Math.max(jMin, (int) Math.ceil(2 * Math.log(s * side / COARSE_SIDE) / Math.log(2)));
            double d = Math.pow(2, -j / 2.0);
            if (s * d * side < MIN_COARSE_SIDE) {
                continue; // too small to tell from texture at the coarsest level this image allows
            }
            int w = (int) Math.round(s * d * tw), h = (int) Math.round(s * d * th);
            if (w < 4 || h < 4 || w > shrunk(luma.cols(), d) || h > shrunk(luma.rows(), d)) {
                continue;
            }
            scales.add(new Scale(j, d, w, h));
            jMax = Math.max(jMax, j);
        }
        // The levels are built on both cores (the finest costs about as much as all the others), each in its own
        // scope: MatScope is not thread-safe.
        Level[] levels = new Level[jMax + 1];
        MatScope[] scopes = new MatScope[jMax + 1];
        for (Scale sc : scales) {
            scopes[sc.level()] = new MatScope();
        }
        Candidate[] found = new Candidate[scales.size()];
        try {
            Parallel.each(levels.length, j -> {
                if (scopes[j] != null) {
                    double d = Math.pow(2, -j / 2.0);
                    levels[j] = Level.of(scopes[j], shrink(scopes[j], luma, d));
                }
            });
            // Scales are independent: the cores share them, costliest (finest level) first; results keep the
            // scales' order, so ties rank the same.
            Parallel.each(scales.size(), i -> {
                Scale sc = scales.get(i);
                found[i] = peak(levels[sc.level()], sc);
            });
        } finally {
            for (MatScope scope : scopes) {
                if (scope != null) {
                    scope.close();
                }
            }
        }
        List<Candidate> all = new ArrayList<>();
        for (Candidate c : found) {
            if (c != null) {
                all.add(c);
            }
        }
        all.sort(Comparator.comparingDouble(Candidate::score).reversed());
        List<Candidate> picked = new ArrayList<>();
        for (Candidate c : all) {
            boolean distinct = true;
            for (Candidate p : picked) {
                double dist = Math.hypot(c.x - p.x, c.y - p.y);
                if (dist < 0.5 * Math.min(c.scale, p.scale) * side) {
                    distinct = false;
                    break;
                }
            }
            if (distinct) {
                picked.add(c);
                if (picked.size() == CANDIDATES) {
                    break;
                }
            }
        }
        return picked;
    }

    /**
     * The best placement at one scale of the coarse search, ranked by how far its peak stands out of the scale's own
     * scores (a small template finds some texture that correlates well anywhere, so raw peaks favour the smallest
     * scales); null when the scores are degenerate.
     */
    private Candidate peak(Level level, Scale sc) {
        int tw = template.width();
        double d = sc.shrink();
        try (MatScope mats = new MatScope()) {
            Mat tg = blur(mats, templateGradient(mats, sc.w(), sc.h()));
            float[] result = level.correlate(mats, tg);
            int rw = level.w() - sc.w() + 1, best = 0;
            double sum = 0, sum2 = 0;
            for (int i = 0; i < result.length; i++) {
                float v = result[i];
                sum += v;
                sum2 += (double) v * v;
                if (v > result[best]) {
                    best = i;
                }
            }
            double mean = sum / result.length, std = Math.sqrt(Math.max(0, sum2 / result.length - mean * mean));
            double z = (result[best] - mean) / Math.max(1e-6, std);
            return Double.isFinite(z)
                    ? new Candidate(best % rw / d, best / rw / d, sc.w() / (d * tw), z, d) : null;
        }
    }

    /**
     * One level of the coarse search. Correlating the blurred gradients {@code G_c = F_c * L} of the luma {@code L}
     * with the template's {@code T_c} equals correlating {@code L} itself with one kernel,
     * {@code K = sum_c F_c (x) T_c} (the filters' adjoints applied to the template): one single-channel correlation
     * instead of two. The
     * normalisation of {@code TM_CCOEFF_NORMED} needs each window's gradient energy about its mean, from integral
     * images of {@code G_c} and {@code G_c^2}. Near the border the luma is replicated rather than the gradients, the
     * only difference from correlating the gradients.
     */
    record Level(Mat paddedLuma, double[] sumX, double[] sumY, double[] sumSq, int w, int h) {

        static Level of(MatScope mats, Mat luma) {
            int w = luma.cols(), h = luma.rows();
            Mat padded = mats.track(new Mat());
            Core.copyMakeBorder(luma, padded, FILTER_RADIUS, FILTER_RADIUS, FILTER_RADIUS, FILTER_RADIUS,
                    Core.BORDER_REPLICATE);
            Mat g = blur(mats, gradient(mats, luma));
            float[] gv = new float[w * h * 2];
            g.get(0, 0, gv);
            int iw = w + 1;
            double[] sx = new double[iw * (h + 1)], sy = new double[sx.length], sq = new double[sx.length];
            for (int y = 0; y < h; y++) {
                double rx = 0, ry = 0, rq = 0;
                for (int x = 0; x < w; x++) {
                    float a = gv[(y * w + x) * 2], b = gv[(y * w + x) * 2 + 1];
                    rx += a;
                    ry += b;
                    rq += (double) a * a + (double) b * b;
                    int q = (y + 1) * iw + x + 1;
                    sx[q] = sx[q - iw] + rx;
                    sy[q] = sy[q - iw] + ry;
                    sq[q] = sq[q - iw] + rq;
                }
            }
            g.release();
            return new Level(padded, sx, sy, sq, w, h);
        }

        /** |NCC| of the gradients with {@code tg} (the template's, two channels) at every placement, row-major. */
        float[] correlate(MatScope mats, Mat tg) {
            int tw = tg.cols(), th = tg.rows(), tn = tw * th;
            float[] t = new float[tn * 2];
            tg.get(0, 0, t);
            double mx = 0, my = 0;
            for (int i = 0; i < tn; i++) {
                mx += t[2 * i];
                my += t[2 * i + 1];
            }
            mx /= tn;
            my /= tn;
            double tNorm = 0;
            for (int i = 0; i < tn; i++) {
                t[2 * i] -= (float) mx;
                t[2 * i + 1] -= (float) my;
                tNorm += (double) t[2 * i] * t[2 * i] + (double) t[2 * i + 1] * t[2 * i + 1];
            }
            int r = FILTER_RADIUS, side = 2 * r + 1, kw = tw + 2 * r, kh = th + 2 * r;
            float[] k = new float[kw * kh];
            for (int uy = 0; uy < th; uy++) {
                for (int ux = 0; ux < tw; ux++) {
                    float ax = t[2 * (uy * tw + ux)], ay = t[2 * (uy * tw + ux) + 1];
                    for (int dy = -r; dy <= r; dy++) {
                        for (int dx = -r; dx <= r; dx++) {
                            int f = (dy + r) * side + dx + r;
                            // v = u - d, stored shifted by r
                            k[(uy - dy + r) * kw + ux - dx + r] += ax * IMPULSE_X[f] + ay * IMPULSE_Y[f];
                        }
                    }
                }
            }
            Mat kernel = mats.track(new Mat(kh, kw, CvType.CV_32F));
            kernel.put(0, 0, k);
            Mat num = mats.track(new Mat());
            Imgproc.matchTemplate(paddedLuma, kernel, num, Imgproc.TM_CCORR);
            int rw = w - tw + 1, rh = h - th + 1, iw = w + 1;
            float[] out = new float[rw * rh];
            num.get(0, 0, out);
            for (int y = 0; y < rh; y++) {
                for (int x = 0; x < rw; x++) {
                    int a = y * iw + x, b = a + tw, c = (y + th) * iw + x, e = c + tw;
                    double gx = sumX[e] - sumX[b] - sumX[c] + sumX[a];
                    double gy = sumY[e] - sumY[b] - sumY[c] + sumY[a];
                    double energy = sumSq[e] - sumSq[b] - sumSq[c] + sumSq[a] - (gx * gx + gy * gy) / tn;
                    double den = Math.sqrt(Math.max(0, energy) * tNorm);
                    int i = y * rw + x;
                    out[i] = den > 1e-6 ? (float) Math.min(1, Math.abs(out[i]) / den) : 0;
                }
            }
            return out;
        }
    }

    /** Radius of the coarse search's gradient filter: Sobel (1) and the Gaussian of sigma 1 (4, OpenCV's size). */
    static final int FILTER_RADIUS = 5;
    /** The coarse gradient filters' responses to a unit impulse at the centre, (2 r + 1)^2, row-major. */
    private static final float[] IMPULSE_X, IMPULSE_Y;

    static {
        OpenCv.ensureLoaded();
        int r = FILTER_RADIUS, pad = 3 * r, n = 2 * pad + 1, side = 2 * r + 1;
        try (MatScope mats = new MatScope()) {
            Mat delta = mats.track(Mat.zeros(n, n, CvType.CV_32F));
            delta.put(pad, pad, 1f);
            Mat g = blur(mats, gradient(mats, delta));
            float[] gv = new float[n * n * 2];
            g.get(0, 0, gv);
            IMPULSE_X = new float[side * side];
            IMPULSE_Y = new float[side * side];
            for (int dy = -r; dy <= r; dy++) {
                for (int dx = -r; dx <= r; dx++) {
                    int q = (pad + dy) * n + pad + dx;
                    IMPULSE_X[(dy + r) * side + dx + r] = gv[2 * q];
                    IMPULSE_Y[(dy + r) * side + dx + r] = gv[2 * q + 1];
                }
            }
        }
    }

    /** The coarse candidate at full resolution: quarter scale steps, in a window its coarse level cannot resolve. */
    private Candidate fine(Mat luma, Candidate c) {
        try (MatScope mats = new MatScope()) {
            return fine(mats, luma, c);
        }
    }

    private Candidate fine(MatScope mats, Mat luma, Candidate c) {
        int tw = template.width(), th = template.height();
        // Large candidates are refined on a reduced copy of their window: the fit that follows moves the position
        // by sub-pixel steps anyway, and correlating a template of hundreds of pixels at full resolution cost more
        // than the whole coarse search.
        double d = Math.min(1, Math.max(c.level, FINE_SIDE / (c.scale * Math.max(tw, th))));
        int margin = (int) Math.ceil(2 / c.level) + (int) Math.ceil(3 / d);
        double step = Math.pow(config.scaleStep(), 0.25);
        Rect bounds = new Rect(0, 0, luma.cols(), luma.rows());
        Rect outer = new Rect((int) Math.floor(c.x) - margin, (int) Math.floor(c.y) - margin,
                (int) Math.ceil(c.scale * Math.pow(step, 4) * tw) + 2 * margin + 1,
                (int) Math.ceil(c.scale * Math.pow(step, 4) * th) + 2 * margin + 1).intersect(bounds);
        if (outer.isEmpty()) {
            return null;
        }
        Mat region = mats.track(luma.submat(outer.y(), outer.bottom(), outer.x(), outer.right()));
        Mat level = shrink(mats, region, d);
        // the reduced window's pixel size in full-resolution pixels, per axis (rounding of the reduced size)
        double ux = outer.width() / (double) level.cols(), uy = outer.height() / (double) level.rows();
        int m = (int) Math.ceil(margin / Math.max(ux, uy));
        Rect levelBounds = new Rect(0, 0, level.cols(), level.rows());
        double cx = (c.x - outer.x()) / ux, cy = (c.y - outer.y()) / uy;
        Candidate best = null;
        int lastW = -1, lastH = -1;
        for (int i = -4; i <= 4; i++) {
            double s = c.scale * Math.pow(step, i);
            int w = (int) Math.round(s * tw / ux), h = (int) Math.round(s * th / uy);
            if ((w == lastW && h == lastH) || w < 4 || h < 4) {
                continue;
            }
            lastW = w;
            lastH = h;
            Rect window = new Rect((int) Math.floor(cx) - m, (int) Math.floor(cy) - m, w + 2 * m + 1, h + 2 * m + 1)
                    .intersect(levelBounds);
            if (window.width() < w + 2 || window.height() < h + 2) {
                continue;
            }
            Mat crop = mats.track(level.submat(window.y(), window.bottom(), window.x(), window.right()).clone());
            Mat g = gradient(mats, crop);
            Mat tg = templateGradient(mats, w, h);
            Mat result = correlate(mats, g, tg);
            Core.MinMaxLocResult mm = Core.minMaxLoc(result);
            double dx = peakOffset(result, (int) mm.maxLoc.x, (int) mm.maxLoc.y, true);
            double dy = peakOffset(result, (int) mm.maxLoc.x, (int) mm.maxLoc.y, false);
            Candidate f = new Candidate(outer.x() + (window.x() + mm.maxLoc.x + dx) * ux,
                    outer.y() + (window.y() + mm.maxLoc.y + dy) * uy,
                    0.5 * (w * ux / tw + h * uy / th), mm.maxVal, 1);
            if (Double.isFinite(mm.maxVal) && (best == null || f.score > best.score)) {
                best = f;
            }
            crop.release();
            g.release();
            tg.release();
            result.release();
        }
        return best;
    }

    /** Vertex of the parabola through the peak and its two neighbours along one axis, in -0.5..0.5. */
    private static double peakOffset(Mat r, int x, int y, boolean horizontal) {
        int x0 = horizontal ? x - 1 : x, x1 = horizontal ? x + 1 : x;
        int y0 = horizontal ? y : y - 1, y1 = horizontal ? y : y + 1;
        if (x0 < 0 || y0 < 0 || x1 >= r.cols() || y1 >= r.rows()) {
            return 0;
        }
        double a = r.get(y0, x0)[0], b = r.get(y, x)[0], c = r.get(y1, x1)[0];
        double den = a - 2 * b + c;
        return den >= 0 ? 0 : Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / den));
    }

    private Mat templateGradient(MatScope mats, int w, int h) {
        Mat t = mats.track(new Mat(template.height(), template.width(), CvType.CV_32F));
        t.put(0, 0, templateLuma);
        Mat small = mats.track(new Mat());
        Imgproc.resize(t, small, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
        Mat g = gradient(mats, small);
        t.release();
        small.release();
        return g;
    }

    private static Mat shrink(MatScope mats, Mat luma, double d) {
        if (d >= 1) {
            return luma;
        }
        Mat out = mats.track(new Mat());
        Imgproc.resize(luma, out, new Size(shrunk(luma.cols(), d), shrunk(luma.rows(), d)), 0, 0,
                Imgproc.INTER_AREA);
        return out;
    }

    /** A side of {@code n} px reduced by {@code d} ({@link #shrink}'s rounding). */
    private static int shrunk(int n, double d) {
        return d >= 1 ? n : (int) Math.max(1, Math.round(n * d));
    }

    /**
     * Edges widened by a Gaussian of {@value #COARSE_BLUR} px: the coarse search's scale steps leave the template's
     * outline a pixel or two off at its far ends, which thin gradient ridges would not forgive.
     */
    static Mat blur(MatScope mats, Mat src) {
        Mat out = mats.track(new Mat());
        Imgproc.GaussianBlur(src, out, new Size(0, 0), COARSE_BLUR, COARSE_BLUR, Core.BORDER_REPLICATE);
        return out;
    }

    /**
     * Sobel gradients of a float plane as a two-channel Mat {@code (gx, gy)}. Signed gradients rather than their
     * magnitude: texture points every way and cancels in the correlation, a mark's outline points the same way
     * (inwards for a mark brighter than the photo, outwards for a darker one: the search takes |NCC|).
     */
    static Mat gradient(MatScope mats, Mat src) {
        Mat gx = mats.track(new Mat()), gy = mats.track(new Mat()), both = mats.track(new Mat());
        Imgproc.Sobel(src, gx, CvType.CV_32F, 1, 0, 3, 1, 0, Core.BORDER_REPLICATE);
        Imgproc.Sobel(src, gy, CvType.CV_32F, 0, 1, 3, 1, 0, Core.BORDER_REPLICATE);
        Core.merge(java.util.List.of(gx, gy), both);
        gx.release();
        gy.release();
        return both;
    }

    /** {@code |NCC|} of the gradients of {@code image} with those of the template, one value per position. */
    private static Mat correlate(MatScope mats, Mat image, Mat templ) {
        Mat result = mats.track(new Mat());
        Imgproc.matchTemplate(image, templ, result, Imgproc.TM_CCOEFF_NORMED);
        Core.absdiff(result, new org.opencv.core.Scalar(0), result);
        return result;
    }

    private static Mat lumaMat(Image image, Rect r) {
        float[] rgb = image.rgb();
        int w = image.width();
        float[] y = new float[r.width() * r.height()];
        for (int j = 0; j < r.height(); j++) {
            for (int i = 0; i < r.width(); i++) {
                int p = ((r.y() + j) * w + r.x() + i) * 3;
                y[j * r.width() + i] = 0.299f * rgb[p] + 0.587f * rgb[p + 1] + 0.114f * rgb[p + 2];
            }
        }
        Mat m = new Mat(r.height(), r.width(), CvType.CV_32F);
        m.put(0, 0, y);
        return m;
    }

    // ---- the fit ----

    /**
     * Position, scale and strength that minimise the recovery's total variation, from {@code start}: the strength
     * by a scan, then (for the full fit) position and scale by {@link #nelderMead} with the strength optimised for
     * each pose (the energy's valley runs diagonally in position and strength, where searching all four together
     * stalls).
     */
    private TemplateMatch fit(Image image, Candidate start, boolean full) {
        Energy e = new Energy(image, start);
        double[] v = {start.x, start.y, start.scale, 0};
        double maxC = e.maxStrength(v);
        // a coarse scan of the strength first: far from the optimum the energy need not be unimodal in it
        double bestE = Double.POSITIVE_INFINITY;
        for (int k = 1; k <= 16; k++) {
            double[] t = v.clone();
            t[3] = maxC * k / 16;
            double en = e.at(t);
            if (en < bestE) {
                bestE = en;
                v[3] = t[3];
            }
        }
        double current = e.profile(v, maxC / 16, maxC);
        if (full) {
            // The search runs on the template reduced once to twice the candidate's size: a shrinking Lanczos filter
            // reads 3 / scale template pixels per tap, so resampling the full template for each of the hundred-odd
            // poses was most of the fit. The snap and the confidence below use the template itself.
            double r = 2 * start.scale;
            if (r < REDUCE_BELOW) {
                Energy reduced = new Energy(e, reduce(r));
                v = nelderMead(reduced, v, reduced.profile(v, maxC / 16, maxC), maxC);
            } else {
                v = nelderMead(e, v, current, maxC);
            }
            v = snapped(e, v, maxC);
        }
        // The fine search has the scale to a quarter step (about 2.4%); a fit that wanders far from it has left the
        // candidate for some other alignment of texture (on logo_0017 of the dev bench, a 61 px candidate grew to
        // 253 px and explained the outline there at 0.74), so it does not count.
        boolean wandered = Math.abs(v[2] / start.scale - 1) > MAX_SCALE_DRIFT;
        double removed = wandered ? 0 : e.edgeRemoval(v);
        // A known template is stamped at about the strength it was made with: a fit that explains the outline only
        // at a small fraction of it is more likely texture shaped like the mark (on the dev bench, the best false
        // matches fitted c = 0.1-0.3, the true ones 1).
        double confidence = Math.min(1, removed / FULL_CONFIDENCE_REMOVAL) * Math.min(1, v[3] / PLAUSIBLE_STRENGTH);
        if (Math.max(v[2] * template.width(), scaleY(v) * template.height()) < config.minSide()) {
            confidence = 0; // the fit shrank it below the size a mark can be told from texture at
        }
        return new TemplateMatch(v[0], v[1], v[2], scaleY(v), v[3], confidence, confidence >= config.minConfidence());
    }

    /** Largest relative change of scale from the fine search's the fit may make and still count; see {@link #fit}. */
    static final double MAX_SCALE_DRIFT = 0.1;
    /** Scale factor below which the fit's search resamples a reduced copy of the template; see {@link #fit}. */
    static final double REDUCE_BELOW = 0.7;

    /**
     * A copy of a template resampled by {@code factor} (premultiplied Lanczos, as placements are), with the
     * position of its pixel (0, 0) in the reduced frame: {@code (x, y)}, negative, because the filter's lobes reach
     * past the template's border.
     */
    record Reduced(Template template, double factor, int x, int y) {
    }

    private Reduced reduce(double factor) {
        Rect box = Lanczos.footprint(template, 0, 0, factor, factor,
                new Rect(-16, -16, template.width() + 32, template.height() + 32));
        Matte m = Lanczos.place(template, 0, 0, factor, factor, 1, box);
        int w = box.width(), h = box.height();
        float[] alpha = new float[w * h];
        for (int i = 0; i < alpha.length; i++) {
            alpha[i] = m.alpha()[i] * 255f;
        }
        Image rgba = Image.wrap(w, h, m.layer().rgb().clone(), alpha);
        return new Reduced(Template.of(template.name(), rgba), factor, box.x(), box.y());
    }

    /**
     * Nelder-Mead over position and scale, the strength profiled at every vertex (from the best vertex's value); it
     * follows the diagonal valleys (a larger scale shifted left fits almost as well) where axis steps stall. Stops
     * when the simplex is within 1/500 px.
     */
    private static double[] nelderMead(Energy e, double[] start, double startEnergy, double maxC) {
        double radius = maxC / 16;
        double[][] p = new double[4][];
        double[] f = new double[4];
        p[0] = start.clone();
        f[0] = startEnergy;
        double[] first = {0.5, 0.5, 0.01 * start[2]};
        for (int i = 1; i <= 3; i++) {
            p[i] = start.clone();
            p[i][i - 1] += first[i - 1];
            f[i] = e.profile(p[i], radius, maxC);
        }
        for (int iter = 0; iter < 300; iter++) {
            sortSimplex(p, f);
            double spread = 0;
            for (int i = 1; i <= 3; i++) {
                spread = Math.max(spread, Math.max(Math.abs(p[i][0] - p[0][0]), Math.abs(p[i][1] - p[0][1])));
                spread = Math.max(spread, Math.abs(p[i][2] - p[0][2]) / p[0][2] * 100);
            }
            if (spread < 0.002) {
                break;
            }
            double[] centroid = new double[4];
            for (int i = 0; i < 3; i++) {
                for (int k = 0; k < 3; k++) {
                    centroid[k] += p[i][k] / 3;
                }
            }
            double[] r = towards(centroid, p[3], -1, p[0][3]);
            double fr = e.profile(r, radius, maxC);
            if (fr < f[0]) {
                double[] x = towards(centroid, p[3], -2, p[0][3]);
                double fx = e.profile(x, radius, maxC);
                p[3] = fx < fr ? x : r;
                f[3] = Math.min(fx, fr);
            } else if (fr < f[2]) {
                p[3] = r;
                f[3] = fr;
            } else {
                double[] ct = towards(centroid, p[3], 0.5, p[0][3]);
                double fc = e.profile(ct, radius, maxC);
                if (fc < f[3]) {
                    p[3] = ct;
                    f[3] = fc;
                } else {
                    for (int i = 1; i <= 3; i++) {
                        p[i] = towards(p[0], p[i], 0.5, p[0][3]);
                        f[i] = e.profile(p[i], radius, maxC);
                    }
                }
            }
        }
        sortSimplex(p, f);
        return p[0];
    }

    /**
     * The placement on the whole-pixel grid stamping tools use (the template resized to a whole size, pasted at a
     * whole offset) nearest to {@code v} when it explains the image within {@value #SNAP_TOLERANCE} of the
     * continuous optimum's energy, and then strength 1 when within {@value #OWN_STRENGTH_TOLERANCE}. The TV optimum
     * is pulled a fraction of a pixel and about 1% of strength off by the background's texture; the grid placement
     * is exact when it applies (on the dev bench's PNGs, in-mark RMSE 0.4-2.1 before snapping, 0.4-1.3 after the
     * grid, 0.4-0.5 after both).
     */
    private double[] snapped(Energy e, double[] v, double maxC) {
        double best = e.profile(v.clone(), maxC / 16, maxC);
        double limit = best * (1 + SNAP_TOLERANCE);
        double[] pick = v;
        int tw = template.width(), th = template.height();
        long w0 = Math.round(v[2] * tw);
        for (long w = w0 - 1; w <= w0 + 1; w++) {
            long h = Math.round(w * (double) th / tw);
            if (w < 1 || h < 1) {
                continue;
            }
            double[] t = {Math.round(v[0]), Math.round(v[1]), w / (double) tw, v[3], h / (double) th};
            double en = e.profile(t, maxC / 16, maxC);
            if (en <= limit) {
                limit = en;
                pick = t;
            }
        }
        // likewise the template's own strength: a template made from the same source as the mark has c = 1
        double[] own = pick.clone();
        own[3] = 1;
        if (1 <= maxC && e.at(own) <= best * (1 + OWN_STRENGTH_TOLERANCE)) {
            pick = own;
        }
        return pick;
    }

    /** The vertical scale of a placement vector: its fifth entry when it has one, else the same as across. */
    private static double scaleY(double[] v) {
        return v.length > 4 ? v[4] : v[2];
    }

    /** {@code from + t (to - from)} in position and scale, with strength {@code c}. */
    private static double[] towards(double[] from, double[] to, double t, double c) {
        double[] out = new double[4];
        for (int k = 0; k < 3; k++) {
            out[k] = from[k] + t * (to[k] - from[k]);
        }
        out[3] = c;
        return out;
    }

    private static void sortSimplex(double[][] p, double[] f) {
        for (int i = 1; i < f.length; i++) {
            for (int k = i; k > 0 && f[k] < f[k - 1]; k--) {
                double t = f[k];
                f[k] = f[k - 1];
                f[k - 1] = t;
                double[] q = p[k];
                p[k] = p[k - 1];
                p[k - 1] = q;
            }
        }
    }

    /** Total variation of the recovery over a crop around the mark, for a placement {@code (x, y, scale, c)}. */
    private final class Energy {
        private final Image image;
        private final Rect crop;
        private final float[] j;
        /** What {@link #unit} resamples: the template itself, or {@link Reduced a reduced copy} of it. */
        private final Reduced source;
        private double cachedX = Double.NaN, cachedY, cachedS, cachedSy;
        private Matte cached;
        private int[][] pairs;
        private float[] packedAlpha, packedImage, packedLayer, rec;
        private boolean[] skip;
        private double outside;

        Energy(Image image, Candidate start) {
            this.image = image;
            Rect fp = Lanczos.footprint(template, start.x, start.y, start.scale, start.scale, image.bounds());
            this.crop = fp.expand(3).intersect(image.bounds());
            this.j = image.crop(crop).rgb();
            this.source = new Reduced(template, 1, 0, 0);
        }

        /** The same crop and image as {@code exact}, the placements resampled from {@code source}. */
        Energy(Energy exact, Reduced source) {
            this.image = exact.image;
            this.crop = exact.crop;
            this.j = exact.j;
            this.source = source;
        }

        private Matte unit(double[] v) {
            if (v[0] != cachedX || v[1] != cachedY || v[2] != cachedS || scaleY(v) != cachedSy) {
                double r = source.factor();
                cached = Lanczos.place(source.template(), v[0] + source.x() * v[2] / r,
                        v[1] + source.y() * scaleY(v) / r, v[2] / r, scaleY(v) / r, 1, crop);
                cachedX = v[0];
                cachedY = v[1];
                cachedS = v[2];
                cachedSy = scaleY(v);
                pairs = null;
            }
            return cached;
        }

        /**
         * The placement's neighbour pairs that touch the template (the rest do not depend on the strength: their
         * share of {@link #at} is the image's own variation, summed once per placement into {@link #outside}),
         * with their pixels' opacity, layer and image values packed.
         */
        private void pairs(Matte m) {
            if (pairs != null) {
                return;
            }
            float[] a1 = m.alpha(), wm = m.layer().rgb();
            int w = crop.width(), h = crop.height(), n = w * h;
            int[] slot = new int[n];
            java.util.Arrays.fill(slot, -1);
            int[] pa = new int[2 * n], pb = new int[2 * n];
            int np = 0, used = 0;
            double rest = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    for (int d = 0; d < 2; d++) {
                        int q = d == 0 ? p + 1 : p + w;
                        if (d == 0 ? x + 1 >= w : y + 1 >= h) {
                            continue;
                        }
                        if (a1[p] == 0 && a1[q] == 0) {
                            // a = 0 on both: the recovery is the image and the weight 1
                            rest += pair(j, p, q, 1);
                            continue;
                        }
                        if (slot[p] < 0) {
                            slot[p] = used++;
                        }
                        if (slot[q] < 0) {
                            slot[q] = used++;
                        }
                        pa[np] = slot[p];
                        pb[np] = slot[q];
                        np++;
                    }
                }
            }
            float[] pAlpha = new float[used], pImage = new float[used * 3], pLayer = new float[used * 3];
            for (int p = 0; p < n; p++) {
                int k = slot[p];
                if (k >= 0) {
                    pAlpha[k] = a1[p];
                    System.arraycopy(j, p * 3, pImage, k * 3, 3);
                    System.arraycopy(wm, p * 3, pLayer, k * 3, 3);
                }
            }
            this.pairs = new int[][] {java.util.Arrays.copyOf(pa, np), java.util.Arrays.copyOf(pb, np)};
            this.packedAlpha = pAlpha;
            this.packedImage = pImage;
            this.packedLayer = pLayer;
            this.outside = rest;
            this.rec = new float[used * 3];
            this.skip = new boolean[used];
        }

        /** Largest strength that keeps the fitted pixels below {@link #FIT_MAX_ALPHA}, capped at 3. */
        double maxStrength(double[] v) {
            float max = 0;
            for (float a : unit(v).alpha()) {
                if (a < FIT_MAX_ALPHA) {
                    max = Math.max(max, a);
                }
            }
            return max <= 0 ? 1 : Math.min(3, 0.97 / max);
        }

        /**
         * Minimises over the strength {@code v[3]} within {@code radius} of its current value (kept in
         * {@code (0, maxC]}) by Brent's method (golden sections with parabolic steps where the energy is smooth,
         * which it mostly is in the strength: 6-10 evaluations where golden sections alone took 20), to 1/10,000 of
         * the interval; writes the best into {@code v} and returns the energy there.
         */
        double profile(double[] v, double radius, double maxC) {
            double lo = Math.max(1e-3, v[3] - radius), hi = Math.min(maxC, v[3] + radius);
            double tol = 1e-3 * (hi - lo) + 1e-12;
            double golden = (3 - Math.sqrt(5)) / 2;
            double[] t = v.clone();
            double x = lo + golden * (hi - lo), w = x, u = x;
            t[3] = x;
            double fx = at(t), fw = fx, fu = fx;
            double d = 0, e = 0;
            for (int iter = 0; iter < 40; iter++) {
                double mid = 0.5 * (lo + hi);
                if (Math.abs(x - mid) <= 2 * tol - 0.5 * (hi - lo)) {
                    break;
                }
                boolean parabolic = false;
                if (Math.abs(e) > tol) {
                    // the parabola through x, w and u (the last three points tried)
                    double r = (x - w) * (fx - fu), q = (x - u) * (fx - fw), p = (x - u) * q - (x - w) * r;
                    q = 2 * (q - r);
                    if (q > 0) {
                        p = -p;
                    } else {
                        q = -q;
                    }
                    if (Math.abs(p) < Math.abs(0.5 * q * e) && p > q * (lo - x) && p < q * (hi - x)) {
                        e = d;
                        d = p / q;
                        parabolic = true;
                        if (x + d - lo < 2 * tol || hi - (x + d) < 2 * tol) {
                            d = Math.copySign(tol, mid - x);
                        }
                    }
                }
                if (!parabolic) {
                    e = x >= mid ? lo - x : hi - x;
                    d = golden * e;
                }
                double next = Math.abs(d) >= tol ? x + d : x + Math.copySign(tol, d);
                t[3] = next;
                double fn = at(t);
                if (fn <= fx) {
                    if (next >= x) {
                        lo = x;
                    } else {
                        hi = x;
                    }
                    u = w;
                    fu = fw;
                    w = x;
                    fw = fx;
                    x = next;
                    fx = fn;
                } else {
                    if (next < x) {
                        lo = next;
                    } else {
                        hi = next;
                    }
                    if (fn <= fw || w == x) {
                        u = w;
                        fu = fw;
                        w = next;
                        fw = fn;
                    } else if (fn <= fu || u == x || u == w) {
                        u = next;
                        fu = fn;
                    }
                }
            }
            v[3] = x;
            return fx;
        }

        /**
         * How much of the total variation along the template's edges (neighbours whose template opacity differs by
         * at least 0.02) removing it with {@code v} takes away, all around the outline: the share is measured in
         * {@value #SECTORS} angular sectors about the template's centre and the second lowest is returned. A true
         * match removes the outline everywhere; a match on texture removes some of it where the texture happens to
         * line up, and not elsewhere.
         */
        double edgeRemoval(double[] v) {
            Matte m = unit(v);
            float[] a1 = m.alpha(), wm = m.layer().rgb();
            int w = crop.width(), h = crop.height();
            float c = (float) v[3];
            double cx = v[0] + v[2] * template.width() / 2 - crop.x();
            double cy = v[1] + scaleY(v) * template.height() / 2 - crop.y();
            double[] before = new double[SECTORS], after = new double[SECTORS];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int p = y * w + x;
                    double angle = Math.atan2(y + 0.5 - cy, x + 0.5 - cx) + Math.PI;
                    int sector = Math.min(SECTORS - 1, (int) (angle / (2 * Math.PI) * SECTORS));
                    for (int d = 0; d < 2; d++) {
                        int q = d == 0 ? p + 1 : p + w;
                        if ((d == 0 && x + 1 >= w) || (d == 1 && y + 1 >= h) || Math.abs(a1[p] - a1[q]) < 0.02f
                                || a1[p] >= FIT_MAX_ALPHA || a1[q] >= FIT_MAX_ALPHA) {
                            continue;
                        }
                        float ap = Math.min(0.98f, a1[p] * c), aq = Math.min(0.98f, a1[q] * c);
                        for (int ch = 0; ch < 3; ch++) {
                            float ip = (j[p * 3 + ch] - ap * wm[p * 3 + ch]) / (1 - ap);
                            float iq = (j[q * 3 + ch] - aq * wm[q * 3 + ch]) / (1 - aq);
                            before[sector] += Math.abs(j[p * 3 + ch] - j[q * 3 + ch]);
                            after[sector] += (1 - 0.5f * (ap + aq)) * Math.abs(ip - iq);
                        }
                    }
                }
            }
            double[] share = new double[SECTORS];
            int k = 0;
            for (int i = 0; i < SECTORS; i++) {
                if (before[i] > 0) {
                    share[k++] = (before[i] - after[i]) / before[i];
                }
            }
            if (k == 0) {
                return 0;
            }
            double[] used = java.util.Arrays.copyOf(share, k);
            java.util.Arrays.sort(used);
            return Math.max(0, used[Math.min(1, k - 1)]);
        }

        /**
         * Total variation of the recovery, each neighbour difference weighted by {@code 1 - a} ({@link #pair}); the
         * pairs away from the template add the image's own variation.
         */
        double at(double[] v) {
            pairs(unit(v));
            float[] a1 = packedAlpha, jj = packedImage, wm = packedLayer;
            float c = (float) v[3];
            for (int k = 0; k < a1.length; k++) {
                float a = a1[k] * c;
                skip[k] = a1[k] >= FIT_MAX_ALPHA || a >= 0.98f;
                if (skip[k]) {
                    continue;
                }
                float g = 1 / (1 - a);
                for (int ch = 0; ch < 3; ch++) {
                    rec[k * 3 + ch] = (jj[k * 3 + ch] - a * wm[k * 3 + ch]) * g;
                }
            }
            int[] pa = pairs[0], pb = pairs[1];
            double tv = outside;
            for (int i = 0; i < pa.length; i++) {
                int p = pa[i], q = pb[i];
                if (!skip[p] && !skip[q]) {
                    tv += pair(rec, p, q, 1 - c * 0.5f * (a1[p] + a1[q]));
                }
            }
            return tv;
        }

        /**
         * One neighbour difference of the recovery, weighted by {@code 1 - a}: where the opacity is flat, the
         * recovered texture is the true one times {@code (1 - c* a) / (1 - c a)}, so the weight makes it independent
         * of the strength tried and only the mark's edges, which vanish at the true strength, decide it.
         */
        private static double pair(float[] rec, int p, int q, float weight) {
            double s = 0;
            for (int ch = 0; ch < 3; ch++) {
                s += Math.abs(rec[p * 3 + ch] - rec[q * 3 + ch]);
            }
            return weight * s;
        }
    }
}
