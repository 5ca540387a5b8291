package dev.unmark.pipeline;

import dev.unmark.detect.Region;
import dev.unmark.fill.FillRegion;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.util.List;

/**
 * What the pipeline did to one image.
 *
 * @param output   the image with the masked pixels filled (a new image)
 * @param mask     the final mask that was filled (with a template: only its residual, plus any detected marks)
 * @param regions  the regions detected or given
 * @param detector registry name of the detector used
 * @param fill     registry name of the fill engine used
 * @param detectMillis time spent detecting
 * @param fillMillis   time spent filling
 * @param template     what the known-template stage did, or null when no template was given
 * @param fillRegions  which method filled each hole, for engines that choose per hole ({@code auto}); else empty
 */
public record PipelineResult(Image output, Mask mask, List<Region> regions, String detector, String fill,
                             double detectMillis, double fillMillis, TemplateReport template,
                             List<FillRegion> fillRegions) {

    public PipelineResult {
        regions = List.copyOf(regions);
        fillRegions = List.copyOf(fillRegions);
    }

    /** A result without a per-hole fill report. */
    public PipelineResult(Image output, Mask mask, List<Region> regions, String detector, String fill,
                          double detectMillis, double fillMillis, TemplateReport template) {
        this(output, mask, regions, detector, fill, detectMillis, fillMillis, template, List.of());
    }

    /** A result without a template stage or a per-hole fill report. */
    public PipelineResult(Image output, Mask mask, List<Region> regions, String detector, String fill,
                          double detectMillis, double fillMillis) {
        this(output, mask, regions, detector, fill, detectMillis, fillMillis, null);
    }

    /**
     * Share of {@code region}'s pixels recovered by reversing the blend rather than filled: the template stage's
     * figure for its region, 0 for every other (detected and given regions are filled whole).
     */
    public double recoveredFraction(Region region) {
        return template != null && template.region() == region ? template.recovery().recoveredFraction() : 0;
    }

    public long maskPixels() {
        return mask.count();
    }
}
