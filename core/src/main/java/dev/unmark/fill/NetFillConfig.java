package dev.unmark.fill;

/**
 * Parameters of {@link OnnxInpaintFill}.
 *
 * @param contextFraction context wanted around each hole, as a fraction of the network's smaller input side (0 to
 *                        1). More context gives the network more to go on but downscales large holes sooner, and
 *                        holes this close together share a window. 0.25 (128 px for a 512 network) to start.
 * @param featherPixels   depth, in network input pixels, over which the fill is shifted to meet the photo at the
 *                        hole's edge; 0 pastes the network's output unchanged. 8 to start.
 */
public record NetFillConfig(double contextFraction, int featherPixels) {

    public NetFillConfig {
        if (!(contextFraction > 0 && contextFraction <= 1)) {
            throw new IllegalArgumentException("context fraction must be in (0, 1], got " + contextFraction);
        }
        if (featherPixels < 0 || featherPixels > 64) {
            throw new IllegalArgumentException("feather must be 0-64 px, got " + featherPixels);
        }
    }

    public static NetFillConfig defaults() {
        return new NetFillConfig(0.25, 8);
    }

    public NetFillConfig withFeather(int pixels) {
        return new NetFillConfig(contextFraction, pixels);
    }
}
