package dev.unmark.detect;

/**
 * A detector's estimate of the overlay that made a region: the watermark's colour {@code W} (0-255 RGB) and its
 * opacity on solid parts, under {@code J = (1 - opacity) I + opacity W}. With it, the matte stage recovers the
 * photo under the mark's solid parts instead of inventing it.
 */
public record OverlayEstimate(float r, float g, float b, double opacity) {

    public OverlayEstimate {
        if (!(opacity > 0 && opacity < 1)) {
            throw new IllegalArgumentException("opacity must be in (0, 1), got " + opacity);
        }
    }
}
