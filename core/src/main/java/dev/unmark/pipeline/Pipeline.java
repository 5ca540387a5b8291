package dev.unmark.pipeline;

import dev.unmark.detect.Detection;
import dev.unmark.detect.Region;
import dev.unmark.detect.WatermarkDetector;
import dev.unmark.fill.FillEngine;
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
        if (maskDilation < 0 || maskDilation > 64) {
            throw new IllegalArgumentException("mask dilation must be 0-64 px, got " + maskDilation);
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
        if (givenMask != null && (givenMask.width() != image.width() || givenMask.height() != image.height())) {
            throw new IllegalArgumentException("mask is " + givenMask.width() + "x" + givenMask.height()
                    + " but image is " + image.width() + "x" + image.height());
        }
        Detection found = detector.detect(image).withMinConfidence(minConfidence);
        if (givenMask == null) {
            return found;
        }
        List<Region> regions = new ArrayList<>(found.regions());
        for (Rect box : Masks.componentBoxes(givenMask)) {
            regions.add(new Region(box, "mask", 1.0, givenMask.crop(box).count()));
        }
        return new Detection(found.mask().copy().or(givenMask), regions);
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
        long t0 = System.nanoTime();
        Detection detection = detect(image, givenMask);
        long t1 = System.nanoTime();
        Mask mask = Masks.dilate(detection.mask(), maskDilation);
        Image output = inPlace ? image : image.copy();
        if (!mask.isEmpty()) {
            fill.fillInPlace(output, mask);
        }
        long t2 = System.nanoTime();
        return new PipelineResult(output, mask, detection.regions(), detector.name(), fill.name(),
                (t1 - t0) / 1e6, (t2 - t1) / 1e6);
    }
}
