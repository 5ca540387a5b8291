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
 * @param mask     the final mask that was filled
 * @param regions  the regions detected or given
 * @param detector registry name of the detector used
 * @param fill     registry name of the fill engine used
 * @param detectMillis time spent detecting
 * @param fillMillis   time spent filling
 * @param fillRegions  which method filled each hole, for engines that choose per hole ({@code auto}); else empty
 */
public record PipelineResult(Image output, Mask mask, List<Region> regions, String detector, String fill,
                             double detectMillis, double fillMillis, List<FillRegion> fillRegions) {

    public PipelineResult {
        regions = List.copyOf(regions);
        fillRegions = List.copyOf(fillRegions);
    }

    /** Without a per-hole fill report. */
    public PipelineResult(Image output, Mask mask, List<Region> regions, String detector, String fill,
                          double detectMillis, double fillMillis) {
        this(output, mask, regions, detector, fill, detectMillis, fillMillis, List.of());
    }

    public long maskPixels() {
        return mask.count();
    }
}
