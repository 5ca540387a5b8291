package dev.unmark.pipeline;

import dev.unmark.detect.Region;
import dev.unmark.fill.FillRegion;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.matte.Recovery;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the pipeline did to one image.
 *
 * @param output   the image with the masked pixels filled (a new image)
 * @param mask     the final mask that was filled: the marks' pixels (grown) less those recovered by reversing their
 *                 blend
 * @param marked   every pixel the found marks cover (detected, given and template, grown): what {@code --save-mask}
 *                 writes and the bench scores
 * @param regions  the regions detected or given
 * @param detector registry name of the detector used
 * @param fill     registry name of the fill engine used
 * @param detectMillis time spent detecting
 * @param fillMillis   time spent filling
 * @param template     what the known-template stage did, or null when no template was given
 * @param recoveries   for each detected region whose overlay was reversed, what the reversal did (by identity)
 * @param fillRegions  which method filled each hole, for engines that choose per hole ({@code auto}); else empty
 */
public record PipelineResult(Image output, Mask mask, Mask marked, List<Region> regions, String detector,
                             String fill, double detectMillis, double fillMillis, TemplateReport template,
                             Map<Region, Recovery> recoveries, List<FillRegion> fillRegions) {

    public PipelineResult {
        regions = List.copyOf(regions);
        IdentityHashMap<Region, Recovery> copy = new IdentityHashMap<>(recoveries);
        recoveries = java.util.Collections.unmodifiableMap(copy);
        fillRegions = List.copyOf(fillRegions);
    }

    /** A result without a per-hole fill report. */
    public PipelineResult(Image output, Mask mask, Mask marked, List<Region> regions, String detector, String fill,
                          double detectMillis, double fillMillis, TemplateReport template,
                          Map<Region, Recovery> recoveries) {
        this(output, mask, marked, regions, detector, fill, detectMillis, fillMillis, template, recoveries,
                List.of());
    }

    /** A result in which nothing was recovered: the marked pixels are the filled ones. */
    public PipelineResult(Image output, Mask mask, List<Region> regions, String detector, String fill,
                          double detectMillis, double fillMillis) {
        this(output, mask, mask, regions, detector, fill, detectMillis, fillMillis, null, Map.of());
    }

    /** The pixels the found marks cover, recovered or filled; see {@link #marked}. */
    public Mask detectedMask() {
        return marked;
    }

    /**
     * Share of {@code region}'s pixels recovered by reversing the blend rather than filled: the template stage's
     * figure for its region; for a detected region whose overlay was reversed, its recovered interior over its
     * pixels; 0 for the rest (filled whole).
     */
    public double recoveredFraction(Region region) {
        if (template != null && template.region() == region) {
            return template.recovery().recoveredFraction();
        }
        // Only a detected region's solid interior is inverted; its rims are filled.
        Recovery r = recoveries.get(region);
        return r == null || region.pixels() == 0 ? 0 : Math.min(1, r.recovered() / (double) region.pixels());
    }

    public long maskPixels() {
        return mask.count();
    }
}
