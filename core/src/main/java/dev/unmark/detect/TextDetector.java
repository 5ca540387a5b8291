package dev.unmark.detect;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.internal.MatScope;
import dev.unmark.internal.Morphology;
import dev.unmark.internal.OpenCv;
import dev.unmark.internal.PrincipalAxis;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.MatOfPoint2f;
import org.opencv.core.Point;
import org.opencv.core.Rect;
import org.opencv.core.RotatedRect;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Finds text (captions, copyright lines, URLs) with PP-OCRv4's DBNet text detector and returns the pixels of its
 * strokes, not boxes.
 *
 * <p>Method:
 * <ol>
 *   <li>Probability map ({@link DbNet}): the image scaled so its long side is at most
 *       {@link TextConfig#limitSide()} (area interpolation), padded by edge replication to multiples of 32.
 *       Images more than 1.5 times larger also get a finer pass at long side {@link TextConfig#fineSide()} in
 *       overlapping tiles of {@code limitSide}; the coarse map, upscaled, and the tiles are merged by maximum.</li>
 *   <li>Regions, as DB's post-processing (Liao et al. 2020; PaddleOCR's {@code DBPostProcess}): binarise at
 *       {@link TextConfig#binaryThreshold()}, take outer contours, score each by the mean probability inside it
 *       (drop below {@link TextConfig#boxThreshold()}) and by the short side of its minimum-area rectangle (drop
 *       tiny ones), then unclip: grow the rectangle's sides by {@code 2D}, {@code D = A r / L}; then lengthen it
 *       at both ends by {@link TextConfig#endExtension()} of its height, for symbols the detector leaves out.</li>
 *   <li>Strokes, per region at full resolution: the region's polarity (bright or dark text) from the sign of its
 *       pixels' departure from the median of a ring around it; the local background from a grey-level opening
 *       (bright) or closing (dark) with a disc half the region's height, so strokes, which are thinner, vanish
 *       from it; the top-hat difference thresholded by Otsu's method (1979) over the region's pixels, floored at
 *       {@link TextConfig#minContrast()}; antialiased edges by hysteresis (pixels next to a stroke above
 *       {@link TextConfig#edgeFraction()} of the threshold); outlines and shadows as pixels of the opposite
 *       polarity next to strokes that also differ from the ring's median.</li>
 *   <li>Overlay model ({@link #overlay}): a watermark is {@code J = (1 - a) I + a W}, one colour W and an
 *       opacity a, so against the per-channel background B each stroke pixel's change {@code J - B = a (W - B)}
 *       points at W. W is fitted by alternating least squares over the strokes (robustly reweighted); the fit is
 *       the share of stroke change W explains with {@code 0 < a <= 1.1}, times the share of explained pixels
 *       whose opacity is within 30% of the median (one overlay, one opacity). Regions below
 *       {@link TextConfig#minConfidence()}, or whose median opacity exceeds {@link TextConfig#maxOpacity()}
 *       (nearly opaque: scene content, not a see-through mark), are dropped. That removes scene text painted in
 *       varying colours and dark or saturated structures the model took for text.</li>
 *   <li>Stroke precision: stroke pixels must point at W and have an opacity between
 *       {@link TextConfig#alphaFloor()} and 1.4 times the region's median; parts smaller than
 *       {@code (0.1 H)^2} (texture specks) are dropped. The opacities form {@link Detection#alpha()}.</li>
 * </ol>
 *
 * <p>Uniformly painted opaque scene text fits an overlay with {@code a = 1} and is only dropped when its opacity
 * exceeds {@code maxOpacity}; neutral texture inside a text line can still point at a white or black W. Immutable
 * and thread-safe; the model is loaded once per process on first use.
 */
public final class TextDetector implements WatermarkDetector {

    /** Region kind this detector reports. */
    public static final String KIND = "text";

    /** PP-OCR's {@code max_candidates}: most core regions considered per image. */
    private static final int MAX_CANDIDATES = 1000;

    private final TextConfig config;
    private final String model;
    private final double maxStrokeHeight;
    private volatile DbNet own;

    public TextDetector() {
        this(TextConfig.defaults());
    }

    public TextDetector(TextConfig config) {
        this(config, DbNet.MODEL);
    }

    /**
     * A detector using the model at classpath resource {@code model} instead of the bundled one, loaded (unshared)
     * on the first detection; for tests of the loading path.
     */
    TextDetector(TextConfig config, String model) {
        this(config, model, MAX_STROKE_HEIGHT);
    }

    /** As above, stroking lines taller than {@code maxStrokeHeight} px on reduced copies (tests lower it). */
    TextDetector(TextConfig config, String model, double maxStrokeHeight) {
        this.config = Objects.requireNonNull(config, "config");
        this.model = Objects.requireNonNull(model, "model");
        this.maxStrokeHeight = maxStrokeHeight;
    }

    /** The model: the process-wide one for the bundled resource, else this detector's own (see the constructor). */
    private DbNet net() {
        if (model.equals(DbNet.MODEL)) {
            return DbNet.shared();
        }
        DbNet n = own;
        if (n == null) {
            synchronized (this) {
                if (own == null) {
                    own = DbNet.load(model);
                }
                n = own;
            }
        }
        return n;
    }

    public TextConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "text";
    }

    @Override
    public Detection detect(Image image) {
        try (MatScope mats = new MatScope()) {
            return run(image, mats);
        }
    }

    /** A text region in image coordinates: the unclipped rotated rectangle's corners, its DB score and height. */
    record Candidate(Point[] corners, double score, double height) {
    }

    private Detection run(Image image, MatScope mats) {
        int w = image.width(), h = image.height();
        Mat bgr = mats.track(OpenCv.toBgr8(image));
        Mat prob = probability(bgr, mats);
        List<Candidate> candidates = candidates(prob, w / (double) prob.cols(), h / (double) prob.rows(), mats);
        // Lines taller than maxHeight of the short side are scene structures DBNet took for text (see TextConfig).
        double tallest = config.maxHeight() * Math.min(w, h);
        candidates.removeIf(c -> c.height() > tallest);
        if (candidates.isEmpty()) {
            return Detection.none(w, h);
        }
        Mat gray = mats.track(new Mat());
        Imgproc.cvtColor(bgr, gray, Imgproc.COLOR_BGR2GRAY);
        Mat full = mats.track(Mat.zeros(h, w, CvType.CV_8UC1));
        List<Region> regions = new ArrayList<>();
        float[] alpha = new float[w * h];
        // Copies reduced by 2^k, for lines too tall to stroke at full resolution (see MAX_STROKE_HEIGHT).
        Map<Integer, Mat[]> reduced = new HashMap<>();
        for (Candidate c : candidates) {
            int k = 0;
            while (c.height() / (1 << k) > maxStrokeHeight) {
                k++;
            }
            Stroked r;
            if (k == 0) {
                r = stroked(c, bgr, gray, mats);
            } else {
                int s = 1 << k;
                Mat[] small = reduced.computeIfAbsent(k, key -> reduce(bgr, s, mats));
                Point[] corners = new Point[4];
                for (int q = 0; q < 4; q++) {
                    corners[q] = new Point(c.corners()[q].x / s, c.corners()[q].y / s);
                }
                r = stroked(new Candidate(corners, c.score(), c.height() / s), small[0], small[1], mats);
                r = r == null ? null : enlarged(r, s, w, h, mats);
            }
            if (r == null) {
                continue;
            }
            regions.add(r.region());
            Rect crop = r.crop();
            Mat strokeMat = mats.track(new Mat(crop.height, crop.width, CvType.CV_8UC1));
            strokeMat.put(0, 0, r.mask());
            Mat dst = mats.track(full.submat(crop));
            Core.bitwise_or(dst, strokeMat, dst);
            for (int y = 0; y < crop.height; y++) {
                for (int x = 0; x < crop.width; x++) {
                    int j = (crop.y + y) * w + crop.x + x;
                    alpha[j] = Math.max(alpha[j], r.alpha()[y * crop.width + x]);
                }
            }
        }
        if (regions.isEmpty()) {
            return Detection.none(w, h);
        }
        return new Detection(OpenCv.toMask(full), regions, alpha);
    }

    /**
     * Lines taller than this (pixels) are stroked on a copy of the photo reduced by a power of two, and their mask
     * and opacity grown back: the stroke step's discs, rings and fits scale with the line, and a 1777 px line of
     * a 42 MP photo took 6-7 s at full resolution (at 640 the mask's F1 against the truth was 0.770 against
     * 0.773, at 320 0.760). The bench's photos (at most 1280 px, lines at most a fifth of the short side) never
     * reach it.
     */
    static final double MAX_STROKE_HEIGHT = 640;

    /**
     * Strokes by luma, and for a line whose contrast with its surroundings is coloured also by that colour
     * direction (red on green can be invisible in luma, where noise may still fit an overlay): the more confident
     * of the two; null when neither explains the line.
     */
    private Stroked stroked(Candidate c, Mat bgr, Mat gray, MatScope mats) {
        Stroked r = strokes(c, bgr, gray, mats, false);
        Stroked byColour = strokes(c, bgr, gray, mats, true);
        if (byColour != null && (r == null || byColour.region().confidence() > r.region().confidence())) {
            r = byColour;
        }
        // Neither try explained the line: the polarity vote may have been wrong (white text on a dark stripe of a
        // bright photo, a bright ring logo on a darker sky inside its box). The other polarity is taken only when
        // it is clearly confident: this is the try that most often finds scene structure.
        if (r == null) {
            Stroked flipped = strokes(c, bgr, gray, mats, false, true);
            if (flipped != null && flipped.region().confidence() >= FLIP_MIN) {
                r = flipped;
            }
        }
        return r;
    }

    /** The photo (BGR) and its grey levels reduced by {@code s} (area averages). */
    private static Mat[] reduce(Mat bgr, int s, MatScope mats) {
        Mat small = mats.track(new Mat());
        Imgproc.resize(bgr, small, new Size(Math.max(1, bgr.cols() / s), Math.max(1, bgr.rows() / s)), 0, 0,
                Imgproc.INTER_AREA);
        Mat gray = mats.track(new Mat());
        Imgproc.cvtColor(small, gray, Imgproc.COLOR_BGR2GRAY);
        return new Mat[] {small, gray};
    }

    /**
     * A line stroked on a copy reduced by {@code s}, grown back to the {@code w} x {@code h} photo: its crop
     * scaled, its mask and opacity enlarged (bilinear, the mask cut at half), its region's box and pixels counted
     * again; confidence and overlay colour as found.
     */
    private static Stroked enlarged(Stroked r, int s, int w, int h, MatScope mats) {
        Rect sc = r.crop();
        int x0 = sc.x * s, y0 = sc.y * s;
        int cw = Math.min(sc.width * s, w - x0), ch = Math.min(sc.height * s, h - y0);
        if (cw <= 0 || ch <= 0) {
            return null;
        }
        Mat mask = mats.track(new Mat(sc.height, sc.width, CvType.CV_8UC1));
        mask.put(0, 0, r.mask());
        Mat alpha = mats.track(new Mat(sc.height, sc.width, CvType.CV_32FC1));
        alpha.put(0, 0, r.alpha());
        Size big = new Size(sc.width * s, sc.height * s);
        Mat bigMask = mats.track(new Mat());
        Imgproc.resize(mask, bigMask, big, 0, 0, Imgproc.INTER_LINEAR);
        Mat bigAlpha = mats.track(new Mat());
        Imgproc.resize(alpha, bigAlpha, big, 0, 0, Imgproc.INTER_LINEAR);
        Rect keep = new Rect(0, 0, cw, ch);
        byte[] mv = bytes(mats.track(bigMask.submat(keep)), cw * ch);
        float[] av = new float[cw * ch];
        mats.track(mats.track(bigAlpha.submat(keep)).clone()).get(0, 0, av);
        for (int i = 0; i < mv.length; i++) {
            if ((mv[i] & 0xFF) >= 128) {
                mv[i] = Mask.ON;
            } else {
                mv[i] = 0;
                av[i] = 0;
            }
        }
        Region region = region(mv, cw, ch, x0, y0, r.region().confidence(), r.region().overlay());
        return region == null ? null : new Stroked(region, new Rect(x0, y0, cw, ch), mv, av);
    }

    /** The merged probability map of the coarse pass and, for large images, the tiled fine pass. */
    private Mat probability(Mat bgr, MatScope mats) {
        DbNet net = net();
        int longSide = Math.max(bgr.cols(), bgr.rows());
        Mat coarse = whole(net, resized(bgr, coarseScale(longSide, config.limitSide()), mats), mats);
        if (config.fineSide() == 0 || longSide <= 1.5 * config.limitSide()) {
            return coarse;
        }
        Mat fineImage = resized(bgr, Math.min(1, config.fineSide() / (double) longSide), mats);
        Mat fine = mats.track(Mat.zeros(fineImage.rows(), fineImage.cols(), CvType.CV_32FC1));
        int tile = config.limitSide();
        for (int y : tileStarts(fineImage.rows(), tile, config.tileOverlap())) {
            for (int x : tileStarts(fineImage.cols(), tile, config.tileOverlap())) {
                Rect r = new Rect(x, y, Math.min(tile, fineImage.cols() - x), Math.min(tile, fineImage.rows() - y));
                Mat p = whole(net, mats.track(fineImage.submat(r)), mats);
                Mat dst = mats.track(fine.submat(r));
                Core.max(dst, p, dst);
            }
        }
        Mat up = mats.track(new Mat());
        Imgproc.resize(coarse, up, fine.size(), 0, 0, Imgproc.INTER_LINEAR);
        Core.max(fine, up, fine);
        return fine;
    }

    /** Evenly spaced tile origins covering {@code length} with tiles of {@code tile} overlapping by at least {@code overlap}. */
    static int[] tileStarts(int length, int tile, int overlap) {
        if (length <= tile) {
            return new int[] {0};
        }
        int n = (int) Math.ceil((length - overlap) / (double) (tile - overlap));
        n = Math.max(2, n);
        int[] starts = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = (int) Math.round(i * (length - tile) / (double) (n - 1));
        }
        return starts;
    }

    /**
     * The scale of the whole-image pass: large images shrink to {@code limitSide}; small ones (long side under two
     * thirds of it) are enlarged to that, since DBNet misses text a few pixels high that it finds once the
     * photo is upscaled (a 320 px photo with 20 px text: nothing at 1x, found at 2x).
     */
    static double coarseScale(int longSide, int limitSide) {
        double minSide = limitSide * 2.0 / 3;
        if (longSide > limitSide) {
            return limitSide / (double) longSide;
        }
        return longSide < minSide ? minSide / longSide : 1;
    }

    private static Mat resized(Mat bgr, double scale, MatScope mats) {
        if (scale == 1) {
            return bgr;
        }
        Mat out = mats.track(new Mat());
        Imgproc.resize(bgr, out, new Size(Math.max(1, Math.round(bgr.cols() * scale)),
                Math.max(1, Math.round(bgr.rows() * scale))), 0, 0, scale < 1 ? Imgproc.INTER_AREA
                : Imgproc.INTER_CUBIC);
        return out;
    }

    /** The model's map of one image, padded by edge replication to multiples of 32 and cropped back. */
    private static Mat whole(DbNet net, Mat bgr, MatScope mats) {
        int w = bgr.cols(), h = bgr.rows();
        int pw = Math.max(32, (w + 31) / 32 * 32), ph = Math.max(32, (h + 31) / 32 * 32);
        Mat padded = bgr;
        if (pw != w || ph != h) {
            padded = mats.track(new Mat());
            Core.copyMakeBorder(bgr, padded, 0, ph - h, 0, pw - w, Core.BORDER_REPLICATE);
        }
        if (!padded.isContinuous()) {
            padded = mats.track(padded.clone());
        }
        Mat prob = mats.track(net.probability(padded));
        return pw == w && ph == h ? prob : mats.track(prob.submat(0, h, 0, w));
    }

    /** DB post-processing: core regions of the map, scored, filtered and unclipped, in image coordinates. */
    private List<Candidate> candidates(Mat prob, double fx, double fy, MatScope mats) {
        Mat bin = mats.track(new Mat());
        Imgproc.threshold(prob, bin, config.binaryThreshold(), 255, Imgproc.THRESH_BINARY);
        bin.convertTo(bin, CvType.CV_8U);
        List<MatOfPoint> contours = new ArrayList<>();
        Imgproc.findContours(bin, contours, mats.track(new Mat()), Imgproc.RETR_EXTERNAL,
                Imgproc.CHAIN_APPROX_SIMPLE);
        mats.trackAll(contours);
        List<Candidate> out = new ArrayList<>();
        double pixelScale = Math.sqrt(fx * fy);
        for (int i = 0; i < Math.min(contours.size(), MAX_CANDIDATES); i++) {
            MatOfPoint contour = contours.get(i);
            MatOfPoint2f c2 = mats.track(new MatOfPoint2f(contour.toArray()));
            RotatedRect rect = Imgproc.minAreaRect(c2);
            double rw = rect.size.width, rh = rect.size.height;
            if (Math.min(rw, rh) < config.minSize()) {
                continue;
            }
            Rect bb = Imgproc.boundingRect(contour);
            Mat fill = mats.track(Mat.zeros(bb.height, bb.width, CvType.CV_8UC1));
            Imgproc.drawContours(fill, List.of(contour), 0, new Scalar(255), Imgproc.FILLED, Imgproc.LINE_8,
                    mats.track(new Mat()), 0, new Point(-bb.x, -bb.y));
            double score = Core.mean(mats.track(prob.submat(bb)), fill).val[0];
            if (score < config.boxThreshold()) {
                continue;
            }
            // Unclip (DB): offset the polygon by D = A r / L; for a rectangle, each side grows by 2D.
            double d = rw * rh * config.unclipRatio() / (2 * (rw + rh));
            double gw = rw + 2 * d, gh = rh + 2 * d;
            if (Math.min(gw, gh) < config.minSize() + 2) {
                continue;
            }
            // Lengthen the line at both ends: OCR detectors often leave out a leading or trailing symbol
            // (the (c) of a copyright line), which a watermark mask must include.
            double extend = 2 * config.endExtension() * Math.min(gw, gh);
            RotatedRect grown = new RotatedRect(rect.center,
                    gw >= gh ? new Size(gw + extend, gh) : new Size(gw, gh + extend), rect.angle);
            Point[] corners = new Point[4];
            grown.points(corners);
            for (Point p : corners) {
                p.x = p.x * fx;
                p.y = p.y * fy;
            }
            out.add(new Candidate(corners, score,
                    Math.min(grown.size.width, grown.size.height) * pixelScale));
        }
        return out;
    }

    /**
     * Separates the strokes of one text region from its background (see the class comment) and returns them with
     * the region, or null when no stroke stands out.
     */
    private Stroked strokes(Candidate c, Mat bgr, Mat gray, MatScope mats, boolean colour) {
        return strokes(c, bgr, gray, mats, colour, false);
    }

    /**
     * @param colour strokes on the line's colour-contrast channel rather than luma (none, null, when that channel
     *               is near grey)
     * @param flip   on luma, with the polarity the vote did not choose
     */
    private Stroked strokes(Candidate c, Mat bgr, Mat gray, MatScope mats, boolean colour, boolean flip) {
        double hgt = Math.max(4, c.height());
        int margin = Math.max(2, (int) Math.round(0.1 * hgt));
        int ringWidth = Math.max(3, (int) Math.round(0.2 * hgt));
        int disc = Morphology.odd(Math.max(5, (int) Math.round(0.5 * hgt)));
        int pad = margin + ringWidth + disc;

        MatOfPoint poly = mats.track(new MatOfPoint(c.corners()));
        Rect bb = Imgproc.boundingRect(poly);
        int x0 = Math.max(0, bb.x - pad), y0 = Math.max(0, bb.y - pad);
        int x1 = Math.min(gray.cols(), bb.x + bb.width + pad), y1 = Math.min(gray.rows(), bb.y + bb.height + pad);
        if (x1 <= x0 || y1 <= y0) {
            return null;
        }
        Rect crop = new Rect(x0, y0, x1 - x0, y1 - y0);
        int cw = crop.width, ch = crop.height, n = cw * ch;
        Mat g = mats.track(gray.submat(crop));

        Point[] local = new Point[4];
        for (int k = 0; k < 4; k++) {
            local[k] = new Point(c.corners()[k].x - x0, c.corners()[k].y - y0);
        }
        Mat region = mats.track(Mat.zeros(ch, cw, CvType.CV_8UC1));
        Imgproc.fillPoly(region, List.of(mats.track(new MatOfPoint(local))), new Scalar(255));
        Morphology.dilate(region, region, margin);
        Mat ring = mats.track(new Mat());
        Morphology.dilate(region, ring, ringWidth);
        Core.subtract(ring, region, ring);

        byte[] gv = bytes(g, n);
        byte[] inRegion = bytes(region, n);
        byte[] inRing = bytes(ring, n);
        int ringMedian = median(gv, inRing);
        if (ringMedian < 0) {
            ringMedian = median(gv, inRegion);
        }
        byte[] pv = new byte[n * 3];
        Mat colourCrop = mats.track(mats.track(bgr.submat(crop)).clone());
        colourCrop.get(0, 0, pv);
        boolean bright;
        Mat channel;
        double[] u = null;
        if (!colour) {
            long above = 0, below = 0;
            for (int i = 0; i < n; i++) {
                if (inRegion[i] != 0) {
                    int d = (gv[i] & 0xFF) - ringMedian;
                    if (d > 0) {
                        above += d;
                    } else {
                        below -= d;
                    }
                }
            }
            bright = (above >= below) != flip;
            channel = g;
        } else {
            // The colour try: strokes are picked on the line's contrast channel, the colour direction in which the
            // region departs from its ring, signed so that the text is bright in it (red text on green: red
            // against green, where luma may barely change). Only for a clearly coloured direction: near the grey
            // axis it is the luma try again.
            int[] ringColour = medianColour(pv, inRing);
            if (ringColour == null) {
                ringColour = medianColour(pv, inRegion);
            }
            u = contrastDirection(pv, inRegion, ringColour);
            if (Math.abs(u[0] + u[1] + u[2]) / Math.sqrt(3) > MAX_GREY_COSINE) {
                return null;
            }
            Mat contrast = mats.track(new Mat(ch, cw, CvType.CV_8UC1));
            contrast.put(0, 0, project(pv, ringColour, u));
            channel = contrast;
            // outlines and shadows are found on luma, with the text's polarity there
            bright = u[0] * 0.114 + u[1] * 0.587 + u[2] * 0.299 >= 0;
        }
        boolean channelBright = colour || bright;

        // Local background: strokes thinner than the disc vanish under an opening (bright) or closing (dark).
        Mat bg = morph(channel, channelBright ? Imgproc.MORPH_OPEN : Imgproc.MORPH_CLOSE, disc, mats);
        Mat diff = mats.track(new Mat());
        if (channelBright) {
            Core.subtract(channel, bg, diff);
        } else {
            Core.subtract(bg, channel, diff);
        }
        byte[] dv = bytes(diff, n);
        long[] hist = new long[256];
        for (int i = 0; i < n; i++) {
            if (inRegion[i] != 0) {
                hist[dv[i] & 0xFF]++;
            }
        }
        double t = Math.max(otsu(hist), config.minContrast());

        byte[] strong = new byte[n];
        int strongCount = 0;
        for (int i = 0; i < n; i++) {
            if (inRegion[i] != 0 && (dv[i] & 0xFF) > t) {
                strong[i] = Mask.ON;
                strongCount++;
            }
        }
        if (strongCount < 8) {
            return null;
        }
        // Hysteresis for antialiased edges: weaker pixels within a couple of pixels of a stroke.
        int edgeRadius = Math.max(1, (int) Math.round(hgt / 40));
        byte[] near = Morphology.dilate(strong, cw, ch, edgeRadius);
        byte[] stroke = strong.clone();
        double weak = config.edgeFraction() * t;
        for (int i = 0; i < n; i++) {
            if (near[i] != 0 && inRegion[i] != 0 && (dv[i] & 0xFF) > weak) {
                stroke[i] = Mask.ON;
            }
        }
        long regionCount = 0, strokeCount = 0;
        for (int i = 0; i < n; i++) {
            if (inRegion[i] != 0) {
                regionCount++;
                if (stroke[i] != 0) {
                    strokeCount++;
                }
            }
        }
        // Letters fill a minority of their line's box; a region mostly "stroke" is a textured or bright patch.
        if (strokeCount > config.maxFill() * regionCount) {
            return null;
        }
        // Overlay model (see overlay()): one colour W explains a watermark's strokes; scene text and texture
        // the model took for text do not fit, and pixels that do not point at W are background.
        // each channel's background by the text's polarity in that channel (on luma one polarity for all three)
        byte[] bv = new byte[n * 3];
        if (u == null) {
            morph(colourCrop, bright ? Imgproc.MORPH_OPEN : Imgproc.MORPH_CLOSE, disc, mats).get(0, 0, bv);
        } else {
            byte[] opened = new byte[n * 3];
            morph(colourCrop, Imgproc.MORPH_OPEN, disc, mats).get(0, 0, opened);
            morph(colourCrop, Imgproc.MORPH_CLOSE, disc, mats).get(0, 0, bv);
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < 3; k++) {
                    if (u[k] >= 0) {
                        bv[i * 3 + k] = opened[i * 3 + k];
                    }
                }
            }
        }
        Overlay fit = overlay(pv, bv, strong);
        // "Too opaque to be a watermark" is judged against a background calibrated on the ring (see calibrate()):
        // an opening sits below textured ground, which reads as extra opacity (white text at 0.75 over grass
        // measured 0.81). Only the gate uses it: calibrating every fit lost small text (text_0023 of the dev
        // bench) and shadowed text (text_0020).
        double opacity = fit == null ? 0 : fit.medianAlpha();
        if (fit != null && opacity > config.maxOpacity()) {
            byte[] calibrated = bv.clone();
            calibrate(pv, calibrated, inRing);
            Overlay again = overlay(pv, calibrated, strong);
            opacity = again == null ? opacity : again.medianAlpha();
        }
        if (fit == null || fit.fit() < config.minConfidence() || opacity > config.maxOpacity()) {
            return null;
        }
        float[] a = new float[n];
        double floor = config.alphaFloor() * fit.medianAlpha();
        // One overlay has one opacity: pixels far more opaque than the strokes' median are scene shadows or
        // highlights that happen to point at W (any darkening points at black).
        double ceiling = ALPHA_CEILING * fit.medianAlpha();
        for (int i = 0; i < n; i++) {
            if (stroke[i] == 0) {
                continue;
            }
            double ai = fit.alpha(pv, bv, i, 1.0);
            if (ai < floor || ai <= 0 || ai > ceiling) {
                stroke[i] = 0;
            } else {
                a[i] = (float) Math.min(1, ai);
            }
        }
        removeSpecks(stroke, cw, ch, MIN_PART * hgt, mats);
        if (config.outlines()) {
            // An outline or shadow is darker (for bright text) than nearly all of the surroundings.
            int ringEdge = percentile(gv, inRing, bright ? 0.05 : 0.95);
            addOutline(stroke, g, gv, inRegion, ringEdge < 0 ? ringMedian : ringEdge, bright, t, disc, cw, ch,
                    hgt, mats);
        }

        Mat strokeMat = mats.track(new Mat(ch, cw, CvType.CV_8UC1));
        strokeMat.put(0, 0, stroke);
        if (config.dilateRadius() > 0) {
            Imgproc.dilate(strokeMat, strokeMat, mats.ellipse(config.dilateRadius()));
        }
        byte[] sv = bytes(strokeMat, n);
        float[] regionAlpha = new float[n];
        for (int i = 0; i < n; i++) {
            if (sv[i] != 0) {
                // Grown and outline pixels get the opacity the model implies, if any (0 when they move away from W).
                regionAlpha[i] = a[i] > 0 ? a[i]
                        : (float) Math.max(0, Math.min(1, fit.alpha(pv, bv, i, Double.MAX_VALUE)));
            }
        }
        double confidence = c.score() * (0.5 + 0.5 * fit.fit());
        Region found = region(sv, cw, ch, x0, y0, Math.max(0, Math.min(1, confidence)),
                overlayEstimate(fit, pv, bv, strong));
        return found == null ? null : new Stroked(found, crop, sv, regionAlpha);
    }

    /**
     * The region of the stroke pixels {@code sv} (non-zero) of a {@code cw} x {@code ch} crop at (x0, y0) of the
     * photo: their box, count and own mask, so it can be dropped later (confidence filter, tiled grid) without its
     * neighbours'; null when there are none.
     */
    private static Region region(byte[] sv, int cw, int ch, int x0, int y0, double confidence,
                                 OverlayEstimate overlay) {
        int minX = Integer.MAX_VALUE, minY = Integer.MAX_VALUE, maxX = -1, maxY = -1;
        long count = 0;
        for (int y = 0; y < ch; y++) {
            for (int x = 0; x < cw; x++) {
                if (sv[y * cw + x] != 0) {
                    count++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (count == 0) {
            return null;
        }
        dev.unmark.image.Rect box = new dev.unmark.image.Rect(x0 + minX, y0 + minY, maxX - minX + 1, maxY - minY + 1);
        Mask own = Mask.wrap(cw, ch, sv.clone()).crop(new dev.unmark.image.Rect(minX, minY, box.width(), box.height()));
        return new Region(box, KIND, confidence, count, own, overlay);
    }

    /**
     * Cosine with the grey axis above which a line's contrast direction counts as grey, so that the colour try
     * of {@link #strokes} is not made (35 degrees).
     */
    static final double MAX_GREY_COSINE = 0.82;
    /**
     * Least confidence of a line found with the polarity its vote did not choose; see {@link #run}. At 0.70 and
     * 0.75 a clean dev photo's scene structure passed (0.736), while the white-on-dark lines gained scored 0.75-0.8.
     */
    static final double FLIP_MIN = 0.8;

    /** Channel spread (levels) under which a fitted colour is taken for the neutral grey it nearly is. */
    private static final double NEUTRAL_SPREAD = 40;

    /**
     * The overlay for reversing the blend: marks are overwhelmingly white, black or grey, and the fit's colour
     * wanders by 10-20 levels from them on textured backgrounds (an error the inversion multiplies by
     * {@code a / (1 - a)}), so a nearly neutral colour is snapped to its grey (and to pure white or black at the
     * ends), and the opacity refitted as the median over the strong stroke pixels that colour explains.
     */
    private static OverlayEstimate overlayEstimate(Overlay fit, byte[] pv, byte[] bv, byte[] strong) {
        double[] w = fit.w().clone(); // BGR, as the crop
        double lo = Math.min(w[0], Math.min(w[1], w[2])), hi = Math.max(w[0], Math.max(w[1], w[2]));
        Overlay model = fit;
        if (hi - lo < NEUTRAL_SPREAD) {
            double grey = (w[0] + w[1] + w[2]) / 3;
            grey = grey > 235 ? 255 : grey < 20 ? 0 : grey;
            java.util.Arrays.fill(w, grey);
            model = new Overlay(w, fit.fit(), fit.medianAlpha());
        }
        double[] alphas = new double[strong.length];
        int na = 0;
        for (int i = 0; i < strong.length; i++) {
            if (strong[i] != 0) {
                double a = model.alpha(pv, bv, i, 1.0);
                if (a > 0) {
                    alphas[na++] = a;
                }
            }
        }
        if (na < 8) {
            return null;
        }
        java.util.Arrays.sort(alphas, 0, na);
        double opacity = alphas[na / 2];
        return opacity > 0 && opacity < 1 ? new OverlayEstimate((float) w[2], (float) w[1], (float) w[0], opacity) : null;
    }

    /** One region's strokes before they are merged into the image's mask: the region, its crop, the crop's mask and alpha. */
    private record Stroked(Region region, Rect crop, byte[] mask, float[] alpha) {
    }

    /**
     * Outlines and shadows: pixels next to strokes (within about an eighth of the region height) that are of the
     * opposite polarity, by at least half the stroke threshold, both against the opposite morphological
     * background and against {@code ringEdge}, the 5th (bright text) or 95th (dark text) percentile of the ring
     * around the region. The second test keeps out the gaps between letters, which sit at the background's
     * level, even on textured backgrounds.
     */
    private void addOutline(byte[] stroke, Mat g, byte[] gv, byte[] inRegion, int ringEdge, boolean bright,
            double t, int disc, int cw, int ch, double hgt, MatScope mats) {
        int n = cw * ch;
        Mat other = morph(g, bright ? Imgproc.MORPH_CLOSE : Imgproc.MORPH_OPEN, disc, mats);
        byte[] ov = bytes(other, n);
        byte[] near = Morphology.dilate(stroke, cw, ch, Math.max(2, (int) Math.round(hgt / 8)));
        double limit = Math.max(config.minContrast(), 0.5 * t);
        for (int i = 0; i < n; i++) {
            if (near[i] == 0 || inRegion[i] == 0 || stroke[i] != 0) {
                continue;
            }
            int v = gv[i] & 0xFF, o = ov[i] & 0xFF;
            int vsRing = bright ? ringEdge - v : v - ringEdge;
            int vsLocal = bright ? o - v : v - o;
            if (Math.min(vsRing, vsLocal) > limit) {
                stroke[i] = Mask.ON;
            }
        }
    }

    /** Most opacity of a stroke pixel, as a multiple of its region's median (see {@link #strokes}). */
    private static final double ALPHA_CEILING = 1.4;

    /**
     * Least side of a stroke part, as a fraction of the region height: letters' strokes and dots are a sizeable
     * fraction of the line height, while background texture that passes the colour tests breaks into specks.
     */
    private static final double MIN_PART = 0.1;

    /** Clears the 8-connected parts of {@code mask} whose area is below {@code side} squared. */
    private static void removeSpecks(byte[] mask, int w, int h, double side, MatScope mats) {
        double minArea = side * side;
        if (minArea < 2) {
            return;
        }
        Mat m = mats.track(new Mat(h, w, CvType.CV_8UC1));
        m.put(0, 0, mask);
        Mat labels = mats.track(new Mat());
        Mat stats = mats.track(new Mat());
        Mat centroids = mats.track(new Mat());
        int count = Imgproc.connectedComponentsWithStats(m, labels, stats, centroids, 8, CvType.CV_32S);
        boolean[] small = new boolean[count];
        for (int l = 1; l < count; l++) {
            small[l] = stats.get(l, Imgproc.CC_STAT_AREA)[0] < minArea;
        }
        int[] lv = new int[w * h];
        labels.get(0, 0, lv);
        for (int i = 0; i < lv.length; i++) {
            if (small[lv[i]]) {
                mask[i] = 0;
            }
        }
    }

    /** Least colour change (Euclidean, 0-255 levels) a stroke pixel needs to vote in the fit: above JPEG q90 noise. */
    private static final double NOISE = 6;

    /**
     * Most pixels the overlay fit uses (an evenly spaced subset beyond that). Lines on the bench's photos (at most
     * 1280 px) stay under it, so their fits are exact; a 42 MP photo's lines had up to 1.9 M voting pixels.
     */
    static final int FIT_SAMPLES = 500_000;

    /**
     * An overlay colour fitted to a region's strokes.
     *
     * @param w           the overlay colour W, BGR, in [0, 255]
     * @param fit         stroke-weighted share of the voting pixels that W explains (see {@link #explains}), times
     *                    the share of those whose opacity is within 30% of the median
     * @param medianAlpha median opacity of the explained pixels
     */
    record Overlay(double[] w, double fit, double medianAlpha) {

        /** Residual a pixel's change may keep off the line towards W: a few levels plus about 17 degrees. */
        static double tolerance(double change) {
            return 4 + 0.3 * change;
        }

        /**
         * The opacity {@code a} of pixel {@code i} under {@code J - B = a (W - B)} (least squares along W - B), or -1
         * when its change leaves the line towards W by more than {@code slack} times {@link #tolerance}.
         */
        double alpha(byte[] pv, byte[] bv, int i, double slack) {
            double dd = 0, dv = 0, vv = 0;
            double[] d = new double[3], v = new double[3];
            for (int k = 0; k < 3; k++) {
                double b = bv[i * 3 + k] & 0xFF;
                d[k] = (pv[i * 3 + k] & 0xFF) - b;
                v[k] = w[k] - b;
                dd += d[k] * d[k];
                dv += d[k] * v[k];
                vv += v[k] * v[k];
            }
            if (vv < 1) {
                return dd < NOISE * NOISE ? 0 : -1;
            }
            double a = dv / vv;
            double r2 = Math.max(0, dd - a * a * vv);
            double tol = slack * tolerance(Math.sqrt(dd));
            return r2 <= tol * tol ? a : -1;
        }

        /** Whether W explains pixel {@code i}: its change points at W within tolerance with opacity in (0, 1.1]. */
        boolean explains(byte[] pv, byte[] bv, int i) {
            double a = alpha(pv, bv, i, 1);
            return a > 0 && a <= 1.1;
        }
    }

    /**
     * Fits the overlay model {@code J = (1 - a) I + a W} to a region's stroke pixels: against the local background
     * B (per-channel opening or closing, {@code bv}), each pixel's change {@code D = J - B = a (W - B)} lies on the
     * line from B through J. W minimises {@code sum |D_i - a_i (W - B_i)|^2} in colour space (where JPEG noise
     * lives), by alternating least squares: {@code a_i} by projecting {@code D_i} on {@code W - B_i} (clamped to
     * [0, 1]), then W in closed form, for 12 rounds, pixels reweighted (Cauchy) by their residual against
     * {@link Overlay#tolerance}. On a flat background the scale of W - B against a is not determined; the start,
     * and so the answer along that direction, is where the ray from the mean background through the strongest
     * tenth of pixels leaves the RGB cube (white, black or a saturated colour). (Intersecting the lines B_i-J_i in
     * angle space instead is biased towards the data: their angular noise fans out with distance.) The fit is
     * the |D|-weighted share of voting pixels (|D| at least {@link #NOISE}) explained by W (change within {@link Overlay#tolerance} of the line, opacity in (0, 1.1]), times the share of
     * those within 30% of their median opacity; null when fewer than 8 pixels vote.
     */
    static Overlay overlay(byte[] pv, byte[] bv, byte[] strong) {
        int n = strong.length;
        int[] idx = new int[n];
        double[] mag = new double[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (strong[i] == 0) {
                continue;
            }
            double dd = 0;
            for (int k = 0; k < 3; k++) {
                double d = (pv[i * 3 + k] & 0xFF) - (bv[i * 3 + k] & 0xFF);
                dd += d * d;
            }
            double g = Math.sqrt(dd);
            if (g >= NOISE) {
                idx[m] = i;
                mag[m++] = g;
            }
        }
        if (m < 8) {
            return null;
        }
        // W and the shares below are statistics: on a line of a large photo (millions of voting pixels) an evenly
        // spaced subset estimates them as well, for a fraction of the cost (a 42 MP photo: 1.9 M pixels, 12 rounds).
        if (m > FIT_SAMPLES) {
            int step = (m + FIT_SAMPLES - 1) / FIT_SAMPLES, kept = 0;
            for (int p = 0; p < m; p += step) {
                idx[kept] = idx[p];
                mag[kept++] = mag[p];
            }
            m = kept;
        }
        // Prior: along the mean change of the strongest tenth of pixels, to the cube's boundary.
        double[] order = java.util.Arrays.copyOf(mag, m);
        java.util.Arrays.sort(order);
        double top = order[(int) (0.9 * (m - 1))];
        double[] mb = new double[3], mj = new double[3];
        int cnt = 0;
        for (int p = 0; p < m; p++) {
            if (mag[p] >= top) {
                int i = idx[p];
                for (int k = 0; k < 3; k++) {
                    mb[k] += bv[i * 3 + k] & 0xFF;
                    mj[k] += pv[i * 3 + k] & 0xFF;
                }
                cnt++;
            }
        }
        double[] w0 = new double[3];
        double reach = Double.MAX_VALUE;
        for (int k = 0; k < 3; k++) {
            mb[k] /= cnt;
            mj[k] /= cnt;
            double dk = mj[k] - mb[k];
            if (dk > 1e-6) {
                reach = Math.min(reach, (255 - mb[k]) / dk);
            } else if (dk < -1e-6) {
                reach = Math.min(reach, -mb[k] / dk);
            }
        }
        if (reach == Double.MAX_VALUE) {
            reach = 1;
        }
        for (int k = 0; k < 3; k++) {
            w0[k] = mb[k] + reach * (mj[k] - mb[k]);
        }
        // Alternating least squares in colour space: a_i by projection onto W - B_i, then W from the a_i;
        // pixels weighted down (Cauchy) by their residual so texture inside the box does not drag W.
        double[] w = w0.clone();
        double[] rw = new double[m];
        java.util.Arrays.fill(rw, 1);
        for (int iter = 0; iter < 12; iter++) {
            double[] num = new double[3];
            double den = 0;
            for (int p = 0; p < m; p++) {
                int i = idx[p] * 3;
                double b0 = bv[i] & 0xFF, b1 = bv[i + 1] & 0xFF, b2 = bv[i + 2] & 0xFF;
                double d0 = (pv[i] & 0xFF) - b0, d1 = (pv[i + 1] & 0xFF) - b1, d2 = (pv[i + 2] & 0xFF) - b2;
                double v0 = w[0] - b0, v1 = w[1] - b1, v2 = w[2] - b2;
                double dv = d0 * v0 + d1 * v1 + d2 * v2, vv = v0 * v0 + v1 * v1 + v2 * v2;
                double ai = vv < 1 ? 0 : Math.max(0, Math.min(1, dv / vv));
                if (iter > 0) {
                    double e0 = d0 - ai * v0, e1 = d1 - ai * v1, e2 = d2 - ai * v2;
                    double r2 = e0 * e0 + e1 * e1 + e2 * e2;
                    double t = Overlay.tolerance(mag[p]);
                    rw[p] = 1 / (1 + r2 / (t * t));
                }
                num[0] += rw[p] * ai * (d0 + ai * b0);
                num[1] += rw[p] * ai * (d1 + ai * b1);
                num[2] += rw[p] * ai * (d2 + ai * b2);
                den += rw[p] * ai * ai;
            }
            if (den < 1e-9) {
                break;
            }
            for (int k = 0; k < 3; k++) {
                w[k] = Math.max(0, Math.min(255, num[k] / den));
            }
        }
        Overlay model = new Overlay(w, 0, 0);
        double explained = 0, all = 0;
        double[] alphas = new double[m];
        int na = 0;
        for (int p = 0; p < m; p++) {
            all += mag[p];
            if (model.explains(pv, bv, idx[p])) {
                explained += mag[p];
                alphas[na++] = model.alpha(pv, bv, idx[p], 1);
            }
        }
        double median = 0;
        if (na > 0) {
            double[] s = java.util.Arrays.copyOf(alphas, na);
            java.util.Arrays.sort(s);
            median = s[na / 2];
        }
        // Constancy: a watermark's opacity is one value across its stroke cores, so most explained pixels sit
        // near the median; shading, shadows and dark or bright scene structures spread over a wide range.
        double near = 0, nearAll = 0;
        for (int p = 0, q = 0; p < m; p++) {
            if (model.explains(pv, bv, idx[p])) {
                double ap = alphas[q++];
                nearAll += mag[p];
                if (ap >= 0.7 * median && ap <= 1.3 * median) {
                    near += mag[p];
                }
            }
        }
        double constancy = nearAll == 0 ? 0 : near / nearAll;
        return new Overlay(w, explained / all * constancy, median);
    }

    /** Otsu's threshold (1979) of a 256-bin histogram: the level t maximising between-class variance of ≤t / &gt;t. */
    static int otsu(long[] hist) {
        long total = 0;
        double sum = 0;
        for (int i = 0; i < hist.length; i++) {
            total += hist[i];
            sum += (double) i * hist[i];
        }
        if (total == 0) {
            return 0;
        }
        long w0 = 0;
        double sum0 = 0, best = -1;
        int bestT = 0;
        for (int t = 0; t < hist.length - 1; t++) {
            w0 += hist[t];
            sum0 += (double) t * hist[t];
            long w1 = total - w0;
            if (w0 == 0 || w1 == 0) {
                continue;
            }
            double m0 = sum0 / w0, m1 = (sum - sum0) / w1;
            double between = (double) w0 * w1 * (m0 - m1) * (m0 - m1);
            if (between > best) {
                best = between;
                bestT = t;
            }
        }
        return bestT;
    }

    /**
     * The unit colour direction (B, G, R) in which the region's pixels depart from the ring's median colour
     * {@code ring}: the
     * principal axis of those departures (not centred: it is the departure from the surroundings that counts, by
     * power iteration from the grey axis), signed so that the region's total departure along it is positive.
     */
    private static double[] contrastDirection(byte[] pv, byte[] inRegion, int[] ring) {
        double m00 = 0, m01 = 0, m02 = 0, m11 = 0, m12 = 0, m22 = 0;
        // A statistic: every step-th pixel of a crop of more than FIT_SAMPLES * 4 pixels (a line on a large photo).
        int step = Math.max(1, inRegion.length / (FIT_SAMPLES * 4));
        for (int i = 0; i < inRegion.length; i += step) {
            if (inRegion[i] == 0) {
                continue;
            }
            double d0 = (pv[i * 3] & 0xFF) - ring[0], d1 = (pv[i * 3 + 1] & 0xFF) - ring[1];
            double d2 = (pv[i * 3 + 2] & 0xFF) - ring[2];
            m00 += d0 * d0;
            m01 += d0 * d1;
            m02 += d0 * d2;
            m11 += d1 * d1;
            m12 += d1 * d2;
            m22 += d2 * d2;
        }
        double[][] m = {{m00, m01, m02}, {m01, m11, m12}, {m02, m12, m22}};
        double[] grey = {1 / Math.sqrt(3), 1 / Math.sqrt(3), 1 / Math.sqrt(3)};
        double[] axis = PrincipalAxis.of(m, grey, 30);
        double[] u = grey;
        if (axis != null) {
            double norm = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
            u = new double[] {axis[0] / norm, axis[1] / norm, axis[2] / norm};
        }
        double above = 0, below = 0;
        for (int i = 0; i < inRegion.length; i += step) {
            if (inRegion[i] != 0) {
                double p = ((pv[i * 3] & 0xFF) - ring[0]) * u[0] + ((pv[i * 3 + 1] & 0xFF) - ring[1]) * u[1]
                        + ((pv[i * 3 + 2] & 0xFF) - ring[2]) * u[2];
                if (p > 0) {
                    above += p;
                } else {
                    below -= p;
                }
            }
        }
        if (below > above) {
            u[0] = -u[0];
            u[1] = -u[1];
            u[2] = -u[2];
        }
        return u;
    }

    /**
     * The crop projected on {@code u} about the ring's median colour {@code ring}, as 8-bit levels around 128: the
     * grey axis gives about the luma's contrast ({@code d . u / sqrt 3} is the mean channel departure there).
     */
    private static byte[] project(byte[] pv, int[] ring, double[] u) {
        byte[] out = new byte[pv.length / 3];
        double k = 1 / Math.sqrt(3);
        for (int i = 0; i < out.length; i++) {
            double p = ((pv[i * 3] & 0xFF) - ring[0]) * u[0] + ((pv[i * 3 + 1] & 0xFF) - ring[1]) * u[1]
                    + ((pv[i * 3 + 2] & 0xFF) - ring[2]) * u[2];
            out[i] = (byte) Math.max(0, Math.min(255, Math.round(128 + k * p)));
        }
        return out;
    }

    /** The per-channel median colour of the pixels where {@code where} is set; null when there are none. */
    private static int[] medianColour(byte[] pv, byte[] where) {
        byte[][] ch = new byte[3][where.length];
        for (int i = 0; i < where.length; i++) {
            for (int k = 0; k < 3; k++) {
                ch[k][i] = pv[i * 3 + k];
            }
        }
        int[] out = new int[3];
        for (int k = 0; k < 3; k++) {
            out[k] = median(ch[k], where);
            if (out[k] < 0) {
                return null;
            }
        }
        return out;
    }

    /**
     * Shifts each channel of the morphological background {@code bv} by its median offset from the image over the
     * ring, where there is no text: an opening sits below a textured background (a closing above it), which
     * reads as extra opacity for every stroke.
     */
    private static void calibrate(byte[] pv, byte[] bv, byte[] inRing) {
        int n = inRing.length;
        for (int k = 0; k < 3; k++) {
            int[] hist = new int[511];
            int count = 0;
            for (int i = 0; i < n; i++) {
                if (inRing[i] != 0) {
                    hist[(pv[i * 3 + k] & 0xFF) - (bv[i * 3 + k] & 0xFF) + 255]++;
                    count++;
                }
            }
            if (count == 0) {
                continue;
            }
            int acc = 0, median = 0;
            for (int v = 0; v < hist.length; v++) {
                acc += hist[v];
                if (acc * 2 >= count) {
                    median = v - 255;
                    break;
                }
            }
            for (int i = 0; i < n; i++) {
                bv[i * 3 + k] = (byte) Math.max(0, Math.min(255, (bv[i * 3 + k] & 0xFF) + median));
            }
        }
    }

    /** Median of the values where {@code where} is set, or -1 when it is nowhere set. */
    private static int median(byte[] values, byte[] where) {
        return percentile(values, where, 0.5);
    }

    /** The {@code q} quantile (0-1) of the values where {@code where} is set, or -1 when it is nowhere set. */
    private static int percentile(byte[] values, byte[] where, double q) {
        long[] hist = new long[256];
        long count = 0;
        for (int i = 0; i < values.length; i++) {
            if (where[i] != 0) {
                hist[values[i] & 0xFF]++;
                count++;
            }
        }
        if (count == 0) {
            return -1;
        }
        long seen = 0;
        for (int v = 0; v < 256; v++) {
            seen += hist[v];
            if (seen >= q * count && seen > 0) {
                return v;
            }
        }
        return 255;
    }

    private static byte[] bytes(Mat m, int n) {
        byte[] out = new byte[n];
        Mat src = m.isContinuous() ? m : m.clone();
        src.get(0, 0, out);
        if (src != m) {
            src.release();
        }
        return out;
    }

    /** Largest disc the background morphology runs with at full resolution; see {@link #morph}. */
    private static final int MAX_FULL_DISC = 15;

    /**
     * Opening or closing with an elliptical disc of diameter {@code disc}. A non-rectangular kernel costs OpenCV
     * time in proportion to its size, and lines on a 12-megapixel photo are hundreds of pixels tall (a 150 px disc
     * took 40 s), so large discs run on a copy shrunk until the disc is {@value #MAX_FULL_DISC} px and the result
     * is enlarged back: the background it estimates is smooth at that scale anyway, while the comparison with it
     * stays at full resolution.
     */
    private static Mat morph(Mat src, int op, int disc, MatScope mats) {
        Mat out = mats.track(new Mat());
        if (disc <= MAX_FULL_DISC) {
            Mat k = mats.track(Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(disc, disc)));
            Imgproc.morphologyEx(src, out, op, k);
            return out;
        }
        double f = MAX_FULL_DISC / (double) disc;
        Mat small = mats.track(new Mat());
        Imgproc.resize(src, small, new Size(Math.max(1, Math.round(src.cols() * f)), Math.max(1,
                Math.round(src.rows() * f))), 0, 0, Imgproc.INTER_AREA);
        Mat k = mats.track(Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE,
                new Size(MAX_FULL_DISC, MAX_FULL_DISC)));
        Mat smallOut = mats.track(new Mat());
        Imgproc.morphologyEx(small, smallOut, op, k);
        Imgproc.resize(smallOut, out, src.size(), 0, 0, Imgproc.INTER_LINEAR);
        return out;
    }
}
