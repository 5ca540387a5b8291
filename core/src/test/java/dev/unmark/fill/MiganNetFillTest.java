package dev.unmark.fill;

import dev.unmark.testing.TinyNets;
import dev.unmark.testing.TinyNets.Kind;
import java.nio.file.Path;

/**
 * The fill contract for {@code migan}, on a SMOOTH stand-in network with MI-GAN's inputs and outputs; its sides are dynamic, so it sees 512 x 512 windows.
 */
class MiganNetFillTest extends FillEngineContract {

    private static final Path MODEL = TinyNets.migan(Kind.SMOOTH).writeTemporary();

    @Override
    protected FillEngine engine() {
        return FillEngines.create("migan", MODEL);
    }
}
