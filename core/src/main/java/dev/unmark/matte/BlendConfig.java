package dev.unmark.matte;

/**
 * How {@link ReverseBlend} inverts a blend.
 *
 * @param maxAlpha pixels at or above this opacity are not divided (the gain {@code 1 / (1 - alpha)} would amplify
 *                 noise more than 6.7 times at the default 0.85) but handed to the fill stage; 0.5-1, start at 0.85
 * @param noise    standard deviation (0-255 levels) of the watermarked image about the blend model: 0 divides
 *                 exactly (lossless inputs), a positive value regularises the recovery for that much noise, and
 *                 {@link #ESTIMATE} (the default) measures it per mark; JPEG q90 typically measures 1-3
 */
public record BlendConfig(double maxAlpha, double noise) {

    /** {@link #noise} value that asks for an estimate per mark. */
    public static final double ESTIMATE = -1;

    public BlendConfig {
        if (!(maxAlpha >= 0.5 && maxAlpha <= 1)) {
            throw new IllegalArgumentException("max alpha must be 0.5-1, got " + maxAlpha);
        }
        if (!(noise >= 0 || noise == ESTIMATE)) {
            throw new IllegalArgumentException("noise must be >= 0 or ESTIMATE, got " + noise);
        }
    }

    public static BlendConfig defaults() {
        return new BlendConfig(0.85, ESTIMATE);
    }

    public BlendConfig withMaxAlpha(double a) {
        return new BlendConfig(a, noise);
    }

    public BlendConfig withNoise(double sigma) {
        return new BlendConfig(maxAlpha, sigma);
    }
}
