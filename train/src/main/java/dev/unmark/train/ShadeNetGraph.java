package dev.unmark.train;

import dev.unmark.fill.ShadeNet;
import java.util.List;

/**
 * The shade network's layers and wiring ({@code dev.unmark.fill.ShadeNet} documents its contract): a small U-Net on
 * the reduced copy, two stride-2 stages and three dilated convolutions at a quarter of the resolution, for a
 * receptive field of about 120 cells, several times a hole's {@value ShadeNet#CELLS}-cell width, so the whole
 * neighbourhood a fill draws from is in view. The head's three channels are added to the diffusion fill. About
 * 0.2 M parameters.
 */
public final class ShadeNetGraph implements NetGraph {

    public static final ShadeNetGraph GRAPH = new ShadeNetGraph();

    private static final int C0 = 32, C1 = 48, C2 = 64;

    private static final List<Layer> LAYERS = List.of(
            new Layer("stem", ShadeNet.CHANNELS, C0, 3, 1, 1, 1),
            new Layer("s1", C0, C0, 3, 1, 1, 1),
            new Layer("d1a", C0, C1, 3, 2, 1, 1),
            new Layer("d1b", C1, C1, 3, 1, 1, 2),
            new Layer("d2a", C1, C2, 3, 2, 1, 2),
            new Layer("d2b", C2, C2, 3, 1, 2, 4),
            new Layer("d2c", C2, C2, 3, 1, 4, 4),
            new Layer("d2d", C2, C2, 3, 1, 8, 4),
            new Layer("u1l", C2, C1, 1, 1, 1, 4),
            new Layer("u1c", C1, C1, 3, 1, 1, 2),
            new Layer("u0l", C1, C0, 1, 1, 1, 2),
            new Layer("u0c", C0, C0, 3, 1, 1, 1),
            new Layer("head", C0, 3, 1, 1, 1, 1));

    private ShadeNetGraph() {
    }

    @Override
    public String name() {
        return "shadenet";
    }

    @Override
    public List<Layer> layers() {
        return LAYERS;
    }

    @Override
    public String inputName() {
        return "x";
    }

    @Override
    public int inputChannels() {
        return ShadeNet.CHANNELS;
    }

    @Override
    public List<String> outputNames() {
        return List.of("residual");
    }

    @Override
    public List<Integer> outputChannels() {
        return List.of(3);
    }

    @Override
    public int multiple() {
        return ShadeNet.MULTIPLE;
    }

    @Override
    public <T> List<T> forward(Ops<T> o, T x) {
        T f0 = o.relu(o.conv(layer("s1"), o.relu(o.conv(layer("stem"), x))));
        T f1 = o.relu(o.conv(layer("d1b"), o.relu(o.conv(layer("d1a"), f0))));
        T f2 = o.relu(o.conv(layer("d2a"), f1));
        f2 = o.relu(o.conv(layer("d2b"), f2));
        f2 = o.relu(o.conv(layer("d2c"), f2));
        f2 = o.relu(o.conv(layer("d2d"), f2));
        T y = o.relu(o.conv(layer("u1c"), o.add(o.up(o.conv(layer("u1l"), f2)), f1)));
        y = o.relu(o.conv(layer("u0c"), o.add(o.up(o.conv(layer("u0l"), y)), f0)));
        return List.of(o.conv(layer("head"), y));
    }
}
