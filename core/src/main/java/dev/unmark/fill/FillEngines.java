package dev.unmark.fill;

import dev.unmark.UnmarkException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The registry of fill engines by lower-case name. Besides the built-in engines, {@code deepfill}, {@code lama}
 * and {@code migan} run a network from a model file the caller names (see {@link NetContract}).
 */
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

    /**
     * The engine registered as {@code name}; an unknown name fails with the list of valid ones. A network engine
     * takes its model file from its environment variable ({@link NetContract#environmentVariable()}).
     */
    public static FillEngine create(String name) {
        return create(name, null);
    }

    /**
     * The engine registered as {@code name}, running {@code model} when it is a network engine ({@code deepfill},
     * {@code lama}, {@code migan}); {@code model} null takes the engine's environment variable.
     *
     * @throws UnmarkException for an unknown name, a model given to an engine that takes none, or a model file that
     *                         is missing or does not fit the engine
     */
    public static FillEngine create(String name, Path model) {
        String key = name.toLowerCase(Locale.ROOT);
        NetContract net = NetContract.byKey(key).orElse(null);
        if (net != null) {
            return OnnxInpaintFill.load(net, model != null ? model : net.defaultModel(System::getenv));
        }
        if (model != null && ENGINES.containsKey(key)) {
            throw new UnmarkException("fill engine '" + name + "' takes no model file; the network engines do: "
                    + networkNames());
        }
        Supplier<FillEngine> s = ENGINES.get(key);
        if (s == null) {
            throw new UnmarkException("unknown fill engine '" + name + "'; valid: " + String.join(", ", names()));
        }
        return s.get();
    }

    public static Iterable<String> names() {
        List<String> all = new ArrayList<>(ENGINES.keySet());
        for (NetContract c : NetContract.values()) {
            all.add(c.key());
        }
        return all;
    }

    private static String networkNames() {
        List<String> keys = new ArrayList<>();
        for (NetContract c : NetContract.values()) {
            keys.add(c.key());
        }
        return String.join(", ", keys);
    }
}
