/**
 * Watermark detection: a {@link dev.unmark.detect.WatermarkDetector} turns one image into a
 * {@link dev.unmark.detect.Detection}, the pixel mask to remove plus the {@link dev.unmark.detect.Region}s it is
 * made of. Detectors are looked up by name in {@link dev.unmark.detect.Detectors}: {@code none} (the user gives
 * the mask), {@code contours} ({@link dev.unmark.detect.ContourDetector}: neutral semi-transparent overlays
 * found against the local background), {@code text} ({@link dev.unmark.detect.TextDetector}: text lines from
 * PP-OCR's DBNet, then the stroke pixels inside them) and {@code auto} (currently the same as {@code contours}).
 */
package dev.unmark.detect;
