package dev.unmark.fill;

import dev.unmark.image.Rect;

/**
 * Which method filled one hole (a connected component of the mask), as engines that choose per hole report it.
 *
 * @param box    the hole's bounding box, in image coordinates
 * @param pixels the hole's pixel count
 * @param width  diameter in pixels of the largest disc inside the hole (from a distance transform): a stroke's
 *               thickness, a blob's inner size
 * @param engine registry name of the method that filled it, e.g. {@code telea} or {@code patch}
 */
public record FillRegion(Rect box, long pixels, double width, String engine) {
}
