package dev.unmark.testing;

import dev.unmark.internal.OnnxGraph;
import dev.unmark.internal.OnnxGraph.Attribute;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Stand-ins for the real inpainting networks: tiny ONNX graphs with exactly the inputs and outputs of DeepFill v2
 * (ailia export), LaMa ({@code lama_fp32.onnx} and stacked exports) and MI-GAN ({@code migan_pipeline_v2.onnx}),
 * whose answers are simple functions of their inputs, so a test can predict every pixel. Each works in its
 * contract's units and channel order, so a plumbing mistake (range, BGR versus RGB, mask polarity) shows up in
 * the result.
 *
 * <p>{@link #main} writes the models used outside core's tests (the committed fixture, the timing runs in
 * docs/FILL-MODELS.md).
 */
public final class TinyNets {

    /** What a stand-in network puts in the holes. */
    public enum Kind {
        /** One colour in every hole; known pixels come back unchanged. */
        CONSTANT,
        /**
         * Normalised convolution of the known pixels (Knutsson and Westin 1993) with a 31 x 31 box: the mean of
         * the known pixels nearby, a crude but smooth inpainting; known pixels come back unchanged.
         */
        SMOOTH,
        /** One colour everywhere, the known pixels too: a network with a colour cast. */
        CAST
    }

    /** Half the box of {@link Kind#SMOOTH}: holes up to this deep get a value. */
    public static final int SMOOTH_RADIUS = 15;

    private TinyNets() {
    }

    /**
     * DeepFill v2's contract: input {@code x} 1 x 5 x side x side, outputs coarse and refined. The fill multiplies
     * the colour by the plane of ones, so a missing ones plane shows.
     *
     * @param colour for CONSTANT and CAST, in the network's units and plane order: B, G, R in [-1, 1]
     */
    public static OnnxGraph deepFill(int side, Kind kind, float... colour) {
        OnnxGraph g = new OnnxGraph();
        String x = g.input("x", OnnxGraph.FLOAT, 1, 5, side, side);
        String image = g.planes(x, 0, 3);
        String ones = g.planes(x, 3, 4);
        String hole = g.planes(x, 4, 5);
        String fill = fill(g, kind, image, hole, colour);
        String refined = compose(g, kind, image, g.node("Mul", hole, ones), fill);
        g.output(image, "coarse", OnnxGraph.FLOAT, 1, 3, side, side);
        g.output(refined, "refined", OnnxGraph.FLOAT, 1, 3, side, side);
        return g;
    }

    /**
     * LaMa's two-input contract: {@code image} 1 x 3 x H x W in [0, 1] and {@code mask} 1 x 1 x H x W (1 = hole),
     * output multiplied by {@code outputScale} (255 as in {@code lama_fp32.onnx}, or 1).
     *
     * @param dims   H and W: numbers, or strings for dynamic dimensions
     * @param colour for CONSTANT and CAST: R, G, B in [0, 1]
     */
    public static OnnxGraph lama(Object[] dims, Kind kind, float outputScale, float... colour) {
        OnnxGraph g = new OnnxGraph();
        String raw = g.input("image", OnnxGraph.FLOAT, 1, 3, dims[0], dims[1]);
        String hole = g.input("mask", OnnxGraph.FLOAT, 1, 1, dims[0], dims[1]);
        // LaMa's own code zeroes the holes before the generator; a caller that forgot would leak them here.
        String image = g.node("Mul", raw, g.node("Sub", g.scalar(1f), hole));
        return lamaOutput(g, image, hole, kind, outputScale, colour, dims);
    }

    /** LaMa with image and mask stacked into one input {@code input} of 1 x 4 x side x side. */
    public static OnnxGraph lamaStacked(int side, Kind kind, float outputScale, float... colour) {
        OnnxGraph g = new OnnxGraph();
        String x = g.input("input", OnnxGraph.FLOAT, 1, 4, side, side);
        return lamaOutput(g, g.planes(x, 0, 3), g.planes(x, 3, 4), kind, outputScale, colour,
                new Object[] {side, side});
    }

    private static OnnxGraph lamaOutput(OnnxGraph g, String image, String hole, Kind kind, float outputScale,
                                        float[] colour, Object[] dims) {
        String result = compose(g, kind, image, hole, fill(g, kind, image, hole, colour));
        g.output(g.node("Mul", result, g.scalar(outputScale)), "output", OnnxGraph.FLOAT, 1, 3, dims[0], dims[1]);
        return g;
    }

