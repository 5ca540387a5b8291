package dev.unmark.detect;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import dev.unmark.internal.MatScope;
import dev.unmark.internal.Morphology;
import dev.unmark.internal.OpenCv;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Finds bright or dark semi-transparent overlays (white, grey or black text and logos blended as
 * {@code J = (1-a) I + a W}) by comparing each pixel with its local background, then keeping the connected
 * components that look like neutral strokes. Returns a pixel mask, not boxes.
 *
 * <p>Method, at a reduced "working" copy (long side {@link ContourConfig#workingSize()}):
 * <ol>
 *   <li>Background at several scales: morphological openings (bright marks) or closings (dark ones) with discs
 *       doubling from {@link ContourConfig#smallestDisc()} to the widest stroke; the differences are white or
 *       black top-hats (Serra 1982), which keep thin structures and ignore straight edges and smooth shading.
 *       Each pixel keeps the scale where it stands out most against that scale's robust threshold (the larger
 *       of a fixed minimum contrast and median + a multiple of 1.4826 MAD).</li>
 *   <li>Pixels above threshold must look like a neutral overlay: a neutral mark only pulls the background's
 *       chroma vector towards grey ({@code chroma(J) = (1-a) chroma(I)}).</li>
 *   <li>A small close joins broken strokes; 8-connected components are labelled; a component too large to be a
 *       mark is re-thresholded higher until it splits (texture fused with a mark).</li>
 *   <li>Filters: contrast against a broad median (drops the background between a mark's strokes); implied
 *       opacity ({@code step / (W - B)}, W = 255 or 0) near the contrast-weighted mode of all candidates, per
 *       component and per pixel (one mark has one opacity, texture does not); only the dominant polarity;
 *       shape: {@code area / thickness²} separates strokes from compact blobs, which are kept only next to a
 *       stroke (the dot of an i).</li>
 *   <li>Components near each other form one {@link Region}.</li>
 * </ol>
 * For large images the accepted components are then re-thresholded at full resolution inside a thin band
 * around them, so the mask stays pixel-accurate while the costly steps run on the small copy. Finally the mask
 * grows by {@link ContourConfig#dilateRadius()} to cover antialiased edges.
 *
 * <p>Immutable, so safe to share between threads. See {@code docs/detectors.md} for when it fails.
 */
public final class ContourDetector implements WatermarkDetector {

    /** Region kind this detector reports. */
    public static final String KIND = "overlay";

    private final ContourConfig config;

    public ContourDetector() {
        this(ContourConfig.defaults());
    }

    public ContourDetector(ContourConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public ContourConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "contours";
    }

    @Override
    public Detection detect(Image image) {
        try (MatScope mats = new MatScope()) {
            return run(image, mats);
        }
    }

    private Detection run(Image image, MatScope mats) {
        int w = image.width(), h = image.height();
        Mat bgr = mats.track(OpenCv.toBgr8(image));
        double scale = Math.min(1.0, config.workingSize() / (double) Math.max(w, h));
        Mat small = bgr;
        if (scale < 1) {
            small = mats.track(new Mat());
            Imgproc.resize(bgr, small, new Size(Math.max(1, Math.round(w * scale)), Math.max(1,
                    Math.round(h * scale))), 0, 0, Imgproc.INTER_AREA);
        }
        int ws = small.cols(), hs = small.rows();
        Mat gray = mats.track(new Mat());
        Imgproc.cvtColor(small, gray, Imgproc.COLOR_BGR2GRAY);
        byte[] colour = new byte[ws * hs * 3];
        small.get(0, 0, colour);

        int longSide = Math.max(ws, hs);
        int diameter = Morphology.odd(Math.max(5, (int) Math.round(config.strokeWidth() * longSide)));

        // A broad median (three stroke widths) is the scene level that a real mark departs from; the gaps
        // between bright letters are "dark strokes" to a closing but sit at that level (see analyse).
        Mat broadMat = mats.track(new Mat());
        Imgproc.medianBlur(gray, broadMat, Morphology.odd(3 * diameter));
        byte[] grayBytes = new byte[ws * hs];
        byte[] broad = new byte[ws * hs];
        gray.get(0, 0, grayBytes);
        broadMat.get(0, 0, broad);

        Polarity bright = analyse(small, gray, colour, grayBytes, broad, true, mats);
        Polarity dark = analyse(small, gray, colour, grayBytes, broad, false, mats);

        int n = ws * hs;
        int groupR = Math.max(8, (int) Math.round(config.groupRadius() * longSide));
        // Strokes first; compact blobs are only kept within the group radius of one (dots, full stops).
        byte[] strokes = new byte[n];
        for (int i = 0; i < n; i++) {
            if (bright.isStroke(i) || dark.isStroke(i)) {
                strokes[i] = Mask.ON;
            }
        }
        byte[] nearStroke = Morphology.dilate(strokes, ws, hs, groupR);
        bright.keepBlobsNear(nearStroke);
        dark.keepBlobsNear(nearStroke);

        {
            // A mark is bright or dark; the other polarity mostly finds the scene between its strokes and the
            // surroundings. Keep it only when it is not much smaller than the dominant one (outlined text).
            long nb = 0, nd = 0;
            for (int i = 0; i < n; i++) {
                if (bright.acceptedConfidence(i) >= 0) nb++;
                if (dark.acceptedConfidence(i) >= 0) nd++;
            }
            Polarity weaker = nb >= nd ? dark : bright;
            if (Math.min(nb, nd) < config.minPolarityShare() * Math.max(nb, nd)) {
                java.util.Arrays.fill(weaker.off, true);
            }
        }
        byte[] accepted = new byte[n];
        float[] confidence = new float[n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            float c = Math.max(bright.acceptedConfidence(i), dark.acceptedConfidence(i));
            if (c >= 0) {
                accepted[i] = Mask.ON;
                confidence[i] = c;
                any = true;
            }
        }
        if (!any) {
            return Detection.none(w, h);
        }

        Mat full;
        if (scale < 1) {
            Mat grayFull = mats.track(new Mat());
            Imgproc.cvtColor(bgr, grayFull, Imgproc.COLOR_BGR2GRAY);
            full = mats.track(Mat.zeros(h, w, CvType.CV_8UC1));
            int band = (int) Math.ceil(1 / scale) + 1;
            bright.refine(grayFull, full, band, mats);
            dark.refine(grayFull, full, band, mats);
            if (config.closeRadius() > 0) {
                Imgproc.morphologyEx(full, full, Imgproc.MORPH_CLOSE, mats.ellipse(config.closeRadius()));
            }
        } else {
            full = mats.track(new Mat(h, w, CvType.CV_8UC1));
            full.put(0, 0, accepted);
        }
        if (config.dilateRadius() > 0) {
            Imgproc.dilate(full, full, mats.ellipse(config.dilateRadius()));
        }
        Mask mask = OpenCv.toMask(full);
        return new Detection(mask, regions(mask, accepted, confidence, ws, hs, groupR, mats));
    }

    /**
     * One region per group of accepted components: groups are the connected parts of the accepted mask grown
     * by the group radius; each full-size mask pixel joins the group of the working pixel it falls on.
     */
    private static List<Region> regions(Mask mask, byte[] accepted, float[] confidence, int ws, int hs, int groupR,
            MatScope mats) {
        Mat grown = mats.track(new Mat(hs, ws, CvType.CV_8UC1));
        grown.put(0, 0, Morphology.dilate(accepted, ws, hs, groupR));
        Mat labelMat = mats.track(new Mat());
        int groups = Imgproc.connectedComponents(grown, labelMat, 8, CvType.CV_32S);
        int[] labels = new int[ws * hs];
        labelMat.get(0, 0, labels);

        // Slot 0 collects mask pixels that map outside every group; the band and dilation are narrower than
        // the group radius, so it stays empty in practice.
        double[] confSum = new double[groups];
        long[] confCount = new long[groups];
        for (int i = 0; i < labels.length; i++) {
            if (accepted[i] != 0) {
                confSum[labels[i]] += confidence[i];
                confCount[labels[i]]++;
            }
        }
        int w = mask.width(), h = mask.height();
        int[] minX = new int[groups], minY = new int[groups], maxX = new int[groups], maxY = new int[groups];
        long[] count = new long[groups];
        java.util.Arrays.fill(minX, Integer.MAX_VALUE);
        java.util.Arrays.fill(minY, Integer.MAX_VALUE);
        java.util.Arrays.fill(maxX, -1);
        java.util.Arrays.fill(maxY, -1);
        byte[] data = mask.data();
        for (int y = 0; y < h; y++) {
            int row = (int) ((long) y * hs / h) * ws;
            for (int x = 0; x < w; x++) {
                if (data[y * w + x] != 0) {
                    int g = labels[row + (int) ((long) x * ws / w)];
                    count[g]++;
                    minX[g] = Math.min(minX[g], x);
                    maxX[g] = Math.max(maxX[g], x);
                    minY[g] = Math.min(minY[g], y);
                    maxY[g] = Math.max(maxY[g], y);
                }
            }
        }
        double allConf = 0;
        long allCount = 0;
        for (int g = 1; g < groups; g++) {
            allConf += confSum[g];
            allCount += confCount[g];
        }
        List<Region> out = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            if (count[g] == 0) {
                continue;
            }
            double c = confCount[g] > 0 ? confSum[g] / confCount[g] : allConf / Math.max(1, allCount);
            out.add(new Region(new Rect(minX[g], minY[g], maxX[g] - minX[g] + 1, maxY[g] - minY[g] + 1), KIND,
                    Math.min(1, Math.max(0, c)), count[g]));
        }
        return out;
    }

    /** Rounds of re-thresholding a component too large to be a mark before it is given up (see analyse). */
    private static final int SPLIT_ROUNDS = 5;

    /** Disc diameters, doubling from the smallest stroke worth a scale up to the configured widest stroke. */
    private int[] diameters(int longSide) {
        int widest = Morphology.odd(Math.max(5, (int) Math.round(config.strokeWidth() * longSide)));
        List<Integer> out = new ArrayList<>();
        for (int d = Morphology.odd(config.smallestDisc()); d < widest; d = Morphology.odd(2 * d - 1)) {
            out.add(d);
        }
        out.add(widest);
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Multi-scale top-hat, hysteresis threshold, components and per-component scores for one polarity. */
    private Polarity analyse(Mat small, Mat gray, byte[] colour, byte[] grayBytes, byte[] broad, 
            boolean brightMarks, MatScope mats) {
        int op = brightMarks ? Imgproc.MORPH_OPEN : Imgproc.MORPH_CLOSE;
        int ws = gray.cols(), hs = gray.rows(), n = ws * hs;
        // Per pixel, the scale where the top-hat stands out most against that scale's own noise level: small
        // discs see thin strokes with little texture response, large ones see wide strokes.
        float[] ratio = new float[n];
        byte[] diff = new byte[n];
        float[] thr = new float[n];
        byte[] bgSel = new byte[n];
        byte[] bgColour = new byte[n * 3];
        byte[] bgG = new byte[n];
        byte[] d = new byte[n];
        byte[] bgC = new byte[n * 3];
        double meanThreshold = 0;
        int[] scales = diameters(Math.max(ws, hs));
        for (int diameter : scales) {
            Mat disc = mats.track(Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(diameter, diameter)));
            Mat bgGray = mats.track(new Mat());
            Imgproc.morphologyEx(gray, bgGray, op, disc);
            Mat bgColourMat = mats.track(new Mat());
            Imgproc.morphologyEx(small, bgColourMat, op, disc);
            Mat diffMat = mats.track(new Mat());
            if (brightMarks) {
                Core.subtract(gray, bgGray, diffMat);
            } else {
                Core.subtract(bgGray, gray, diffMat);
            }
            diffMat.get(0, 0, d);
            bgGray.get(0, 0, bgG);
            bgColourMat.get(0, 0, bgC);
            double t = threshold(d);
            meanThreshold += t / scales.length;
            for (int i = 0; i < n; i++) {
                float r = (float) ((d[i] & 0xFF) / t);
                if (r > ratio[i]) {
                    ratio[i] = r;
                    diff[i] = d[i];
                    thr[i] = (float) t;
                    bgSel[i] = bgG[i];
                    bgColour[3 * i] = bgC[3 * i];
                    bgColour[3 * i + 1] = bgC[3 * i + 1];
                    bgColour[3 * i + 2] = bgC[3 * i + 2];
                }
            }
        }
        double tol2 = config.chromaTolerance() * config.chromaTolerance();
        double minKeep = 1 - config.maxOpacity();
        // Pixels above their scale's threshold that also look like a neutral overlay; testing neutrality per
        // pixel keeps coloured scene parts from fusing with a mark. A component larger than maxAreaFraction is
        // scene texture that a mark may be fused with: its pixels are re-thresholded splitFactor times higher
        // until it falls apart, rather than the whole being dropped with the mark in it. (Hysteresis, growing
        // strong seeds into weaker neighbours, was tried and fused more texture than it recovered.)
        float[] opacity = new float[n];
        for (int i = 0; i < n; i++) {
            // Opacity implied by the luma step: a mark of one opacity gives the same value over any background.
            int b = bgSel[i] & 0xFF;
            opacity[i] = (float) ((diff[i] & 0xFF) / (double) Math.max(8, brightMarks ? 255 - b : b));
        }
        boolean[] neutralPx = new boolean[n];
        for (int i = 0; i < n; i++) {
            neutralPx[i] = isNeutralChange(colour, bgColour, i * 3, minKeep, tol2);
        }
        float[] level = new float[n];
        java.util.Arrays.fill(level, 1f);
        long maxAreaPx = (long) (config.maxAreaFraction() * n);
        byte[] weak = new byte[n];
        Mat bin = mats.track(new Mat(hs, ws, CvType.CV_8UC1));
        Mat wl = mats.track(new Mat());
        int[] wlab = new int[n];
        Mat closeDisc = mats.ellipse(Math.max(1, config.closeRadius()));
        for (int round = 0; round < SPLIT_ROUNDS; round++) {
            for (int i = 0; i < n; i++) {
                weak[i] = ratio[i] >= level[i] && neutralPx[i] ? Mask.ON : 0;
            }
            bin.put(0, 0, weak);
            if (config.closeRadius() > 0) {
                // Joins broken strokes; done before labelling so a split stays split.
                Imgproc.morphologyEx(bin, bin, Imgproc.MORPH_CLOSE, closeDisc);
                bin.get(0, 0, weak);
            }
            int wc = Imgproc.connectedComponents(bin, wl, 8, CvType.CV_32S);
            wl.get(0, 0, wlab);
            boolean[] seeded = new boolean[wc];
            int[] area = new int[wc];
            for (int i = 0; i < n; i++) {
                area[wlab[i]]++;
                if (weak[i] != 0 && ratio[i] >= level[i]) {
                    seeded[wlab[i]] = true;
                }
            }
            boolean split = false;
            for (int i = 0; i < n; i++) {
                int l = wlab[i];
                if (l == 0 || !seeded[l]) {
                    weak[i] = 0;
                } else if (area[l] > maxAreaPx && round + 1 < SPLIT_ROUNDS) {
                    level[i] *= (float) config.splitFactor();
                    split = true;
                }
            }
            if (!split) {
                break;
            }
        }
        bin.put(0, 0, weak);
        Mat labelMat = mats.track(new Mat());
        Mat stats = mats.track(new Mat());
        Mat centroids = mats.track(new Mat());
        int labelsCount = Imgproc.connectedComponentsWithStats(bin, labelMat, stats, centroids, 8, CvType.CV_32S);
        int[] labels = new int[n];
        labelMat.get(0, 0, labels);
        Mat distMat = mats.track(new Mat());
        Imgproc.distanceTransform(bin, distMat, Imgproc.DIST_L2, 3);
        float[] dist = new float[n];
        distMat.get(0, 0, dist);

        double[] ratioSum = new double[labelsCount];
        double[] broadSum = new double[labelsCount];
        double[] thrSum = new double[labelsCount];
        float[] maxDist = new float[labelsCount];
        int[] neutral = new int[labelsCount];
        double[] aSum = new double[labelsCount];
        int[] aCount = new int[labelsCount];
        for (int i = 0; i < n; i++) {
            int l = labels[i];
            if (l == 0) {
                continue;
            }
            if (ratio[i] >= 1) {
                double a = opacity[i];
                aSum[l] += a;
                aCount[l]++;
            }
            ratioSum[l] += ratio[i];
            thrSum[l] += thr[i];
            int fromBroad = (grayBytes[i] & 0xFF) - (broad[i] & 0xFF);
            broadSum[l] += brightMarks ? fromBroad : -fromBroad;
            maxDist[l] = Math.max(maxDist[l], dist[i]);
            if (isNeutralChange(colour, bgColour, i * 3, minKeep, tol2)) {
                neutral[l]++;
            }
        }

        long maxArea = (long) (config.maxAreaFraction() * n);
        boolean[] candidate = new boolean[labelsCount];
        boolean[] stroke = new boolean[labelsCount];
        float[] conf = new float[labelsCount];
        double[] aMeans = new double[labelsCount];
        int[] stat = new int[5];
        for (int l = 1; l < labelsCount; l++) {
            stats.get(l, 0, stat);
            int area = stat[Imgproc.CC_STAT_AREA];
            double neutralShare = neutral[l] / (double) area;
            double thickness = Math.max(1, 2 * maxDist[l]);
            double elongation = area / (thickness * thickness);
            // The component must also differ from the broad median by a quarter of its threshold, in its own
            // direction: this drops the complement of a mark (background between its strokes).
            candidate[l] = area >= config.minArea() && area <= maxArea
                    && neutralShare >= config.minNeutralFraction() && broadSum[l] >= config.broadFactor() * thrSum[l];
            double aMean = aCount[l] > 0 ? aSum[l] / aCount[l] : 0;
            aMeans[l] = aMean;
            candidate[l] = candidate[l] && aMean <= config.maxOpacity();
            stroke[l] = candidate[l] && elongation >= config.minElongation();
            // Heuristic score, equal thirds: contrast (saturates at twice the threshold), neutrality, shape.
            double contrast = Math.min(1, ratioSum[l] / area / 2);
            double shape = config.minElongation() == 0 ? 1 : Math.min(1, elongation / (2 * config.minElongation()));
            conf[l] = (float) ((contrast + neutralShare + shape) / 3);
        }
        // One mark has one opacity: keep the components whose implied opacity lies within opacityTolerance of
        // the mode over all candidates; scene texture spreads over many opacities. Each component weighs its
        // summed contrast ratio (area x how far above threshold), so faint texture does not outvote the mark.
        double best = Double.NaN;
        int[] order = java.util.stream.IntStream.range(1, labelsCount).filter(l -> candidate[l]).boxed()
                .sorted(java.util.Comparator.comparingDouble(l -> aMeans[l])).mapToInt(Integer::intValue).toArray();
        double[] weights = new double[order.length];
        for (int k = 0; k < order.length; k++) {
            weights[k] = ratioSum[order[k]];
        }
        // Two pointers over the sorted opacities: for each component, the weight within tolerance on either side.
        double tol = config.opacityTolerance(), bestWeight = 0;
        int lo = 0, hi = 0;
        double window = 0;
        for (int k = 0; k < order.length; k++) {
            double c = aMeans[order[k]];
            while (hi < order.length && aMeans[order[hi]] <= c + tol) {
                window += weights[hi++];
            }
            while (aMeans[order[lo]] < c - tol) {
                window -= weights[lo++];
            }
            if (window > bestWeight) {
                bestWeight = window;
                best = c;
            }
        }
        if (!Double.isNaN(best) && config.opacityTolerance() < 1) {
            for (int l = 1; l < labelsCount; l++) {
                if (candidate[l] && Math.abs(aMeans[l] - best) > config.opacityTolerance()) {
                    candidate[l] = false;
                    stroke[l] = false;
                }
            }
        }
        Mat bgMat = mats.track(new Mat(hs, ws, CvType.CV_8UC1));
        bgMat.put(0, 0, bgSel);
        Mat thrMat = mats.track(new Mat(hs, ws, CvType.CV_32FC1));
        thrMat.put(0, 0, thr);
        Polarity result = new Polarity(labels, candidate, stroke, conf, thrMat, brightMarks, bgMat, ws, hs);
        if (!Double.isNaN(best) && config.pixelOpacityTolerance() < 1) {
            // Scene texture fused to a mark has other opacities: drop those pixels, keep the mark's.
            for (int i = 0; i < n; i++) {
                result.off[i] = Math.abs(opacity[i] - best) > config.pixelOpacityTolerance();
            }
        }
        return result;
    }

    /**
     * The larger of the fixed minimum contrast and median + noiseFactor * 1.4826 MAD of the top-hat, from its
     * histogram (the marks are a minority of pixels, so median and MAD describe the scene).
     */
    private double threshold(byte[] diff) {
        long[] hist = new long[256];
        for (byte b : diff) {
            hist[b & 0xFF]++;
        }
        int median = medianOf(hist, diff.length);
        long[] dev = new long[256];
        for (int v = 0; v < 256; v++) {
            dev[Math.abs(v - median)] += hist[v];
        }
        int mad = medianOf(dev, diff.length);
        return Math.max(config.minContrast(), median + config.noiseFactor() * 1.4826 * Math.max(mad, 1));
    }

    private static int medianOf(long[] hist, long total) {
        long seen = 0;
        for (int v = 0; v < hist.length; v++) {
            seen += hist[v];
            if (2 * seen >= total) {
                return v;
            }
        }
        return hist.length - 1;
    }

    /**
     * Whether the pixel's chroma (its colour minus its grey mean) is the background's chroma scaled by some k in
     * [minKeep, 1], as a neutral overlay of opacity {@code 1 - k} makes it, within {@code sqrt(tol2)} levels.
     */
    static boolean isNeutralChange(byte[] pixel, byte[] background, int at, double minKeep, double tol2) {
        int j0 = pixel[at] & 0xFF, j1 = pixel[at + 1] & 0xFF, j2 = pixel[at + 2] & 0xFF;
        int b0 = background[at] & 0xFF, b1 = background[at + 1] & 0xFF, b2 = background[at + 2] & 0xFF;
        double jm = (j0 + j1 + j2) / 3.0, bm = (b0 + b1 + b2) / 3.0;
        double pj0 = j0 - jm, pj1 = j1 - jm, pj2 = j2 - jm;
        double pb0 = b0 - bm, pb1 = b1 - bm, pb2 = b2 - bm;
        double bb = pb0 * pb0 + pb1 * pb1 + pb2 * pb2;
        double k = bb > 1e-9 ? Math.max(minKeep, Math.min(1, (pj0 * pb0 + pj1 * pb1 + pj2 * pb2) / bb)) : 0;
        double d0 = pj0 - k * pb0, d1 = pj1 - k * pb1, d2 = pj2 - k * pb2;
        return d0 * d0 + d1 * d1 + d2 * d2 <= tol2;
    }

    /** The components of one polarity and which of them are kept. */
    private final class Polarity {
        final int[] labels;
        final boolean[] candidate;
        final boolean[] stroke;
        final boolean[] keptBlob;
        final boolean[] off;
        final float[] conf;
        final Mat threshold;
        final boolean brightMarks;
        final Mat bgGray;
        final int ws;
        final int hs;

        Polarity(int[] labels, boolean[] candidate, boolean[] stroke, float[] conf, Mat threshold,
                boolean brightMarks, Mat bgGray, int ws, int hs) {
            this.labels = labels;
            this.candidate = candidate;
            this.stroke = stroke;
            this.keptBlob = new boolean[candidate.length];
            this.off = new boolean[labels.length];
            this.conf = conf;
            this.threshold = threshold;
            this.brightMarks = brightMarks;
            this.bgGray = bgGray;
            this.ws = ws;
            this.hs = hs;
        }

        boolean isStroke(int i) {
            return stroke[labels[i]];
        }

        void keepBlobsNear(byte[] near) {
            for (int i = 0; i < labels.length; i++) {
                int l = labels[i];
                if (near[i] != 0 && candidate[l] && !stroke[l]) {
                    keptBlob[l] = true;
                }
            }
        }

        /** The confidence of the accepted component at working pixel {@code i}, or -1 if none is there. */
        float acceptedConfidence(int i) {
            int l = labels[i];
            return l != 0 && !off[i] && (stroke[l] || keptBlob[l]) ? conf[l] : -1;
        }

        /**
         * Adds to {@code full} the full-size pixels that pass this polarity's threshold against the upscaled
         * background, within {@code band} pixels of an accepted component.
         */
        void refine(Mat grayFull, Mat full, int band, MatScope mats) {
            byte[] kept = new byte[ws * hs];
            boolean any = false;
            for (int i = 0; i < kept.length; i++) {
                if (acceptedConfidence(i) >= 0) {
                    kept[i] = Mask.ON;
                    any = true;
                }
            }
            if (!any) {
                return;
            }
            int w = grayFull.cols(), h = grayFull.rows();
            Mat keptSmall = mats.track(new Mat(hs, ws, CvType.CV_8UC1));
            keptSmall.put(0, 0, kept);
            Mat support = mats.track(new Mat());
            Imgproc.resize(keptSmall, support, new Size(w, h), 0, 0, Imgproc.INTER_NEAREST);
            Imgproc.dilate(support, support, mats.ellipse(band));
            Mat bg = mats.track(new Mat());
            Imgproc.resize(bgGray, bg, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
            Mat diff = mats.track(new Mat());
            if (brightMarks) {
                Core.subtract(grayFull, bg, diff);
            } else {
                Core.subtract(bg, grayFull, diff);
            }
            Mat thrUp = mats.track(new Mat());
            Imgproc.resize(threshold, thrUp, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
            diff.convertTo(diff, CvType.CV_32F);
            Core.compare(diff, thrUp, diff, Core.CMP_GE);
            Core.bitwise_and(diff, support, diff);
            Core.bitwise_or(full, diff, full);
        }
    }
}
