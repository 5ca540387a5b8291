package dev.unmark.train;

import java.util.List;

/**
 * The mark segmentation network's layers and wiring, written once and run by two back ends: DJL for training
 * ({@link GraphBlock}) and the ONNX writer for the shipped model ({@link OnnxExport}).
 *
 * <p>A small U-Net: a full-resolution stem (thin strokes are 1-3 px), four stride-2 stages to 1/16 with two dilated
 * convolutions at the bottom (a receptive field of about 300 px, so the inside of a large logo is judged with its
 * outline in view), and a decoder that upsamples (nearest) and adds the encoder's features (addition instead of
 * concatenation keeps the full-resolution stages cheap). The output is one logit per pixel: "this pixel was moved
 * by the watermark" (the benchmark's CLWD rule). About 0.6 M parameters and 25 kFLOP per pixel.
 */
public final class MarkNetGraph implements NetGraph {

    /** The one instance, for code that takes any {@link NetGraph}. */
    public static final MarkNetGraph GRAPH = new MarkNetGraph();

    /** Input sides must be multiples of this. */
    public static final int MULTIPLE = 16;

    // Channel counts are multiples of 16: with 12 full-resolution channels PyTorch's CPU convolution (oneDNN,
    // blocked by 16) returned NaN input gradients in about one run of three.
    private static final int C0 = 16, C1 = 32, C2 = 64, C3 = 96, C4 = 128;

    public static final List<Layer> LAYERS = List.of(
            new Layer("stem", 3, C0, 3, 1, 1, 1),
            new Layer("d1a", C0, C1, 3, 2, 1, 1),
            new Layer("d1b", C1, C1, 3, 1, 1, 2),
            new Layer("d2a", C1, C2, 3, 2, 1, 2),
            new Layer("d2b", C2, C2, 3, 1, 1, 4),
            new Layer("d3a", C2, C3, 3, 2, 1, 4),
            new Layer("d3b", C3, C3, 3, 1, 1, 8),
            new Layer("d4a", C3, C4, 3, 2, 1, 8),
            new Layer("d4b", C4, C4, 3, 1, 2, 16),
            new Layer("d4c", C4, C4, 3, 1, 4, 16),
            new Layer("u3l", C4, C3, 1, 1, 1, 16),
            new Layer("u3c", C3, C3, 3, 1, 1, 8),
            new Layer("u2l", C3, C2, 1, 1, 1, 8),
            new Layer("u2c", C2, C2, 3, 1, 1, 4),
            new Layer("u1l", C2, C1, 1, 1, 1, 4),
            new Layer("u1c", C1, C1, 3, 1, 1, 2),
            new Layer("u0l", C1, C0, 1, 1, 1, 2),
            new Layer("u0c", C0, C0, 3, 1, 1, 1),
            new Layer("head", C0, 1, 1, 1, 1, 1),
            new Layer("matte", C0, 4, 1, 1, 1, 1));

    private MarkNetGraph() {
    }

    @Override
    public String name() {
        return "marknet";
    }

    @Override
    public List<Layer> layers() {
        return LAYERS;
    }

    @Override
    public String inputName() {
        return "image";
    }

    @Override
    public int inputChannels() {
        return 3;
    }

    @Override
    public List<String> outputNames() {
        return List.of("logit", "matte");
    }

    @Override
    public List<Integer> outputChannels() {
        return List.of(1, 4);
    }

    @Override
    public int multiple() {
        return MULTIPLE;
    }

    /**
     * The network on input {@code x} (N x 3 x H x W, RGB / 255 - 0.5). Returns two outputs: the mask logits (N x 1
     * x H x W) and the matte logits (N x 4 x H x W: the blend's opacity and its colour's R, G, B, each through a
     * sigmoid, the colour then times 255).
     */
    @Override
    public <T> List<T> forward(Ops<T> o, T x) {
        T f0 = block(o, x, "stem", null);
        T f1 = block(o, f0, "d1a", "d1b");
        T f2 = block(o, f1, "d2a", "d2b");
        T f3 = block(o, f2, "d3a", "d3b");
        T f4 = o.relu(o.conv(layer("d4c"), block(o, f3, "d4a", "d4b")));
        T y = merge(o, f4, f3, "u3l", "u3c");
        y = merge(o, y, f2, "u2l", "u2c");
        y = merge(o, y, f1, "u1l", "u1c");
        y = merge(o, y, f0, "u0l", "u0c");
        return List.of(o.conv(layer("head"), y), o.conv(layer("matte"), y));
    }

    private <T> T block(Ops<T> o, T x, String first, String second) {
        T y = o.relu(o.conv(layer(first), x));
        return second == null ? y : o.relu(o.conv(layer(second), y));
    }

    private <T> T merge(Ops<T> o, T deep, T skip, String lateral, String conv) {
        return o.relu(o.conv(layer(conv), o.add(o.up(o.conv(layer(lateral), deep)), skip)));
    }
}
