package dev.unmark.fill;

import dev.unmark.testing.TinyNets;
import dev.unmark.testing.TinyNets.Kind;
import java.nio.file.Path;

/**
 * The fill contract for {@code deepfill}, on a SMOOTH stand-in network with DeepFill v2's inputs and outputs (the ailia export's).
 */
class DeepFillNetFillTest extends FillEngineContract {

    private static final Path MODEL = TinyNets.deepFill(128, Kind.SMOOTH).writeTemporary();

    @Override
    protected FillEngine engine() {
        return FillEngines.create("deepfill", MODEL);
    }
}
