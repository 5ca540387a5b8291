package dev.unmark.detect;

import dev.unmark.UnmarkException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
        DETECTORS.put("logo", LogoDetector::new);
        DETECTORS.put("net", NetDetector::new);
        // "auto" joins the detectors whose false positives on clean photos are rare (see docs/BENCHMARKS.md):
        // text lines that one overlay explains, and stock-site grids. The contour detector finds more marks but
        // also texture (grass, fur), so it is left out until it can tell them apart.
        // The network adds the marks it is sure of (mean probability 0.9 or more), mostly logos.
        DETECTORS.put("auto", () -> new CombinedDetector("auto",
                List.of(new TextDetector(), new TiledDetector(), new NetDetector())));
    }

    private Detectors() {
    }

    /**
     * The detector registered as {@code name}, or for a comma-separated list ({@code "text,tiled"}) one that runs
     * each and joins their results; an unknown name fails with the list of valid ones.
     */
    public static WatermarkDetector create(String name) {
        if (name.indexOf(',') >= 0) {
            List<WatermarkDetector> members = new ArrayList<>();
            for (String part : name.split(",")) {
                members.add(create(part.trim()));
            }
            return new CombinedDetector(name.toLowerCase(Locale.ROOT), members);
        }
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
