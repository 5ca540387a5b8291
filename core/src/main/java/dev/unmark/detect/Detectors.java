package dev.unmark.detect;

import dev.unmark.UnmarkException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of watermark detectors by lower-case name. */
public final class Detectors {

    private static final Map<String, Supplier<WatermarkDetector>> DETECTORS = new LinkedHashMap<>();

    static {
        DETECTORS.put("none", NoDetector::new);
        DETECTORS.put("contours", ContourDetector::new);
        DETECTORS.put("text", TextDetector::new);
        DETECTORS.put("tiled", TiledDetector::new);
        // For now "auto" is the contour detector; later issues make it choose per image (tiled, coloured
        // and learned detectors).
        DETECTORS.put("auto", ContourDetector::new);
    }

    private Detectors() {
    }

    /** The detector registered as {@code name}; an unknown name fails with the list of valid ones. */
    public static WatermarkDetector create(String name) {
        Supplier<WatermarkDetector> s = DETECTORS.get(name.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new UnmarkException("unknown detector '" + name + "'; valid: " + String.join(", ", names()));
        }
        return s.get();
    }

    public static Iterable<String> names() {
        return DETECTORS.keySet();
    }
}
