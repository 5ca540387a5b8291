package dev.unmark.detect;

import dev.unmark.image.Mask;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

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

    /**
     * This detection with only the regions {@code test} accepts, and without the mask (and opacity) pixels of the
     * others: a dropped region's own pixels ({@link Region#mask()}, or its whole box when it has none) are cleared,
     * except those that a kept region also claims. Returns {@code this} when every region is kept.
     */
    public Detection keep(Predicate<Region> test) {
        List<Region> kept = new ArrayList<>();
        List<Region> dropped = new ArrayList<>();
        for (Region r : regions) {
            (test.test(r) ? kept : dropped).add(r);
        }
        if (dropped.isEmpty()) {
            return this;
        }
        int w = mask.width(), h = mask.height();
        if (kept.isEmpty()) {
            return none(w, h);
        }
        byte[] src = mask.data();
        byte[] out = src.clone();
        for (Region r : dropped) {
            paint(out, w, r, null);
        }
        for (Region r : kept) {
            paint(out, w, r, src); // give back what a kept region overlapping a dropped one claims
        }
        float[] a = null;
        if (alpha != null) {
            a = alpha.clone();
            for (int i = 0; i < out.length; i++) {
                if (out[i] == 0) {
                    a[i] = 0;
                }
            }
        }
        return new Detection(Mask.wrap(w, h, out), kept, a);
    }

    /** Sets the region's own pixels of {@code out} to {@code from}'s values, or clears them when it is null. */
    private static void paint(byte[] out, int w, Region r, byte[] from) {
        var b = r.box();
        Mask own = r.mask();
        for (int y = 0; y < b.height(); y++) {
            for (int x = 0; x < b.width(); x++) {
                if (own != null && !own.isSet(x, y)) {
                    continue;
                }
                int i = (b.y() + y) * w + b.x() + x;
                out[i] = from == null ? 0 : from[i];
            }
        }
    }

    /** {@link #keep} with the regions whose confidence is at least {@code minConfidence} (0-1; 0 keeps all). */
    public Detection withMinConfidence(double minConfidence) {
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new IllegalArgumentException("min confidence must be 0-1, got " + minConfidence);
        }
        return minConfidence == 0 ? this : keep(r -> r.confidence() >= minConfidence);
    }
}
