package dev.unmark.detect;

import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import dev.unmark.matte.Matte;

/**
 * One watermark found in an image.
 *
 * @param box        bounding box of the region's mask pixels
 * @param kind       what it is: {@code "mask"} (user given), {@code "text"}, {@code "tiled"}, {@code "logo"},
 *                   {@code "overlay"} (contours) or {@code "mark"} (the segmentation network: any kind)
 * @param confidence 0-1, how sure the detector is that this is a watermark
 * @param pixels     number of mask pixels in the region
 * @param mask       optional: which pixels of {@code box} belong to this region ({@code box}-sized crop), so a
 *                   region can be dropped from a {@link Detection} with exactly its own pixels
 *                   ({@link Detection#keep}); null when the detector does not say (then dropping the region clears
 *                   its whole box, except where kept regions lie)
 * @param overlay    optional: the overlay colour and opacity the detector estimated, or null
 * @param matte      optional: the blend the detector estimated per pixel over {@code box} (opacity and colour), or
 *                   null
 */
public record Region(Rect box, String kind, double confidence, long pixels, Mask mask, OverlayEstimate overlay,
                     Matte matte) {

    public Region {
        if (mask != null && (mask.width() != box.width() || mask.height() != box.height())) {
            throw new IllegalArgumentException("region mask is " + mask.width() + "x" + mask.height()
                    + " but its box is " + box.width() + "x" + box.height());
        }
        if (matte != null && !matte.box().equals(box)) {
            throw new IllegalArgumentException("region matte covers " + matte.box() + " but its box is " + box);
        }
    }

    /** A region without a per-pixel matte. */
    public Region(Rect box, String kind, double confidence, long pixels, Mask mask, OverlayEstimate overlay) {
        this(box, kind, confidence, pixels, mask, overlay, null);
    }

    /** A region without an overlay estimate. */
    public Region(Rect box, String kind, double confidence, long pixels, Mask mask) {
        this(box, kind, confidence, pixels, mask, null, null);
    }

    /** A region without its own pixel mask. */
    public Region(Rect box, String kind, double confidence, long pixels) {
        this(box, kind, confidence, pixels, null, null, null);
    }
}
