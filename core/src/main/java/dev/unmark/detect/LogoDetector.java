package dev.unmark.detect;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import dev.unmark.internal.MatScope;
import dev.unmark.internal.Morphology;
import dev.unmark.internal.OpenCv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Finds semi-transparent logos and marks that are not text, from the overlay model itself: a mark blended as
 * {@code J = (1 - a) I + a W} with a constant colour W shifts the photo by {@code a (W - B)} inside its outline,
 * so across that outline the colour step {@code J_in - J_out} points from the outside colour towards W, all the
 * outline's steps point at the same W with the same a, and the photo continues inside, its contrast scaled by
 * {@code 1 - a}. Scene edges point anywhere; an opaque object keeps its own colour whatever lies around it.
 *
 * <p>Method, on a copy reduced to {@link LogoConfig#workingSize()} (area interpolation, Gaussian sigma 1.2):
 * <ol>
 *   <li>Edge steps ({@link #steps}): Canny edges of each colour channel, joined; at each, the mean colours 2 and
 *       4 px either side along the normal (three samples along the edge each). Steps below
 *       {@link LogoConfig#minStep()} are dropped.</li>
 *   <li>Overlay colour votes ({@link #vote}): each step, in both orientations, votes for the points of its ray
 *       {@code W = out + (in - out) / a}, a in [{@code minAlpha}, {@code maxAlpha}], in a 16-level RGB grid; the
 *       rays of one mark's outline cross at its W. White, black and the {@link LogoConfig#hypotheses()} highest
 *       local maxima are tried.</li>
 *   <li>Per W ({@link #regionsFor}): a step is explained when, with one side taken as inside, both its 2 px and
 *       its 4 px pair lie on the line towards W (within {@code 6 + 0.3 |step|} levels) with opacities within 0.1
 *       ({@link #both}); explained steps with fewer than 3 neighbours (5x5) of similar opacity and inward normal
 *       are texture and dropped.</li>
 *   <li>Candidates ({@link #hulls}): per opacity band (0.05 steps, {@link LogoConfig#alphaWindow()} wide) the
 *       steps are grouped by proximity; each group's convex hull is a candidate. Its confidence is the product of
 *       the share of steps whose inside faces the hull's centre (at least {@link LogoConfig#minPurity()}), the
 *       share of the hull's rim lying on the group, how the inside follows the outside ({@link #follows}: the
 *       opacity implied by the inside/outside contrast ratio must reach the one the steps imply with W on the RGB
 *       cube, and stay below {@link LogoConfig#maxAlpha()}) and the inside/outside colour correlation along the
 *       outline ({@link #regression}, full at 0.5). W and a are refitted to the group with
 *       {@link TextDetector#overlay}. Accepted candidates are grown over nearby steps of their opacity
 *       ({@link #grow}).</li>
 *   <li>The hulls are scaled up to the image and grown by {@link LogoConfig#dilateRadius()}; the alpha map is each
 *       mark's opacity over its hull.</li>
 * </ol>
 *
 * <p>Limits (measured on the dev bench, see docs/detectors.md): on textured photos a logo's outline breaks into
 * short groups that look like texture, so most marks are found only in part or not at all; marks whose colour is
 * close to the photo under them, glyph-shaped logos (the hull covers their gaps) and scene parts that are
 * a lighter or darker tint of their surroundings (a sleeve, a face) are the failure cases. Immutable and
 * thread-safe.
 */
public final class LogoDetector implements WatermarkDetector {

    /** Region kind this detector reports. */
    public static final String KIND = "logo";

    /** Bin size of the overlay colour vote, in levels. */
    private static final int BIN = 16;
    private static final int BINS = 256 / BIN;

    private final LogoConfig config;

    public LogoDetector() {
        this(LogoConfig.defaults());
    }

    public LogoDetector(LogoConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public LogoConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "logo";
    }

    @Override
    public Detection detect(Image image) {
        try (MatScope mats = new MatScope()) {
            return run(image, mats);
        }
    }

    /** Edge steps of the working copy: pixel, inside/outside sample pixels (+/- gradient side) and their colours. */
    record Steps(int n, int[] at, int[] plus, int[] minus, int[] plusFar, int[] minusFar, float[] cp, float[] cm,
            float[] cpf, float[] cmf, float[] nx, float[] ny) {
    }

    /** A mark found at working size. */
    record Found(byte[] mask, double alpha, double confidence) {
    }

    private Detection run(Image image, MatScope mats) {
        int w = image.width(), h = image.height();
        double scale = Math.min(1, config.workingSize() / (double) Math.max(w, h));
        Mat bgr = mats.track(OpenCv.toBgr8(image));
        Mat small = bgr;
        if (scale < 1) {
            small = mats.track(new Mat());
            Imgproc.resize(bgr, small, new Size(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale))),
                    0, 0, Imgproc.INTER_AREA);
        }
        int sw = small.cols(), sh = small.rows();
        Mat blurred = mats.track(new Mat());
        Imgproc.GaussianBlur(small, blurred, new Size(0, 0), 1.2);
        Steps steps = steps(blurred, mats);
        if (steps.n() < 20) {
            return Detection.none(w, h);
        }
        List<double[]> ws = vote(steps);
        byte[] union = new byte[sw * sh];
        float[] alphaSmall = new float[sw * sh];
        List<Found> found = new ArrayList<>();
        for (double[] wc : ws) {
            for (Found f : regionsFor(wc, steps, sw, sh)) {
                long pix = 0, already = 0;
                for (int i = 0; i < union.length; i++) {
                    if (f.mask()[i] != 0) {
                        pix++;
                        if (union[i] != 0) {
                            already++;
                        }
                    }
                }
                if (pix == 0 || already > pix / 2) {
                    continue;
                }
                found.add(f);
                for (int i = 0; i < union.length; i++) {
                    if (f.mask()[i] != 0) {
                        union[i] = Mask.ON;
                        alphaSmall[i] = (float) Math.max(alphaSmall[i], f.alpha());
                    }
                }
            }
        }
        if (found.isEmpty()) {
            return Detection.none(w, h);
        }
        // Back to image size: the mask by linear interpolation thresholded at one half, the alpha nearest.
        byte[] full = upscale(union, sw, sh, w, h, mats);
        if (config.dilateRadius() > 0) {
            Mat m = mats.track(new Mat(h, w, CvType.CV_8UC1));
            m.put(0, 0, full);
            Imgproc.dilate(m, m, mats.ellipse(config.dilateRadius()));
            m.get(0, 0, full);
        }
        float[] alpha = new float[w * h];
        for (int y = 0; y < h; y++) {
            int ys = Math.min(sh - 1, (int) (y * sh / (double) h));
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                if (full[i] != 0) {
                    int xs = Math.min(sw - 1, (int) (x * sw / (double) w));
                    float a = alphaSmall[ys * sw + xs];
                    alpha[i] = a > 0 ? a : (float) found.get(0).alpha();
                }
            }
        }
        Mask mask = Mask.wrap(w, h, full);
        List<Region> regions = new ArrayList<>();
        for (Found f : found) {
            // The region's own pixels: its hull at image size, grown as the whole mask was (and within it), so
            // dropping the region (a confidence filter) also clears its dilation ring.
            byte[] own = upscale(f.mask(), sw, sh, w, h, mats);
            if (config.dilateRadius() > 0) {
                own = Morphology.dilate(own, w, h, config.dilateRadius());
            }
            for (int i = 0; i < own.length; i++) {
                own[i] &= full[i];
            }
            Mask rm = Mask.wrap(w, h, own);
            Rect box = rm.setBounds();
            regions.add(box.isEmpty() ? new Region(box, KIND, f.confidence(), 0)
                    : new Region(box, KIND, f.confidence(), rm.count(), rm.crop(box)));
        }
        return new Detection(mask, regions, alpha);
    }

    /** Edge steps (see the class comment, step 1). */
    private Steps steps(Mat blurred, MatScope mats) {
        int sw = blurred.cols(), sh = blurred.rows();
        // Colour edges: Canny per channel, joined, so a tint that barely changes the luma still has an outline;
        // the normal from the channel with the strongest Sobel gradient.
        List<Mat> channels = new ArrayList<>();
        Core.split(blurred, channels);
        mats.trackAll(channels);
        double hi = 3 * config.minStep();
        byte[] e = new byte[sw * sh];
        float[] fx = new float[sw * sh], fy = new float[sw * sh];
        float[] cx = new float[sw * sh], cy = new float[sw * sh];
        byte[] ce = new byte[sw * sh];
        for (Mat ch : channels) {
            Mat edges = mats.track(new Mat());
            Imgproc.Canny(ch, edges, hi / 2, hi, 3, true);
            Mat gx = mats.track(new Mat()), gy = mats.track(new Mat());
            Imgproc.Sobel(ch, gx, CvType.CV_32F, 1, 0);
            Imgproc.Sobel(ch, gy, CvType.CV_32F, 0, 1);
            edges.get(0, 0, ce);
            gx.get(0, 0, cx);
            gy.get(0, 0, cy);
            for (int i = 0; i < e.length; i++) {
                e[i] |= ce[i];
                if (cx[i] * cx[i] + cy[i] * cy[i] > fx[i] * fx[i] + fy[i] * fy[i]) {
                    // Keep a consistent sign: the normal of the strongest channel, as it is.
                    fx[i] = cx[i];
                    fy[i] = cy[i];
                }
            }
        }
        byte[] px = new byte[sw * sh * 3];
        blurred.get(0, 0, px);
        int cap = 0;
        for (byte b : e) {
            if (b != 0) {
                cap++;
            }
        }
        int[] at = new int[cap], plus = new int[cap], minus = new int[cap], plusFar = new int[cap],
                minusFar = new int[cap];
        float[] gnx = new float[cap], gny = new float[cap];
        float[] cp = new float[cap * 3], cm = new float[cap * 3], cpf = new float[cap * 3], cmf = new float[cap * 3];
        int n = 0;
        for (int y = 0; y < sh; y++) {
            for (int x = 0; x < sw; x++) {
                int i = y * sw + x;
                if (e[i] == 0) {
                    continue;
                }
                double g = Math.hypot(fx[i], fy[i]);
                if (g < 1e-3) {
                    continue;
                }
                double nx = fx[i] / g, ny = fy[i] / g;
                int p = pixel(x + 2 * nx, y + 2 * ny, sw, sh), m = pixel(x - 2 * nx, y - 2 * ny, sw, sh);
                int pf = pixel(x + 4 * nx, y + 4 * ny, sw, sh), mf = pixel(x - 4 * nx, y - 4 * ny, sw, sh);
                if (p < 0 || m < 0 || pf < 0 || mf < 0) {
                    continue;
                }
                // Side colours averaged over three samples along the edge (tangent offsets -2, 0, 2), so texture
                // under the mark does not decide its step alone.
                float[] a2 = new float[3], b2 = new float[3], a4 = new float[3], b4 = new float[3];
                if (!mean(px, x, y, nx, ny, 2, sw, sh, a2) || !mean(px, x, y, nx, ny, -2, sw, sh, b2)
                        || !mean(px, x, y, nx, ny, 4, sw, sh, a4) || !mean(px, x, y, nx, ny, -4, sw, sh, b4)) {
                    continue;
                }
                double dd = 0;
                for (int k = 0; k < 3; k++) {
                    double d = a2[k] - b2[k];
                    dd += d * d;
                }
                if (dd < config.minStep() * config.minStep()) {
                    continue;
                }
                at[n] = i;
                plus[n] = p;
                minus[n] = m;
                plusFar[n] = pf;
                minusFar[n] = mf;
                gnx[n] = (float) nx;
                gny[n] = (float) ny;
                for (int k = 0; k < 3; k++) {
                    cp[n * 3 + k] = a2[k];
                    cm[n * 3 + k] = b2[k];
                    cpf[n * 3 + k] = a4[k];
                    cmf[n * 3 + k] = b4[k];
                }
                n++;
            }
        }
        return new Steps(n, at, plus, minus, plusFar, minusFar, cp, cm, cpf, cmf, gnx, gny);
    }

    /** Mean colour of the samples {@code r} px along the normal and -2, 0, 2 px along the edge; false off the image. */
    private static boolean mean(byte[] px, int x, int y, double nx, double ny, int r, int w, int h, float[] out) {
        Arrays.fill(out, 0);
        for (int t = -2; t <= 2; t += 2) {
            int p = pixel(x + r * nx - t * ny, y + r * ny + t * nx, w, h);
            if (p < 0) {
                return false;
            }
            for (int k = 0; k < 3; k++) {
                out[k] += (px[p * 3 + k] & 0xFF) / 3f;
            }
        }
        return true;
    }

    private static int pixel(double x, double y, int w, int h) {
        int xi = (int) Math.round(x), yi = (int) Math.round(y);
        return xi < 0 || yi < 0 || xi >= w || yi >= h ? -1 : yi * w + xi;
    }

    /** Overlay colour hypotheses from the rays of the edge steps (class comment, step 2), BGR. */
    private List<double[]> vote(Steps s) {
        float[] grid = new float[BINS * BINS * BINS];
        double tMin = 1 / config.maxAlpha(), tMax = 1 / config.minAlpha();
        for (int e = 0; e < s.n(); e++) {
            for (int o = 0; o < 2; o++) {
                float[] in = o == 0 ? s.cp() : s.cm(), out = o == 0 ? s.cm() : s.cp();
                double d0 = in[e * 3] - out[e * 3], d1 = in[e * 3 + 1] - out[e * 3 + 1],
                        d2 = in[e * 3 + 2] - out[e * 3 + 2];
                double len = Math.sqrt(d0 * d0 + d1 * d1 + d2 * d2);
                double dt = BIN / 2.0 / len;
                int last = -1;
                for (double t = tMin; t <= tMax; t += dt) {
                    double b0 = out[e * 3] + t * d0, b1 = out[e * 3 + 1] + t * d1, b2 = out[e * 3 + 2] + t * d2;
                    if (b0 < -4 || b1 < -4 || b2 < -4 || b0 > 259 || b1 > 259 || b2 > 259) {
                        break;
                    }
                    int bin = (bin(b0) * BINS + bin(b1)) * BINS + bin(b2);
                    if (bin != last) {
                        grid[bin] += 1;
                        last = bin;
                    }
                }
            }
        }
        // Local maxima (26-neighbourhood), highest first.
        List<int[]> peaks = new ArrayList<>();
        for (int i = 0; i < BINS; i++) {
            for (int j = 0; j < BINS; j++) {
                for (int k = 0; k < BINS; k++) {
                    float v = grid[(i * BINS + j) * BINS + k];
                    if (v < 10) {
                        continue;
                    }
                    boolean max = true;
                    for (int a = -1; a <= 1 && max; a++) {
                        for (int b = -1; b <= 1 && max; b++) {
                            for (int c = -1; c <= 1 && max; c++) {
                                int ii = i + a, jj = j + b, kk = k + c;
                                if ((a | b | c) == 0 || ii < 0 || jj < 0 || kk < 0 || ii >= BINS || jj >= BINS
                                        || kk >= BINS) {
                                    continue;
                                }
                                float u = grid[(ii * BINS + jj) * BINS + kk];
                                if (u > v || (u == v && (ii * BINS + jj) * BINS + kk < (i * BINS + j) * BINS + k)) {
                                    max = false;
                                }
                            }
                        }
                    }
                    if (max) {
                        peaks.add(new int[] {i, j, k, Float.floatToIntBits(v)});
                    }
                }
            }
        }
        peaks.sort((p, q) -> Float.compare(Float.intBitsToFloat(q[3]), Float.intBitsToFloat(p[3])));
        // White and black, the commonest overlay colours, are always tried.
        List<double[]> ws = new ArrayList<>();
        ws.add(new double[] {255, 255, 255});
        ws.add(new double[] {0, 0, 0});
        for (int p = 0; p < Math.min(config.hypotheses(), peaks.size()); p++) {
            int[] pk = peaks.get(p);
            double[] c = {centre(pk[0]), centre(pk[1]), centre(pk[2])};
            if (ws.stream().noneMatch(q -> Math.abs(q[0] - c[0]) + Math.abs(q[1] - c[1]) + Math.abs(q[2] - c[2])
                    < 3 * BIN)) {
                ws.add(c);
            }
        }
        return ws;
    }

    private static int bin(double v) {
        return Math.max(0, Math.min(BINS - 1, (int) (v / BIN)));
    }

    private static double centre(int b) {
        // The cube's faces are where logos' colours live (white, black, saturated): snap the outer bins to them.
        return b == 0 ? 0 : b == BINS - 1 ? 255 : (b + 0.5) * BIN;
    }

    /**
     * The opacity of an edge step under overlay colour {@code wc} with the given side inside (the side's colour
     * {@code in}, the other {@code out}), or -1 when the step leaves the line towards W.
     */
    static double stepAlpha(double[] wc, float[] in, float[] out, int e) {
        double dd = 0, dv = 0, vv = 0;
        for (int k = 0; k < 3; k++) {
            double d = in[e * 3 + k] - out[e * 3 + k], v = wc[k] - out[e * 3 + k];
            dd += d * d;
            dv += d * v;
            vv += v * v;
        }
        if (vv < 1) {
            return -1;
        }
        double a = dv / vv;
        double r2 = Math.max(0, dd - a * a * vv);
        double tol = 6 + 0.3 * Math.sqrt(dd);
        return r2 <= tol * tol ? a : -1;
    }

    /**
     * The opacity of a step with the given side inside, from the pairs 2 and 4 px either side: both must lie on the
     * line towards W with opacities within 0.1 of each other (the photo under a mark changes, its opacity does not;
     * shading and soft scene edges grow with the distance), else -1.
     */
    static double both(double[] wc, float[] in, float[] out, float[] inFar, float[] outFar, int e) {
        double a = stepAlpha(wc, in, out, e), b = stepAlpha(wc, inFar, outFar, e);
        return a < 0 || b < 0 || Math.abs(a - b) > 0.1 ? -1 : (a + b) / 2;
    }

    /** The marks overlay colour {@code wc} explains (class comment, step 3). */
    private List<Found> regionsFor(double[] wc, Steps s, int sw, int sh) {
        int n = s.n();
        float[] aMap = new float[sw * sh];
        Arrays.fill(aMap, -1);
        int[] stepAt = new int[sw * sh];
        double[] alpha = new double[n];
        int[] side = new int[n]; // +1: the plus side is inside, -1: the minus side, 0: not explained
        for (int e = 0; e < n; e++) {
            double ap = both(wc, s.cp(), s.cm(), s.cpf(), s.cmf(), e);
            double am = both(wc, s.cm(), s.cp(), s.cmf(), s.cpf(), e);
            boolean okp = ap >= config.minAlpha() && ap <= 1.05, okm = am >= config.minAlpha() && am <= 1.05;
            if (okp && (!okm || ap <= am)) {
                side[e] = 1;
                alpha[e] = ap;
            } else if (okm) {
                side[e] = -1;
                alpha[e] = am;
            }
            if (side[e] != 0) {
                aMap[s.at()[e]] = (float) alpha[e];
                stepAt[s.at()[e]] = e;
            }
        }
        // Chains: an outline is a smooth curve of steps with one opacity and one inside; steps with fewer than 3
        // neighbours (5x5) of about their opacity (0.08) and inward normal (within 30 degrees) are texture.
        byte[] outline = new byte[sw * sh];
        int kept = 0;
        int[] side0 = side.clone();
        for (int e = 0; e < n; e++) {
            if (side[e] == 0) {
                continue;
            }
            int x = s.at()[e] % sw, y = s.at()[e] / sw, like = 0;
            for (int dy = -2; dy <= 2; dy++) {
                for (int dx = -2; dx <= 2; dx++) {
                    int xx = x + dx, yy = y + dy;
                    if ((dx | dy) != 0 && xx >= 0 && yy >= 0 && xx < sw && yy < sh) {
                        float an = aMap[yy * sw + xx];
                        int o = stepAt[yy * sw + xx];
                        if (an >= 0 && Math.abs(an - alpha[e]) <= 0.08 && side0[e] * side0[o]
                                * (s.nx()[e] * s.nx()[o] + s.ny()[e] * s.ny()[o]) > 0.85) {
                            like++;
                        }
                    }
                }
            }
            if (like >= 3) {
                outline[s.at()[e]] = Mask.ON;
                kept++;
            } else {
                side[e] = 0;
            }
        }
        if (kept < 20) {
            return List.of();
        }
        return hulls(wc, s, side, alpha, sw, sh);
    }

    /**
     * Marks as closed outlines of one opacity: per opacity band (0.05 steps, {@link LogoConfig#alphaWindow()} wide),
     * the explained steps are grouped by proximity (3 working px); a group whose steps' insides face its convex hull
     * (inward share) and whose steps ring the hull is a mark, its hull the mask.
     */
    private List<Found> hulls(double[] wc, Steps s, int[] side, double[] alpha, int sw, int sh) {
        int n = s.n();
        long total = (long) sw * sh;
        List<Found> out = new ArrayList<>();
        byte[] taken = new byte[sw * sh];
        for (double band = config.minAlpha(); band <= config.maxAlpha() + 1e-9; band += 0.05) {
            byte[] pts = new byte[sw * sh];
            int cnt = 0;
            for (int e = 0; e < n; e++) {
                if (side[e] != 0 && Math.abs(alpha[e] - band) <= config.alphaWindow() / 2) {
                    pts[s.at()[e]] = Mask.ON;
                    cnt++;
                }
            }
            if (cnt < 20) {
                continue;
            }
            // The steps grown by 3 px (near: the group's reach) and their connected groups (lab), per band.
            int[] lab = new int[sw * sh];
            byte[] near = new byte[sw * sh];
            int count;
            try (MatScope mats = new MatScope()) {
                Mat pm = mats.track(new Mat(sh, sw, CvType.CV_8UC1));
                pm.put(0, 0, pts);
                Mat grown = mats.track(new Mat());
                Imgproc.dilate(pm, grown, mats.ellipse(3));
                Mat labels = mats.track(new Mat());
                count = Imgproc.connectedComponents(grown, labels, 8, CvType.CV_32S);
                labels.get(0, 0, lab);
                grown.get(0, 0, near);
            }
            List<List<Integer>> groups = new ArrayList<>();
            for (int l = 0; l < count; l++) {
                groups.add(new ArrayList<>());
            }
            for (int e = 0; e < n; e++) {
                if (side[e] != 0 && pts[s.at()[e]] != 0) {
                    groups.get(lab[s.at()[e]]).add(e);
                }
            }
            for (int l = 1; l < count; l++) {
                List<Integer> g = groups.get(l);
                if (g.size() < 20) {
                    continue;
                }
                // This group's Mats (hull, rim, growth) are released before the next group.
                try (MatScope mats = new MatScope()) {
                    org.opencv.core.Point[] p = new org.opencv.core.Point[g.size()];
                    double cx = 0, cy = 0;
                    for (int q = 0; q < g.size(); q++) {
                        int at = s.at()[g.get(q)];
                        p[q] = new org.opencv.core.Point(at % sw, at / sw);
                    }
                    org.opencv.core.MatOfPoint mp = mats.track(new org.opencv.core.MatOfPoint(p));
                    org.opencv.core.MatOfInt hi = mats.track(new org.opencv.core.MatOfInt());
                    Imgproc.convexHull(mp, hi);
                    int[] hidx = hi.toArray();
                    org.opencv.core.Point[] hp = new org.opencv.core.Point[hidx.length];
                    for (int q = 0; q < hidx.length; q++) {
                        hp[q] = p[hidx[q]];
                    }
                    org.opencv.core.MatOfPoint hull = mats.track(new org.opencv.core.MatOfPoint(hp));
                    double area = Imgproc.contourArea(hull);
                    if (area < config.minArea() * total || area > config.maxArea() * total) {
                        continue;
                    }
                    org.opencv.imgproc.Moments mo = Imgproc.moments(hull);
                    cx = mo.m10 / mo.m00;
                    cy = mo.m01 / mo.m00;
                    // Inward share: the steps' inside faces the hull's centre.
                    double inward = 0;
                    double[] as = new double[g.size()];
                    for (int q = 0; q < g.size(); q++) {
                        int e = g.get(q);
                        double dx = cx - p[q].x, dy = cy - p[q].y;
                        if (side[e] * (s.nx()[e] * dx + s.ny()[e] * dy) > 0) {
                            inward++;
                        }
                        as[q] = alpha[e];
                    }
                    inward /= g.size();
                    // Ring: the share of the hull's perimeter with a step within 3 px.
                    byte[] hullMask = new byte[sw * sh];
                    Mat hm = mats.track(Mat.zeros(sh, sw, CvType.CV_8UC1));
                    Imgproc.fillConvexPoly(hm, hull, new org.opencv.core.Scalar(255));
                    Mat rim = mats.track(Mat.zeros(sh, sw, CvType.CV_8UC1));
                    Imgproc.polylines(rim, List.of(hull), true, new org.opencv.core.Scalar(255), 1);
                    byte[] rimB = new byte[sw * sh];
                    rim.get(0, 0, rimB);
                    long rimAll = 0, rimOn = 0;
                    for (int i = 0; i < rimB.length; i++) {
                        if (rimB[i] != 0) {
                            rimAll++;
                            if (near[i] != 0 && lab[i] == l) {
                                rimOn++;
                            }
                        }
                    }
                    double ring = rimOn / (double) Math.max(1, rimAll);
                    hm.get(0, 0, hullMask);
                    Arrays.sort(as);
                    double aMed = as[as.length / 2];
                    // Refit W and a to the group's steps with the text detector's overlay model (the outside colour as
                    // the background of the inside one): the vote only knows W to a 16-level bin.
                    byte[] pv = new byte[g.size() * 3], bv = new byte[g.size() * 3], strong = new byte[g.size()];
                    for (int q = 0; q < g.size(); q++) {
                        int e = g.get(q);
                        float[] in = side[e] > 0 ? s.cp() : s.cm(), outC = side[e] > 0 ? s.cm() : s.cp();
                        for (int k = 0; k < 3; k++) {
                            pv[q * 3 + k] = (byte) OpenCv.clamp8(in[e * 3 + k]);
                            bv[q * 3 + k] = (byte) OpenCv.clamp8(outC[e * 3 + k]);
                        }
                        strong[q] = 1;
                    }
                    TextDetector.Overlay fit = TextDetector.overlay(pv, bv, strong);
                    if (fit != null) {
                        aMed = fit.medianAlpha();
                    }
                    double[] fol = follows(s, g, side, aMed);
                    double texture = fol[0];
                    double[] reg = regression(s, g, side);
                    // The opacity the spread ratio gives, where the steps allow it (W inside the cube).
                    aMed = Math.max(aMed, Math.min(config.maxAlpha(), fol[1]));
                    double confidence = inward * ring * texture * Math.max(0, Math.min(1, reg[0] / 0.5));
                    if (inward < config.minPurity() || confidence < config.minConfidence()) {
                        continue;
                    }
                    hullMask = grow(s, side, alpha, aBand(as), hm, cx, cy, sw, sh, mats);
                    long pix = 0, over = 0;
                    for (int i = 0; i < hullMask.length; i++) {
                        if (hullMask[i] != 0) {
                            pix++;
                            if (taken[i] != 0) {
                                over++;
                            }
                        }
                    }
                    if (over > pix / 2) {
                        continue;
                    }
                    for (int i = 0; i < hullMask.length; i++) {
                        taken[i] |= hullMask[i];
                    }
                    out.add(new Found(hullMask, aMed, confidence));
                }
            }
        }
        return out;
    }

    /**
     * How the inside of a candidate's outline follows the photo outside it. Under a mark {@code J_in = (1 - a) B +
     * a W}, so along the outline the inside colours (4 px in) vary as {@code 1 - a} times the outside ones (4 px
     * out), while an opaque object keeps its own colour whatever lies around it. The colour steps fix only
     * {@code a (W - B)}: a farther W means a smaller a, and the least a is {@code aFit}, where W reaches the RGB
     * cube. The spread ratio gives a independently: {@code aTex = 1 - sd_in / sd_out} (2 levels of noise added to
     * each variance). The score is {@code min(1, aTex / (0.85 aFit))}, so a flat inside (an object, {@code aTex}
     * near 1, is cut by maxAlpha elsewhere) or an inside busier than its surroundings (aTex near 0: texture, or a
     * flat surround that proves nothing) scores low; it is then reduced linearly to 0 over 0.1 above
     * {@code maxAlpha}. Returns {score, aTex}.
     */
    double[] follows(Steps s, List<Integer> group, int[] side, double aFit) {
        double[] si = new double[6], so = new double[6];
        for (int e : group) {
            float[] in = side[e] > 0 ? s.cpf() : s.cmf(), out = side[e] > 0 ? s.cmf() : s.cpf();
            for (int k = 0; k < 3; k++) {
                si[k] += in[e * 3 + k];
                si[3 + k] += in[e * 3 + k] * in[e * 3 + k];
                so[k] += out[e * 3 + k];
                so[3 + k] += out[e * 3 + k] * out[e * 3 + k];
            }
        }
        int m = group.size();
        double vin = 0, vout = 0;
        for (int k = 0; k < 3; k++) {
            vin += Math.max(0, si[3 + k] / m - Math.pow(si[k] / m, 2));
            vout += Math.max(0, so[3 + k] / m - Math.pow(so[k] / m, 2));
        }
        double aTex = Math.max(0, 1 - Math.sqrt((vin + 4) / (vout + 4)));
        double score = Math.min(1, aTex / (0.85 * Math.max(0.05, aFit)));
        if (aTex > config.maxAlpha()) {
            score *= Math.max(0, 1 - (aTex - config.maxAlpha()) / 0.1);
        }
        return new double[] {score, aTex};
    }

    /** The median of sorted opacities. */
    private static double aBand(double[] sorted) {
        return sorted[sorted.length / 2];
    }

    /**
     * Grows an accepted mark over the rest of its outline: a mark's outline often breaks into several groups (parts
     * of a logo, gaps where the photo matches W). Twice, the steps within 8 working px of the hull with an opacity
     * within {@code alphaWindow / 2} of the mark's and an inside facing the hull's centre join, and the hull is
     * taken again. Returns the grown hull's mask.
     */
    private byte[] grow(Steps s, int[] side, double[] alpha, double a, Mat hull, double cx, double cy, int sw, int sh,
            MatScope mats) {
        Mat cur = hull;
        for (int round = 0; round < 2; round++) {
            Mat near = mats.track(new Mat());
            Imgproc.dilate(cur, near, mats.ellipse(8));
            byte[] nb = new byte[sw * sh];
            near.get(0, 0, nb);
            List<org.opencv.core.Point> pts = new ArrayList<>();
            for (int e = 0; e < s.n(); e++) {
                int at = s.at()[e];
                if (side[e] == 0 || nb[at] == 0 || Math.abs(alpha[e] - a) > config.alphaWindow() / 2) {
                    continue;
                }
                double x = at % sw, y = at / sw;
                if (side[e] * (s.nx()[e] * (cx - x) + s.ny()[e] * (cy - y)) > 0) {
                    pts.add(new org.opencv.core.Point(x, y));
                }
            }
            byte[] cb = new byte[sw * sh];
            cur.get(0, 0, cb);
            for (int i = 0; i < cb.length; i++) {
                if (cb[i] != 0 && (i % 7 == 0)) {
                    pts.add(new org.opencv.core.Point(i % sw, i / sw));
                }
            }
            if (pts.size() < 3) {
                break;
            }
            org.opencv.core.MatOfPoint mp = mats.track(
                    new org.opencv.core.MatOfPoint(pts.toArray(new org.opencv.core.Point[0])));
            org.opencv.core.MatOfInt hi = mats.track(new org.opencv.core.MatOfInt());
            Imgproc.convexHull(mp, hi);
            org.opencv.core.Point[] all = mp.toArray();
            int[] idx = hi.toArray();
            org.opencv.core.Point[] hp = new org.opencv.core.Point[idx.length];
            for (int q = 0; q < idx.length; q++) {
                hp[q] = all[idx[q]];
            }
            org.opencv.core.MatOfPoint poly = mats.track(new org.opencv.core.MatOfPoint(hp));
            Mat next = mats.track(Mat.zeros(sh, sw, CvType.CV_8UC1));
            Imgproc.fillConvexPoly(next, poly, new org.opencv.core.Scalar(255));
            cur = next;
        }
        byte[] out = new byte[sw * sh];
        cur.get(0, 0, out);
        return out;
    }

    /**
     * Along a candidate's outline, the pooled (over channels) correlation of the inside colours (4 px in) with the
     * outside ones (4 px out) and the least-squares slope of inside on outside: a mark's inside is {@code (1 - a)}
     * times the outside plus a constant, so both correlate with slope {@code 1 - a}; an object's colour does not
     * follow its surroundings. Returns {correlation, slope}.
     */
    static double[] regression(Steps s, List<Integer> group, int[] side) {
        double sxy = 0, sxx = 0, syy = 0;
        for (int k = 0; k < 3; k++) {
            double mx = 0, my = 0;
            for (int e : group) {
                mx += (side[e] > 0 ? s.cmf() : s.cpf())[e * 3 + k];
                my += (side[e] > 0 ? s.cpf() : s.cmf())[e * 3 + k];
            }
            mx /= group.size();
            my /= group.size();
            for (int e : group) {
                double x = (side[e] > 0 ? s.cmf() : s.cpf())[e * 3 + k] - mx;
                double y = (side[e] > 0 ? s.cpf() : s.cmf())[e * 3 + k] - my;
                sxy += x * y;
                sxx += x * x;
                syy += y * y;
            }
        }
        double n = group.size() * 3.0;
        // 2 levels of noise per sample keep flat outlines from correlating by chance.
        double corr = sxy / Math.sqrt((sxx + 4 * n) * (syy + 4 * n));
        return new double[] {corr, sxy / (sxx + 4 * n)};
    }

    private static byte[] upscale(byte[] small, int sw, int sh, int w, int h, MatScope mats) {
        if (sw == w && sh == h) {
            return small.clone();
        }
        Mat m = mats.track(new Mat(sh, sw, CvType.CV_8UC1));
        m.put(0, 0, small);
        Mat up = mats.track(new Mat());
        Imgproc.resize(m, up, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
        Imgproc.threshold(up, up, 127, 255, Imgproc.THRESH_BINARY);
        byte[] b = new byte[w * h];
        up.get(0, 0, b);
        return b;
    }
}