    /**
     * MI-GAN's pipeline contract: uint8 {@code image} N x 3 x H x W and {@code mask} N x 1 x H x W (255 = known,
     * 0 = hole), uint8 {@code result}; all spatial dimensions dynamic.
     *
     * @param colour for CONSTANT and CAST: R, G, B on the 0-255 scale
     */
    public static OnnxGraph migan(Kind kind, float... colour) {
        OnnxGraph g = new OnnxGraph();
        String rawImage = g.input("image", OnnxGraph.UINT8, "batch", 3, "height", "width");
        String rawMask = g.input("mask", OnnxGraph.UINT8, "batch", 1, "height", "width");
        String known = g.node("Div", toFloat(g, rawMask), g.scalar(255f));
        String hole = g.node("Sub", g.scalar(1f), known);
        String image = g.node("Mul", toFloat(g, rawImage), known);
        String result = compose(g, kind, image, hole, fill(g, kind, image, hole, colour));
        String rounded = g.node("Add", result, g.scalar(0.5f)); // Cast truncates
        g.output(g.node("Cast", List.of(rounded), List.of(Attribute.of("to", OnnxGraph.UINT8))), "result",
                OnnxGraph.UINT8, "batch", 3, "height", "width");
        return g;
    }

    private static String toFloat(OnnxGraph g, String x) {
        return g.node("Cast", List.of(x), List.of(Attribute.of("to", OnnxGraph.FLOAT)));
    }

    /** What goes in the holes, 1 x 3 x H x W or broadcastable. */
    private static String fill(OnnxGraph g, Kind kind, String image, String hole, float[] colour) {
        if (kind == Kind.SMOOTH) {
            String known = g.node("Sub", g.scalar(1f), hole);
            String sum = box(g, g.node("Mul", image, known));
            String weight = box(g, known);
            return g.node("Div", sum, g.node("Max", weight, g.scalar(1e-6f)));
        }
        if (colour.length != 3) {
            throw new IllegalArgumentException("a constant fill needs 3 values, got " + colour.length);
        }
        return g.floats(new long[] {1, 3, 1, 1}, colour);
    }

    /** Known pixels kept and {@code fill} in the holes; for CAST the fill everywhere. */
    private static String compose(OnnxGraph g, Kind kind, String image, String hole, String fill) {
        if (kind == Kind.CAST) {
            return g.node("Add", g.node("Mul", image, g.scalar(0f)), fill);
        }
        return g.node("Add", g.node("Mul", image, g.node("Sub", g.scalar(1f), hole)), g.node("Mul", hole, fill));
    }

    /** A separable (2r+1)-square box average with zero padding. */
    private static String box(OnnxGraph g, String x) {
        int k = 2 * SMOOTH_RADIUS + 1;
        String rows = g.node("AveragePool", List.of(x), List.of(Attribute.ints("kernel_shape", 1, k),
                Attribute.ints("pads", 0, SMOOTH_RADIUS, 0, SMOOTH_RADIUS)));
        return g.node("AveragePool", List.of(rows), List.of(Attribute.ints("kernel_shape", k, 1),
                Attribute.ints("pads", SMOOTH_RADIUS, 0, SMOOTH_RADIUS, 0)));
    }

    /** The fixture the CLI and bench tests run: LaMa's contract, 64 x 64, SMOOTH, answering on 0-255. */
    public static OnnxGraph fixture() {
        return lama(new Object[] {64, 64}, Kind.SMOOTH, 255f);
    }

    /**
     * Writes the fixture and the timing models of docs/FILL-MODELS.md into the folder given as the only argument:
     * {@code lama-smooth-64.onnx} (the fixture), SMOOTH models at the real networks' sizes
     * ({@code deepfill-smooth-256.onnx}, {@code deepfill-smooth-512.onnx}, {@code lama-smooth-512.onnx},
     * {@code migan-smooth.onnx}) and {@code lama-constant-512.onnx}, whose inference is next to free, to time the
     * window handling alone.
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: TinyNets OUTPUT_FOLDER");
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        fixture().write(dir.resolve("lama-smooth-64.onnx"));
        deepFill(256, Kind.SMOOTH).write(dir.resolve("deepfill-smooth-256.onnx"));
        deepFill(512, Kind.SMOOTH).write(dir.resolve("deepfill-smooth-512.onnx"));
        lama(new Object[] {512, 512}, Kind.SMOOTH, 255f).write(dir.resolve("lama-smooth-512.onnx"));
        migan(Kind.SMOOTH).write(dir.resolve("migan-smooth.onnx"));
        lama(new Object[] {512, 512}, Kind.CONSTANT, 255f, 0.5f, 0.5f, 0.5f).write(dir.resolve("lama-constant-512.onnx"));
    }
}
