package dev.unmark.detect;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
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
 * so across that outline the colour step {@code J_in - J_out} points from the outside colour towards W, and all
 * the outline's steps point at the same W with the same a, whatever the photo does. Scene edges point anywhere.
 *
 * <p>Method, on a copy reduced to {@link LogoConfig#workingSize()} (area interpolation, Gaussian sigma 0.8):
 * <ol>
 *   <li>Edge steps ({@link #steps}): Canny edges of the luma; at each, the colours 2 px either side along the
 *       Sobel gradient. Steps below {@link LogoConfig#minStep()} are dropped.</li>
 *   <li>Overlay colour votes ({@link #vote}): each step, in both orientations, votes for the points of its ray
 *       {@code W = out + (in - out) / a}, a in [{@code minAlpha}, {@code maxAlpha}], in a 16-level RGB grid; the
 *       rays of one mark's outline cross at its W, scene edges spread. The {@link LogoConfig#hypotheses()} highest
 *       local maxima are tried.</li>
 *   <li>Per W ({@link #regionsFor}): the steps W explains (change on the line towards W within
 *       {@code 6 + 0.3 |step|} levels, opacity in range) and the most common opacity a*; those within
 *       {@link LogoConfig#alphaWindow()} of a* form the outline, thickened and closed (7x7) into a barrier. The
 *       4-connected parts of the rest are candidate marks; each collects the samples 4 px on the inside and the
 *       outside of every outline step. A part is a mark when its inside share (purity) reaches
 *       {@link LogoConfig#minPurity()}, its area is in range, a* is at most {@link LogoConfig#maxAlpha()} and its
 *       confidence, the share of its rim lying on explained steps times its purity, reaches
 *       {@link LogoConfig#minConfidence()}.</li>
 *   <li>The marks are grown over their outline (2 working px), scaled up to the image, grown by
 *       {@link LogoConfig#dilateRadius()}; the alpha map is a* over each mark.</li>
 * </ol>
 *
 * <p>Colour logos are found part by part (one W per colour) and only where the parts' colours are among the tried
 * hypotheses; marks whose colour is close to the photo under them (low step), and marks whose outline breaks
 * into the photo, are missed. Immutable and thread-safe.
 */
public final class LogoDetector implements WatermarkDetector {

    /** Region kind this detector reports. */
    public static final String KIND = "logo";

    /** Bin size of the overlay colour vote, in levels. */
    private static final int BIN = 16;
    private static final int BINS = 256 / BIN;
    private static final boolean HULLS = !Boolean.getBoolean("unmark.logo.parts");
    private static final boolean INFO = Boolean.getBoolean("unmark.logo.info");
    private static final boolean DEBUG = Boolean.getBoolean("unmark.logo.debug");

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
        List<Mat> mats = new ArrayList<>();
        try {
            return run(image, mats);
        } finally {
            for (Mat m : mats) {
                m.release();
            }
        }
    }

    /** Edge steps of the working copy: pixel, inside/outside sample pixels (+/- gradient side) and their colours. */
    record Steps(int n, int[] at, int[] plus, int[] minus, int[] plusFar, int[] minusFar, float[] cp, float[] cm,
            float[] cpf, float[] cmf, float[] nx, float[] ny, byte[] px) {
    }

    /** A mark found at working size. */
    record Found(byte[] mask, double alpha, double confidence, double[] w, String info) {
    }

    private Detection run(Image image, List<Mat> mats) {
        int w = image.width(), h = image.height();
        double scale = Math.min(1, config.workingSize() / (double) Math.max(w, h));
        Mat bgr = track(mats, OpenCv.toBgr8(image));
        Mat small = bgr;
        if (scale < 1) {
            small = track(mats, new Mat());
            Imgproc.resize(bgr, small, new Size(Math.max(1, Math.round(w * scale)), Math.max(1, Math.round(h * scale))),
                    0, 0, Imgproc.INTER_AREA);
        }
        int sw = small.cols(), sh = small.rows();
        Mat blurred = track(mats, new Mat());
        Imgproc.GaussianBlur(small, blurred, new Size(0, 0), 1.2);
        Steps steps = steps(blurred, mats);
        if (DEBUG) {
            org.opencv.imgcodecs.Imgcodecs.imwrite("/tmp/lgdbg/small.png", blurred);
            byte[] all = new byte[sw * sh];
            for (int e = 0; e < steps.n(); e++) {
                all[steps.at()[e]] = Mask.ON;
            }
            Mat am = track(mats, new Mat(sh, sw, CvType.CV_8UC1));
            am.put(0, 0, all);
            org.opencv.imgcodecs.Imgcodecs.imwrite("/tmp/lgdbg/steps.png", am);
        }
        if (steps.n() < 20) {
            return Detection.none(w, h);
        }
        List<double[]> ws = vote(steps);
        byte[] union = new byte[sw * sh];
        float[] alphaSmall = new float[sw * sh];
        List<Found> found = new ArrayList<>();
        for (double[] wc : ws) {
            for (Found f : regionsFor(wc, steps, sw, sh, mats)) {
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
                if (INFO) {
                    System.out.println("FOUND " + f.info());
                }
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
            Mat m = track(mats, new Mat(h, w, CvType.CV_8UC1));
            m.put(0, 0, full);
            Imgproc.dilate(m, m, ellipse(config.dilateRadius(), mats));
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
            byte[] up = upscale(f.mask(), sw, sh, w, h, mats);
            Mask rm = Mask.wrap(w, h, up);
            Rect box = rm.setBounds();
            regions.add(new Region(box, KIND, f.confidence(), rm.count()));
        }
        return new Detection(mask, regions, alpha);
    }

    /** Edge steps (see the class comment, step 1). */
    private Steps steps(Mat blurred, List<Mat> mats) {
        int sw = blurred.cols(), sh = blurred.rows();
        // Colour edges: Canny per channel, joined, so a tint that barely changes the luma still has an outline;
        // the normal from the channel with the strongest Sobel gradient.
        List<Mat> channels = new ArrayList<>();
        Core.split(blurred, channels);
        mats.addAll(channels);
        double hi = 3 * config.minStep();
        byte[] e = new byte[sw * sh];
        float[] fx = new float[sw * sh], fy = new float[sw * sh];
        float[] cx = new float[sw * sh], cy = new float[sw * sh];
        byte[] ce = new byte[sw * sh];
        for (Mat ch : channels) {
            Mat edges = track(mats, new Mat());
            Imgproc.Canny(ch, edges, hi / 2, hi, 3, true);
            Mat gx = track(mats, new Mat()), gy = track(mats, new Mat());
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
        return new Steps(n, at, plus, minus, plusFar, minusFar, cp, cm, cpf, cmf, gnx, gny, px);
    }

    /** Mean colour of the samples at distance {@code r} along the normal and -2, 0, 2 along the edge; false off the image. */
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
            if (ws.stream().noneMatch(q -> Math.abs(q[0] - c[0]) + Math.abs(q[1] - c[1]) + Math.abs(q[2] - c[2]) < 3 * BIN)) {
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
    private List<Found> regionsFor(double[] wc, Steps s, int sw, int sh, List<Mat> mats) {
        int n = s.n();
        float[] aMap = new float[sw * sh];
        Arrays.fill(aMap, -1);
        int[] stepAt = new int[sw * sh];
        double[] alpha = new double[n];
        int[] side = new int[n]; // +1: the plus side is inside, -1: the minus side, 0: not explained
        for (int e = 0; e < n; e++) {
            double ap = both(wc, s.cp(), s.cm(), s.cpf(), s.cmf(), e), am = both(wc, s.cm(), s.cp(), s.cmf(), s.cpf(), e);
            boolean okp = ap >= config.minAlpha() && ap <= 1.05, okm = am >= config.minAlpha() && am <= 1.05;
            if (okp && (!okm || ap <= am)) {
                side[e] = 1;
                alpha[e] = ap;
            } else if (okm) {
                side[e] = -1;
                alpha[e] = am;
            }
            int dbx = s.at()[e] % sw, dby = s.at()[e] / sw;
            if (DEBUG && wc[0] == 255 && wc[1] == 255 && dbx >= 38 && dbx <= 46 && dby >= 200 && dby <= 215) {
                System.err.printf("   e(%d,%d) n=(%.2f,%.2f) p=%s m=%s pf=%s mf=%s a+=%.2f/%.2f a-=%.2f/%.2f%n", dbx, dby,
                        s.nx()[e], s.ny()[e], Arrays.toString(Arrays.copyOfRange(s.cp(), e * 3, e * 3 + 3)),
                        Arrays.toString(Arrays.copyOfRange(s.cm(), e * 3, e * 3 + 3)),
                        Arrays.toString(Arrays.copyOfRange(s.cpf(), e * 3, e * 3 + 3)),
                        Arrays.toString(Arrays.copyOfRange(s.cmf(), e * 3, e * 3 + 3)),
                        stepAlpha(wc, s.cp(), s.cm(), e), stepAlpha(wc, s.cpf(), s.cmf(), e),
                        stepAlpha(wc, s.cm(), s.cp(), e), stepAlpha(wc, s.cmf(), s.cpf(), e));
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
        if (DEBUG) {
            System.err.printf("  W=%s kept=%d of %d%n", Arrays.toString(wc), kept, n);
        }
        if (kept < 20) {
            return List.of();
        }
        if (HULLS) {
            return hulls(wc, s, side, alpha, sw, sh, mats);
        }
        Mat outlineMat = track(mats, new Mat(sh, sw, CvType.CV_8UC1));
        outlineMat.put(0, 0, outline);
        Mat barrier = track(mats, new Mat());
        Imgproc.dilate(outlineMat, barrier, ellipse(1, mats));
        Imgproc.morphologyEx(barrier, barrier, Imgproc.MORPH_CLOSE, ellipse(3, mats));
        Mat free = track(mats, new Mat());
        Core.bitwise_not(barrier, free);
        if (DEBUG) {
            org.opencv.imgcodecs.Imgcodecs.imwrite("/tmp/lgdbg/outline_" + (int) wc[0] + "_" + (int) wc[1] + "_" + (int) wc[2] + ".png", barrier);
        }
        Mat labels = track(mats, new Mat());
        int count = Imgproc.connectedComponents(free, labels, 4, CvType.CV_32S);
        int[] lab = new int[sw * sh];
        labels.get(0, 0, lab);
        int[] area = new int[count];
        for (int v : lab) {
            area[v]++;
        }
        // Opacities of the steps that face into each part, for its a*.
        List<List<Double>> inA = new ArrayList<>();
        for (int l = 0; l < count; l++) {
            inA.add(new ArrayList<>());
        }
        for (int e = 0; e < n; e++) {
            if (side[e] != 0) {
                inA.get(lab[side[e] > 0 ? s.plusFar()[e] : s.minusFar()[e]]).add(alpha[e]);
            }
        }
        double[] aStar = new double[count];
        for (int l = 1; l < count; l++) {
            List<Double> as = inA.get(l);
            if (as.size() >= 8) {
                double[] v = as.stream().mapToDouble(Double::doubleValue).sorted().toArray();
                aStar[l] = v[v.length / 2];
            }
        }
        int[] ins = new int[count], outs = new int[count];
        byte[] good = new byte[sw * sh];
        for (int e = 0; e < n; e++) {
            if (side[e] == 0) {
                continue;
            }
            int inside = lab[side[e] > 0 ? s.plusFar()[e] : s.minusFar()[e]];
            int outside = lab[side[e] > 0 ? s.minusFar()[e] : s.plusFar()[e]];
            if (Math.abs(alpha[e] - aStar[inside]) <= config.alphaWindow()) {
                ins[inside]++;
            }
            if (Math.abs(alpha[e] - aStar[outside]) <= config.alphaWindow()) {
                outs[outside]++;
            }
        }
        Mat near = track(mats, new Mat());
        Imgproc.dilate(outlineMat, near, ellipse(2, mats));
        byte[] nearB = new byte[sw * sh];
        near.get(0, 0, nearB);
        byte[] barrierB = new byte[sw * sh];
        barrier.get(0, 0, barrierB);
        List<Found> out = new ArrayList<>();
        long total = (long) sw * sh;
        for (int l = 1; l < count; l++) {
            double purity = ins[l] / (double) Math.max(1, ins[l] + outs[l]);
            if (DEBUG && ins[l] >= 8 && purity >= 0.6) {
                System.err.printf("    part %d area=%d a*=%.2f ins=%d/%d outs=%d purity=%.2f%n", l, area[l], aStar[l],
                        ins[l], inA.get(l).size(), outs[l], purity);
            }
            if (ins[l] < 8 || purity < config.minPurity() || area[l] < config.minArea() * total
                    || area[l] > config.maxArea() * total || aStar[l] > config.maxAlpha()) {
                continue;
            }
            // The steps facing in must mostly share one opacity.
            double share = ins[l] / (double) inA.get(l).size();
            byte[] part = new byte[sw * sh];
            for (int i = 0; i < part.length; i++) {
                if (lab[i] == l) {
                    part[i] = Mask.ON;
                }
            }
            Mat partMat = track(mats, new Mat(sh, sw, CvType.CV_8UC1));
            partMat.put(0, 0, part);
            Mat grown = track(mats, new Mat());
            Imgproc.dilate(partMat, grown, ellipse(3, mats));
            byte[] g = new byte[sw * sh];
            grown.get(0, 0, g);
            long rim = 0, onOutline = 0;
            for (int y = 0; y < sh; y++) {
                for (int x = 0; x < sw; x++) {
                    int i = y * sw + x;
                    boolean border = x == 0 || y == 0 || x == sw - 1 || y == sh - 1;
                    if (g[i] != 0 && (part[i] == 0 || border)) {
                        rim++;
                        if (nearB[i] != 0 && !border) {
                            onOutline++;
                        }
                    }
                }
            }
            double confidence = purity * share * onOutline / (double) Math.max(1, rim);
            if (DEBUG) {
                System.err.printf("    -> part %d share=%.2f conf=%.2f%n", l, share, confidence);
            }
            if (confidence < config.minConfidence()) {
                continue;
            }
            // The mark: the part and the barrier it is bounded by (2 px of it).
            Mat mark = track(mats, new Mat());
            Imgproc.dilate(partMat, mark, ellipse(2, mats));
            byte[] m = new byte[sw * sh];
            mark.get(0, 0, m);
            for (int i = 0; i < m.length; i++) {
                if (m[i] != 0 && part[i] == 0 && barrierB[i] == 0) {
                    m[i] = 0;
                }
            }
            out.add(new Found(m, aStar[l], confidence, wc, ""));
        }
        return out;
    }

    /**
     * Marks as closed outlines of one opacity: per opacity band (0.05 steps, {@link LogoConfig#alphaWindow()} wide),
     * the explained steps are grouped by proximity (3 working px); a group whose steps' insides face its convex hull
     * (inward share) and whose steps ring the hull is a mark, its hull the mask.
     */
    private List<Found> hulls(double[] wc, Steps s, int[] side, double[] alpha, int sw, int sh, List<Mat> mats) {
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
            Mat pm = track(mats, new Mat(sh, sw, CvType.CV_8UC1));
            pm.put(0, 0, pts);
            Mat grown = track(mats, new Mat());
            Imgproc.dilate(pm, grown, ellipse(3, mats));
            Mat labels = track(mats, new Mat());
            int count = Imgproc.connectedComponents(grown, labels, 8, CvType.CV_32S);
            int[] lab = new int[sw * sh];
            labels.get(0, 0, lab);
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
                org.opencv.core.Point[] p = new org.opencv.core.Point[g.size()];
                double cx = 0, cy = 0;
                for (int q = 0; q < g.size(); q++) {
                    int at = s.at()[g.get(q)];
                    p[q] = new org.opencv.core.Point(at % sw, at / sw);
                }
                org.opencv.core.MatOfPoint mp = track(mats, new org.opencv.core.MatOfPoint(p));
                org.opencv.core.MatOfInt hi = track(mats, new org.opencv.core.MatOfInt());
                Imgproc.convexHull(mp, hi);
                int[] hidx = hi.toArray();
                org.opencv.core.Point[] hp = new org.opencv.core.Point[hidx.length];
                for (int q = 0; q < hidx.length; q++) {
                    hp[q] = p[hidx[q]];
                }
                org.opencv.core.MatOfPoint hull = track(mats, new org.opencv.core.MatOfPoint(hp));
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
                Mat hm = track(mats, Mat.zeros(sh, sw, CvType.CV_8UC1));
                Imgproc.fillConvexPoly(hm, hull, new org.opencv.core.Scalar(255));
                Mat rim = track(mats, Mat.zeros(sh, sw, CvType.CV_8UC1));
                Imgproc.polylines(rim, List.of(hull), true, new org.opencv.core.Scalar(255), 1);
                byte[] rimB = new byte[sw * sh];
                rim.get(0, 0, rimB);
                byte[] near = new byte[sw * sh];
                grown.get(0, 0, near);
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
                // Exclusivity: of all steps near the hull's rim, the share that belong to the group; a mark's
                // outline is the only edge along its rim, texture has edges of every opacity around.
                Mat rimBand = track(mats, new Mat());
                Imgproc.dilate(rim, rimBand, ellipse(2, mats));
                byte[] rb = new byte[sw * sh];
                rimBand.get(0, 0, rb);
                int rimSteps = 0, rimGroup = 0;
                for (int e = 0; e < n; e++) {
                    if (rb[s.at()[e]] != 0) {
                        rimSteps++;
                        if (pts[s.at()[e]] != 0 && lab[s.at()[e]] == l) {
                            rimGroup++;
                        }
                    }
                }
                double exclusive = rimGroup / (double) Math.max(1, rimSteps);
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
                double[] wFit = wc;
                double fitScore = 0;
                if (fit != null) {
                    wFit = fit.w();
                    aMed = fit.medianAlpha();
                    fitScore = fit.fit();
                }
                double texture = follows(s, g, side, aMed);
                double confidence = inward * ring * texture * texture;
                if (DEBUG && confidence > 0.3) {
                    System.err.printf("    band %.2f group %d steps=%d area=%.0f inward=%.2f ring=%.2f tex=%.2f conf=%.2f%n",
                            band, l, g.size(), area, inward, ring, texture, confidence);
                }
                if (inward < config.minPurity() || confidence < config.minConfidence()) {
                    continue;
                }
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
                out.add(new Found(hullMask, aMed, confidence, wc, String.format("W=%s a=%.2f steps=%d area=%.0f inward=%.2f ring=%.2f tex=%.2f excl=%.2f fit=%.2f wfit=%s",
                        Arrays.toString(wc), aMed, g.size(), area, inward, ring, texture, exclusive, fitScore,
                        Arrays.toString(wFit))));
            }
        }
        return out;
    }

    /**
     * Texture ratio of a candidate: the photo under a mark still shows through, with its contrast scaled by
     * {@code 1 - a}, while an opaque object replaces it. The colour standard deviation inside the candidate (eroded
     * by 3 px) over {@code (1 - a)} times that in a ring 3-10 px outside it; about 1 for a mark, near 0 for a flat
     * opaque object.
     */
    private static double texture(byte[] px, Mat hull, double a, int sw, int sh, List<Mat> mats) {
        Mat in = track(mats, new Mat()), outer = track(mats, new Mat()), inner = track(mats, new Mat());
        Imgproc.erode(hull, in, ellipse(3, mats));
        Imgproc.dilate(hull, outer, ellipse(10, mats));
        Imgproc.dilate(hull, inner, ellipse(3, mats));
        byte[] bi = new byte[sw * sh], bo = new byte[sw * sh], bn = new byte[sw * sh];
        in.get(0, 0, bi);
        outer.get(0, 0, bo);
        inner.get(0, 0, bn);
        double[] sIn = new double[7], sOut = new double[7];
        for (int i = 0; i < bi.length; i++) {
            double[] acc = bi[i] != 0 ? sIn : bo[i] != 0 && bn[i] == 0 ? sOut : null;
            if (acc == null) {
                continue;
            }
            acc[6]++;
            for (int k = 0; k < 3; k++) {
                double v = px[i * 3 + k] & 0xFF;
                acc[k] += v;
                acc[3 + k] += v * v;
            }
        }
        if (sIn[6] < 10 || sOut[6] < 10) {
            return 1;
        }
        double vin = 0, vout = 0;
        for (int k = 0; k < 3; k++) {
            vin += sIn[3 + k] / sIn[6] - Math.pow(sIn[k] / sIn[6], 2);
            vout += sOut[3 + k] / sOut[6] - Math.pow(sOut[k] / sOut[6], 2);
        }
        return Math.sqrt(Math.max(0, vin)) / ((1 - Math.min(0.95, a)) * Math.sqrt(Math.max(1, vout)));
    }

    /**
     * How the inside of a candidate's outline follows the photo outside it: under a mark {@code J_in = (1 - a) B + a W},
     * so along the outline the inside colours vary as {@code 1 - a} times the outside ones, while an opaque object
     * keeps its own colour whatever lies around it. The ratio of the inside colours' spread to {@code 1 - a} times the
     * outside colours' spread (each with 2 levels of noise added), folded to at most 1 ({@code min(r, 1 / r)}); it
     * enters the confidence squared.
     */
    static double follows(Steps s, List<Integer> group, int[] side, double a) {
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
        double r = Math.sqrt(vin + 4) / Math.sqrt((1 - a) * (1 - a) * vout + 4);
        if (DEBUG) {
            System.err.printf("      follows: vin=%.1f vout=%.1f a=%.2f%n", vin, vout, a);
        }
        return Math.min(r, 1 / r);
    }

    private static byte[] upscale(byte[] small, int sw, int sh, int w, int h, List<Mat> mats) {
        if (sw == w && sh == h) {
            return small.clone();
        }
        Mat m = track(mats, new Mat(sh, sw, CvType.CV_8UC1));
        m.put(0, 0, small);
        Mat up = track(mats, new Mat());
        Imgproc.resize(m, up, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
        Imgproc.threshold(up, up, 127, 255, Imgproc.THRESH_BINARY);
        byte[] b = new byte[w * h];
        up.get(0, 0, b);
        return b;
    }

    private static Mat ellipse(int radius, List<Mat> mats) {
        return track(mats, Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE,
                new Size(2 * radius + 1, 2 * radius + 1)));
    }

    private static <M extends Mat> M track(List<Mat> mats, M m) {
        mats.add(m);
        return m;
    }
}
