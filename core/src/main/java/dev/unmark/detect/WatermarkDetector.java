package dev.unmark.detect;

import dev.unmark.image.Image;

/**
 * Finds watermarks in one image. Implementations are registered by a lower-case name in {@link Detectors}.
 * They must be safe to call from several threads at once.
 */
public interface WatermarkDetector {

    /** The registry name, e.g. {@code "contours"}. */
    String name();

    /** Detects; returns an empty detection (never null) on a clean image. */
    Detection detect(Image image);
}
