package dev.unmark.pipeline;

import dev.unmark.detect.Detection;
import dev.unmark.detect.OverlayEstimate;
import dev.unmark.detect.Region;
import dev.unmark.detect.WatermarkDetector;
import dev.unmark.fill.FillEngine;
import dev.unmark.fill.FillRegion;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import dev.unmark.image.Rect;
import dev.unmark.matte.BlendConfig;
import dev.unmark.matte.Matte;
import dev.unmark.matte.OutlineFit;
import dev.unmark.matte.Recovery;
import dev.unmark.matte.ReverseBlend;
import dev.unmark.matte.TemplateMatch;
import dev.unmark.matte.TemplateMatcher;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Detect, reverse a known template's blend, then fill: the stages composed for one image, with a report of what was
 * done.
 *
 * <p>With a template ({@link #withTemplate}), it is searched in the image; when found, its blend is reversed and
 * only the residual (pixels too opaque or clipped to recover) joins the mask that the fill engine inpaints. The
 * recovered pixels are never filled, even where a detector also marked them. A user-supplied mask replaces
 * detection when the detector is {@code none}; with any other detector the two masks are joined. Thread-safe when
 * its detector and engine are (the built-in ones are).
 */
public final class Pipeline {

    private final WatermarkDetector detector;
    private final FillEngine fill;
    /**
     * {@code maskDilation} value that grows detected pixels by {@link #DETECTED_DILATION} and a user's mask by
     * {@link #GIVEN_DILATION}: the default.
     */
    public static final int AUTO_DILATION = -1;
    /**
     * Growth of detected masks by default: detectors already return the mark's soft edges, and on the dev bench 1 px
     * beat 0, 2, 3 and 4 (text-hd PSNR256 35.6 / 35.6 / 36.0 at 0 / 2 / 1 px; the tiled grids 32.5 / 30.8 / 32.3).
     */
    public static final int DETECTED_DILATION = 1;
    /** Growth of a user's mask by default: masks drawn or computed on clean pixels miss JPEG-smeared edges. */
    public static final int GIVEN_DILATION = 2;

    private final int maskDilation;
    private final double minConfidence;
    private final TemplateMatcher template;
    private final ReverseBlend blend;
    private final boolean recoverOverlays;

    /**
     * Least confidence a detected region needs by default: below 0.65 the text detector's regions on the dev sets
     * were mostly scene content (about 3 false pixels per true one), and tiled grids never score below 0.5.
     */
    public static final double DEFAULT_MIN_CONFIDENCE = 0.65;

    /**
     * @param maskDilation pixels the final mask is grown by before filling, to cover antialiased and JPEG-smeared
     *                     edges of the mark; 0 keeps it as found. Try 0 for exact masks, 2 for detected ones.
     */
    public Pipeline(WatermarkDetector detector, FillEngine fill, int maskDilation) {
        this(detector, fill, maskDilation, DEFAULT_MIN_CONFIDENCE);
    }

    /**
     * @param minConfidence detected regions below this confidence (0-1) are dropped with their pixels before the
     *                      user mask is joined; 0 keeps everything
     */
    public Pipeline(WatermarkDetector detector, FillEngine fill, int maskDilation, double minConfidence) {
        this(detector, fill, maskDilation, minConfidence, null, new ReverseBlend(BlendConfig.defaults()), false);
    }

    private Pipeline(WatermarkDetector detector, FillEngine fill, int maskDilation, double minConfidence,
                     TemplateMatcher template, ReverseBlend blend, boolean recoverOverlays) {
        this.recoverOverlays = recoverOverlays;
        this.template = template;
        this.blend = Objects.requireNonNull(blend, "blend");
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("min confidence must be 0-1, got " + minConfidence);
        }
        this.minConfidence = minConfidence;
        this.detector = Objects.requireNonNull(detector, "detector");
        this.fill = Objects.requireNonNull(fill, "fill");
        if ((maskDilation < 0 && maskDilation != AUTO_DILATION) || maskDilation > 64) {
            throw new IllegalArgumentException("mask dilation must be 0-64 px (or AUTO_DILATION), got " + maskDilation);
        }
        this.maskDilation = maskDilation;
    }

    public Pipeline(WatermarkDetector detector, FillEngine fill) {
        this(detector, fill, 0);
    }

    /** This pipeline with a known-template stage: {@code template} is searched, its blend reversed by {@code blend}. */
    public Pipeline withTemplate(TemplateMatcher template, ReverseBlend blend) {
        return new Pipeline(detector, fill, maskDilation, minConfidence, Objects.requireNonNull(template, "template"),
                Objects.requireNonNull(blend, "blend"), recoverOverlays);
    }

    /**
     * This pipeline with another blend inversion (e.g. one with {@link dev.unmark.matte.BlendConfig#lossy()} for a
     * JPEG input), for its template and for the detected regions whose overlay it recovers.
     */
    public Pipeline withBlend(ReverseBlend blend) {
        return new Pipeline(detector, fill, maskDilation, minConfidence, template, Objects.requireNonNull(blend, "blend"),
                recoverOverlays);
    }

    /**
     * This pipeline with (or without) the experimental matte stage for detected regions: where a detector estimated
     * a region's overlay colour and opacity, the photo under its solid parts is recovered by reversing the blend
     * and only the rest is filled. Off by default: with today's single-image estimates it gains up to 2 dB on
     * large text but loses on logos and grids (docs/BENCHMARKS.md, "Reversing detected overlays").
     */
    public Pipeline withOverlayRecovery(boolean on) {
        return new Pipeline(detector, fill, maskDilation, minConfidence, template, blend, on);
    }

    /** The template stage's matcher, or null. */
    public TemplateMatcher template() {
        return template;
    }

    public WatermarkDetector detector() {
        return detector;
    }

    public double minConfidence() {
        return minConfidence;
    }

    public FillEngine fill() {
        return fill;
    }

    /**
     * Detects only. {@code givenMask} may be null; see the class comment for how it combines. A found template adds
     * its region, the pixels it covers to the mask, and its opacity to the alpha map.
     */
    public Detection detect(Image image, Mask givenMask) {
        checkSize(image, givenMask);
        Detection d = join(found(image), givenMask);
        if (template == null) {
            return d;
        }
        TemplateMatch m = template.find(image);
        if (!m.found()) {
            return d;
        }
        Matte matte = template.matte(m, image.bounds());
        Region region = region(matte, m);
        int w = image.width();
        Mask mask = d.mask().copy();
        float[] alpha = d.alpha() == null ? new float[w * image.height()] : d.alpha().clone();
        if (d.alpha() == null) {
            byte[] md = d.mask().data();
            for (int i = 0; i < md.length; i++) {
                alpha[i] = md[i] != 0 ? 1 : 0;
            }
        }
        Rect b = matte.box();
        for (int y = 0; y < b.height(); y++) {
            for (int x = 0; x < b.width(); x++) {
                float a = matte.alpha()[y * b.width() + x];
                if (a > ReverseBlend.MIN_ALPHA) {
                    mask.set(b.x() + x, b.y() + y, true);
                    int i = (b.y() + y) * w + b.x() + x;
                    alpha[i] = Math.max(alpha[i], a);
                }
            }
        }
        List<Region> regions = new ArrayList<>(d.regions());
        regions.add(region);
        return new Detection(mask, regions, alpha);
    }

    /** The template's region: the box of the pixels it covers, with them as its mask. */
    private static Region region(Matte matte, TemplateMatch m) {
        Rect b = matte.box();
        Mask own = Mask.empty(b.width(), b.height());
        for (int i = 0; i < matte.alpha().length; i++) {
            if (matte.alpha()[i] > ReverseBlend.MIN_ALPHA) {
                own.data()[i] = Mask.ON;
            }
        }
        Rect tight = own.setBounds();
        Rect box = new Rect(b.x() + tight.x(), b.y() + tight.y(), tight.width(), tight.height());
        return new Region(box, "template", m.confidence(), own.count(), own.crop(tight));
    }

    private static void checkSize(Image image, Mask givenMask) {
        if (givenMask != null && (givenMask.width() != image.width() || givenMask.height() != image.height())) {
            throw new IllegalArgumentException("mask is " + givenMask.width() + "x" + givenMask.height()
                    + " but image is " + image.width() + "x" + image.height());
        }
    }

    private Detection found(Image image) {
        return detector.detect(image).withMinConfidence(minConfidence);
    }

    private static Detection join(Detection found, Mask givenMask) {
        if (givenMask == null) {
            return found;
        }
        List<Region> regions = new ArrayList<>(found.regions());
        for (Rect box : Masks.componentBoxes(givenMask)) {
            regions.add(new Region(box, "mask", 1.0, givenMask.crop(box).count()));
        }
        return new Detection(found.mask().copy().or(givenMask), regions);
    }

    /** The mask to fill: detected and given pixels, each grown as {@code maskDilation} says. */
    private Mask maskToFill(Detection found, Detection joined, Mask givenMask) {
        if (maskDilation != AUTO_DILATION) {
            return Masks.dilate(joined.mask(), maskDilation);
        }
        Mask mask = Masks.dilate(found.mask(), DETECTED_DILATION);
        return givenMask == null ? mask : mask.or(Masks.dilate(givenMask, GIVEN_DILATION));
    }

    /** Detects and fills; the input image is not modified. */
    public PipelineResult run(Image image, Mask givenMask) {
        return run(image, givenMask, false);
    }

    /**
     * Detects and fills the masked pixels of {@code image} itself (the result's output is {@code image}): for
     * callers that read the image only to clean it, it saves a copy of the whole photo.
     */
    public PipelineResult runInPlace(Image image, Mask givenMask) {
        return run(image, givenMask, true);
    }

    private PipelineResult run(Image image, Mask givenMask, boolean inPlace) {
        checkSize(image, givenMask);
        long t0 = System.nanoTime();
        Detection found = found(image);
        Detection detection = join(found, givenMask);
        long t1 = System.nanoTime();
        TemplateMatch match = template == null ? null : template.find(image);
        Mask mask = maskToFill(found, detection, givenMask);
        Image output = inPlace ? image : image.copy();
        // The marks' pixels stay as found; the fill mask loses what the matte stage recovers. Only that stage
        // makes them differ, so the full-size copy is paid only when it runs.
        boolean matting = recoverOverlays || (match != null && match.found());
        Mask marked = matting ? mask.copy() : mask;
        Map<Region, Recovery> recoveries = recoverUnderOverlays(output, found, mask);
        TemplateReport report = null;
        List<Region> regions = detection.regions();
        if (match != null) {
            Region region = null;
            Recovery recovery = null;
            if (match.found()) {
                Matte matte = template.matte(match, image.bounds());
                recovery = blend.apply(output, matte);
                region = region(matte, match);
                onlyResidual(mask, matte, recovery);
                paint(marked, region);
                regions = new ArrayList<>(regions);
                regions.add(region);
            }
            report = new TemplateReport(match, region, recovery, (System.nanoTime() - t1) / 1e6);
        }
        long t2 = System.nanoTime();
        List<FillRegion> fills = mask.isEmpty() ? List.of() : fill.fillInPlaceReporting(output, mask);
        long t3 = System.nanoTime();
        return new PipelineResult(output, mask, marked, regions, detector.name(), fill.name(),
                (t1 - t0) / 1e6, (t3 - t2) / 1e6, report, recoveries, fills);
    }

    /**
     * Share of a region's estimated opacity within which a pixel's own estimate must lie to count as a solid part of
     * the mark: antialiased rims, outlines, shadows and background the detector swept in fall outside and are filled.
     */
    static final double SOLID_TOLERANCE = 0.3;

    /**
     * Most opacity an estimated overlay may have to be reversed: the inversion multiplies an error in the estimate
     * by {@code 1 / (1 - a)^2}, 6x at 0.6 but 17x at 0.76, where on the dev bench filling was better.
     */
    static final double MAX_ESTIMATED_OPACITY = 0.6;

    /**
     * Least opacity an estimated overlay needs to be reversed: fainter "marks" were mostly scene shading the text
     * detector's overlay fit explained (dev bench), which the inversion would alter for nothing.
     */
    static final double MIN_ESTIMATED_OPACITY = 0.15;

    /**
     * Pixels recovered lie at least this far inside the mark: the rims (antialiasing, JPEG smear) do not follow the
     * mark's one opacity, and on strokes thinner than about {@code 2 * SOLID_DEPTH + 1} px Telea's fill from both
     * sides beat the inversion on the dev bench (text-hd, fonts under ~40 px), so those are filled whole.
     */
    static final int SOLID_DEPTH = 2;

    /**
     * Recovers the photo under the solid parts of detected regions whose overlay (colour and opacity) the detector
     * estimated: one opacity for the whole mark is what real marks have, and it is better conditioned than each
     * pixel's own estimate, which the background's texture pulls around. Only the solid interior is inverted
     * (pixels whose own opacity estimate is within {@link #SOLID_TOLERANCE} of the mark's, {@link #SOLID_DEPTH} px
     * inside it); rims and everything uncertain stay in the mask for the fill, which then also sees the recovered
     * interior as known pixels.
     */
    private Map<Region, Recovery> recoverUnderOverlays(Image output, Detection found, Mask mask) {
        Map<Region, Recovery> done = new IdentityHashMap<>();
        float[] pixelAlpha = found.alpha();
        if (!recoverOverlays) {
            return done;
        }
        int w = output.width();
        for (Region r : found.regions()) {
            if (r.matte() != null && r.mask() != null) {
                Recovery recovery = recoverPerPixel(output, r, mask);
                if (recovery != null) {
                    done.put(r, recovery);
                }
                continue;
            }
            OverlayEstimate o = r.overlay();
            if (o == null || pixelAlpha == null || r.mask() == null || o.opacity() > MAX_ESTIMATED_OPACITY
                    || o.opacity() < MIN_ESTIMATED_OPACITY) {
                continue;
            }
            Rect b = r.box();
            Mask own = r.mask();
            float[] alpha = new float[(int) b.area()];
            boolean any = false;
            float opacity = (float) o.opacity();
            int r0 = SOLID_DEPTH;
            for (int y = r0; y < b.height() - r0; y++) {
                for (int x = r0; x < b.width() - r0; x++) {
                    if (!solid(own, x, y, r0)) {
                        continue;
                    }
                    float a = pixelAlpha[(b.y() + y) * w + b.x() + x];
                    if (Math.abs(a - opacity) <= SOLID_TOLERANCE * opacity) {
                        alpha[y * b.width() + x] = opacity;
                        any = true;
                    }
                }
            }
            if (!any) {
                continue;
            }
            if (!continuesUnder(output, r)) {
                continue;
            }
            // The rest of the mark's area in the fill mask (rims, outlines, swept-in background) still carries the
            // mark: as residual it is filled afterwards and, unlike pixels outside the mark, does not anchor the
            // regularised inversion (it pulled the recovered interior towards the mark's colour).
            for (int y = 0; y < b.height(); y++) {
                for (int x = 0; x < b.width(); x++) {
                    if (alpha[y * b.width() + x] == 0 && mask.isSet(b.x() + x, b.y() + y)) {
                        alpha[y * b.width() + x] = 1;
                    }
                }
            }
            Matte matte = Matte.constant(b, alpha, o.r(), o.g(), o.b());
            Recovery recovery = blend.apply(output, matte);
            onlyResidual(mask, matte, recovery);
            done.put(r, recovery);
        }
        return done;
    }

    /**
     * Whether the photo visibly continues under the region: across its outline the inside must follow the outside
     * as {@code J_in = (1 - a) J_out + a W} ({@link OutlineFit}). Scene content that the detector took for a mark
     * (a bright stone, a dark shadow) does not, and "recovering" it with the fitted overlay rewrites real pixels:
     * on the dev bench such regions cost up to 2.9 dB each where filling them cost far less.
     */
    private static boolean continuesUnder(Image image, Region r) {
        OutlineFit.Fit fit = OutlineFit.fit(image, r.box(), r.mask());
        return fit != null && fit.correlation() >= MIN_CONTINUATION;
    }

    /**
     * Least correlation of the two sides of a region's outline for its inside to count as the photo seen through a
     * mark. On the dev bench 0 (any positive correlation) and 0.5 gave the same scores; 0.5 keeps chance
     * correlations of unrelated textures out.
     */
    static final double MIN_CONTINUATION = 0.5;

    /**
     * Bounds on the network's per-pixel opacity for inversion: above {@code NET_MAX_ALPHA} its estimate is too
     * coarse for dividing by (1 - alpha), below {@code NET_MIN_ALPHA} the pixel is mostly the mark's soft rim.
     */
    private static final double NET_MAX_ALPHA = 0.6;
    private static final double NET_MIN_ALPHA = 0.1;
    /** Pixels this close to the region's outline keep the fill: the network's matte is least reliable there. */
    private static final int NET_DEPTH = 1;

    /**
     * Recovers a region whose detector estimated the blend per pixel ({@link Region#matte()}): its own pixels at
     * least {@link #NET_DEPTH} inside it whose estimated opacity lies between the bounds are inverted; the rest
     * stays in the mask for the fill.
     */
    private Recovery recoverPerPixel(Image output, Region r, Mask mask) {
        Rect b = r.box();
        Mask own = r.mask();
        Matte est = r.matte();
        float[] alpha = new float[(int) b.area()];
        boolean any = false;
        int d = NET_DEPTH;
        for (int y = d; y < b.height() - d; y++) {
            for (int x = d; x < b.width() - d; x++) {
                if (!solid(own, x, y, d)) {
                    continue;
                }
                float a = est.alpha()[y * b.width() + x];
                if (a >= NET_MIN_ALPHA && a <= NET_MAX_ALPHA) {
                    alpha[y * b.width() + x] = a;
                    any = true;
                }
            }
        }
        if (!any) {
            return null;
        }
        Matte matte = new Matte(b, alpha, est.layer());
        Recovery recovery = blend.apply(output, matte);
        onlyResidual(mask, matte, recovery);
        return recovery;
    }

    /** Whether every pixel within {@code r} (Chebyshev distance) of (x, y) belongs to the region. */
    private static boolean solid(Mask own, int x, int y, int r) {
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                if (!own.isSet(x + dx, y + dy)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Sets the region's own pixels in {@code mask}. */
    private static void paint(Mask mask, Region r) {
        Rect b = r.box();
        for (int y = 0; y < b.height(); y++) {
            for (int x = 0; x < b.width(); x++) {
                if (r.mask() == null || r.mask().isSet(x, y)) {
                    mask.set(b.x() + x, b.y() + y, true);
                }
            }
        }
    }

    /** Under the template, only its residual is filled: recovered pixels leave the mask, residual ones join it. */
    private static void onlyResidual(Mask mask, Matte matte, Recovery recovery) {
        Rect b = matte.box();
        for (int y = 0; y < b.height(); y++) {
            for (int x = 0; x < b.width(); x++) {
                if (recovery.residual().isSet(x, y)) {
                    mask.set(b.x() + x, b.y() + y, true);
                } else if (matte.alpha()[y * b.width() + x] > ReverseBlend.MIN_ALPHA) {
                    mask.set(b.x() + x, b.y() + y, false);
                }
            }
        }
    }
}
