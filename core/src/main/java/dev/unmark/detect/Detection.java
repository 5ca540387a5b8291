package dev.unmark.detect;

import dev.unmark.image.Mask;
import java.util.List;

/**
 * What a detector found: the mask of pixels to remove, the regions it is made of and, where the detector
 * estimates it, the overlay's opacity per pixel.
 *
 * @param mask    pixels to remove
 * @param regions the parts of the mask, one per found mark
 * @param alpha   optional soft opacity (0-1) of the overlay per pixel, row-major, {@code mask.width() *
 *                mask.height()} long, or null when the detector does not estimate one; not copied (detectors
 *                hand over a fresh array)
 */
public record Detection(Mask mask, List<Region> regions, float[] alpha) {

    public Detection {
        regions = List.copyOf(regions);
        if (alpha != null && alpha.length != (long) mask.width() * mask.height()) {
            throw new IllegalArgumentException("alpha has " + alpha.length + " values for a " + mask.width() + "x"
                    + mask.height() + " mask");
        }
    }

    /** A detection without an alpha estimate. */
    public Detection(Mask mask, List<Region> regions) {
        this(mask, regions, null);
    }

    public static Detection none(int width, int height) {
        return new Detection(Mask.empty(width, height), List.of());
    }

    public boolean isEmpty() {
        return regions.isEmpty() || mask.isEmpty();
    }
}
