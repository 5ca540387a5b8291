package dev.unmark.detect;

import dev.unmark.image.Rect;

/**
 * One watermark found in an image.
 *
 * @param box        bounding box of the region's mask pixels
 * @param kind       what it is: {@code "mask"} (user given), {@code "overlay"} (contours), later text/logo/tiled
 * @param confidence 0-1, how sure the detector is that this is a watermark
 * @param pixels     number of mask pixels in the region
 */
public record Region(Rect box, String kind, double confidence, long pixels) {
}
