package dev.unmark.detect;

import dev.unmark.image.Mask;
import dev.unmark.image.Rect;

/**
 * One watermark found in an image.
 *
 * @param box        bounding box of the region's mask pixels
 * @param kind       what it is: {@code "mask"} (user given), {@code "text"}, {@code "tiled"}, {@code "logo"} or
 *                   {@code "overlay"} (contours)
 * @param confidence 0-1, how sure the detector is that this is a watermark
 * @param pixels     number of mask pixels in the region
 * @param mask       optional: which pixels of {@code box} belong to this region ({@code box}-sized crop), so a
 *                   region can be dropped from a {@link Detection} with exactly its own pixels
 *                   ({@link Detection#keep}); null when the detector does not say (then dropping the region clears
 *                   its whole box, except where kept regions lie)
 * @param overlay    optional: the overlay colour and opacity the detector estimated, or null
 */
public record Region(Rect box, String kind, double confidence, long pixels, Mask mask, OverlayEstimate overlay) {

    public Region {
        if (mask != null && (mask.width() != box.width() || mask.height() != box.height())) {
            throw new IllegalArgumentException("region mask is " + mask.width() + "x" + mask.height()
                    + " but its box is " + box.width() + "x" + box.height());
        }
    }

    /** A region without an overlay estimate. */
    public Region(Rect box, String kind, double confidence, long pixels, Mask mask) {
        this(box, kind, confidence, pixels, mask, null);
    }

    /** A region without its own pixel mask. */
    public Region(Rect box, String kind, double confidence, long pixels) {
        this(box, kind, confidence, pixels, null, null);
    }
}
