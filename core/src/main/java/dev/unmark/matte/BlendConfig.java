package dev.unmark.matte;

/**
 * How {@link ReverseBlend} inverts a blend.
 *
 * @param maxAlpha pixels at or above this opacity are not divided (the gain {@code 1 / (1 - alpha)} would amplify
 *                 noise more than 6.7 times at the default 0.85) but handed to the fill stage; 0.5-1, start at 0.85
 * @param noise    standard deviation (0-255 levels) of the watermarked image about the blend model: 0 divides
 *                 exactly, a positive value regularises the recovery for that much noise, and {@link #ESTIMATE}
 *                 (the default) measures it per mark, at least {@code minNoise}
 * @param minNoise the least noise an estimate may report: what the input's format is known to add; 0 for lossless
 *                 inputs, {@link #JPEG_NOISE} for JPEG
 */
public record BlendConfig(double maxAlpha, double noise, double minNoise) {

    /** {@link #noise} value that asks for an estimate per mark. */
    public static final double ESTIMATE = -1;
    /**
     * Noise (levels) a JPEG at the usual qualities adds around a sharp-edged mark, relative to the blend. On the dev
     * bench's q90 inputs the recovery was best regularised for 2-3 (in-mark RMSE at 0 / 1 / 2 / 3 / 4 / 6: 4.6 /
     * 3.7 / 3.4 / 3.3 / 3.4 / 3.8, mean of six images; PSNR256 at 1.5 / 2.5 / 4 / 6: 59.52 / 59.57 / 59.17 /
     * 58.47).
     */
    public static final double JPEG_NOISE = 2.5;

    public BlendConfig {
        if (!(maxAlpha >= 0.5 && maxAlpha <= 1)) {
            throw new IllegalArgumentException("max alpha must be 0.5-1, got " + maxAlpha);
        }
        if (!(noise >= 0 || noise == ESTIMATE)) {
            throw new IllegalArgumentException("noise must be >= 0 or ESTIMATE, got " + noise);
        }
        if (!(minNoise >= 0)) {
            throw new IllegalArgumentException("min noise must be >= 0, got " + minNoise);
        }
    }

    /** For lossless inputs: the noise estimated, from 0. */
    public static BlendConfig defaults() {
        return new BlendConfig(0.85, ESTIMATE, 0);
    }

    /** For JPEG (and lossy WebP) inputs: the noise estimated, at least {@link #JPEG_NOISE}. */
    public static BlendConfig lossy() {
        return new BlendConfig(0.85, ESTIMATE, JPEG_NOISE);
    }

    public BlendConfig withMaxAlpha(double a) {
        return new BlendConfig(a, noise, minNoise);
    }

    public BlendConfig withNoise(double sigma) {
        return new BlendConfig(maxAlpha, sigma, minNoise);
    }
}
