package dev.unmark.fill;

class NavierStokesFillTest extends FillEngineContract {

    @Override
    protected FillEngine engine() {
        return FillEngines.create("ns");
    }
}
