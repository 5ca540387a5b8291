package dev.unmark.fill;

import dev.unmark.testing.TinyNets;
import dev.unmark.testing.TinyNets.Kind;
import java.nio.file.Path;

/**
 * The fill contract for {@code lama}, on a SMOOTH stand-in network with LaMa's inputs and outputs.
 */
class LamaNetFillTest extends FillEngineContract {

    private static final Path MODEL = TinyNets.lama(new Object[] {128, 128}, Kind.SMOOTH, 255f).writeTemporary();

    @Override
    protected FillEngine engine() {
        return FillEngines.create("lama", MODEL);
    }
}
