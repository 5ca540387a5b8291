package dev.unmark.pipeline;

import dev.unmark.detect.Detection;
import dev.unmark.detect.Region;
import dev.unmark.detect.WatermarkDetector;
import dev.unmark.fill.FillEngine;
import dev.unmark.fill.FillRegion;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import dev.unmark.image.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Detect, then fill: the stages composed for one image, with a report of what was done.
 *
 * <p>A user-supplied mask replaces detection when the detector is {@code none}; with any other detector the
 * two masks are joined. Thread-safe when its detector and engine are (the built-in ones are).
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

    public WatermarkDetector detector() {
        return detector;
    }

    public double minConfidence() {
        return minConfidence;
    }

    public FillEngine fill() {
        return fill;
    }

    /** Detects only. {@code givenMask} may be null; see the class comment for how it combines. */
    public Detection detect(Image image, Mask givenMask) {
        checkSize(image, givenMask);
        return join(found(image), givenMask);
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
        Mask mask = maskToFill(found, detection, givenMask);
        Image output = inPlace ? image : image.copy();
        List<FillRegion> fills = mask.isEmpty() ? List.of() : fill.fillInPlaceReporting(output, mask);
        long t2 = System.nanoTime();
        return new PipelineResult(output, mask, detection.regions(), detector.name(), fill.name(),
                (t1 - t0) / 1e6, (t2 - t1) / 1e6, fills);
    }
}
