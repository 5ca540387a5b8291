package dev.unmark.fill;

import dev.unmark.UnmarkException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The registry of fill engines by lower-case name. */
public final class FillEngines {

    private static final Map<String, Supplier<FillEngine>> ENGINES = new LinkedHashMap<>();

    static {
        // "auto" picks per hole: diffusion for thin strokes, the exemplar fill (or a network) for wide ones.
        ENGINES.put("auto", AutoFill::defaults);
        ENGINES.put("telea", OpenCvInpaintFill::telea);
        ENGINES.put("ns", OpenCvInpaintFill::navierStokes);
        ENGINES.put("patch", PatchMatchFill::defaults);
    }

    private FillEngines() {
    }

    /** The engine registered as {@code name}; an unknown name fails with the list of valid ones. */
    public static FillEngine create(String name) {
        Supplier<FillEngine> s = ENGINES.get(name.toLowerCase(java.util.Locale.ROOT));
        if (s == null) {
            throw new UnmarkException("unknown fill engine '" + name + "'; valid: " + String.join(", ", names()));
        }
        return s.get();
    }

    public static Iterable<String> names() {
        return ENGINES.keySet();
    }
}
