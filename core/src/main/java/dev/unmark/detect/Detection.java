package dev.unmark.detect;

import dev.unmark.image.Mask;
import java.util.List;

/** What a detector found: the mask of pixels to remove and the regions it is made of. */
public record Detection(Mask mask, List<Region> regions) {

    public Detection {
        regions = List.copyOf(regions);
    }

    public static Detection none(int width, int height) {
        return new Detection(Mask.empty(width, height), List.of());
    }

    public boolean isEmpty() {
        return regions.isEmpty() || mask.isEmpty();
    }
}
