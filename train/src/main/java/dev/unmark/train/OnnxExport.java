package dev.unmark.train;

import dev.unmark.internal.OnnxGraph;
import dev.unmark.internal.OnnxGraph.Attribute;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link NetGraph} with trained weights as an ONNX model: one float32 input [1, C, H, W] and one float32
 * output [1, C', H, W] per head, named as the graph names them. {@link MarkNetGraph} gives the contract
 * {@code dev.unmark.detect.MarkNet} reads (input {@code image}, RGB / 255 - 0.5, H and W multiples of 16; outputs
 * {@code logit} [1, 1, H, W] and {@code matte} [1, 4, H, W]); {@link ShadeNetGraph} the one of
 * {@code dev.unmark.fill.ShadeNet}.
 */
final class OnnxExport {

    /** A layer's weights: {@code weight} is out x in x k x k, row-major, as DJL and ONNX both store them. */
    record Weights(float[] weight, float[] bias) {
    }

    private OnnxExport() {
    }

    static byte[] toOnnx(NetGraph graph, Map<String, Weights> weights) {
        OnnxGraph g = new OnnxGraph(graph.name(), "unmark train");
        String x = g.input(graph.inputName(), OnnxGraph.FLOAT, 1, graph.inputChannels(), "h", "w");
        String scales = g.floats(new long[] {4}, 1f, 1f, 2f, 2f);
        NetGraph.Ops<String> ops = new NetGraph.Ops<>() {
            @Override
            public String conv(NetGraph.Layer l, String in) {
                Weights w = weights.get(l.name());
                if (w == null || w.weight().length != l.out() * l.in() * l.kernel() * l.kernel()
                        || w.bias().length != l.out()) {
                    throw new IllegalArgumentException("weights of layer " + l.name() + " missing or mis-sized");
                }
                String wt = g.floats(new long[] {l.out(), l.in(), l.kernel(), l.kernel()}, w.weight());
                String b = g.floats(new long[] {l.out()}, w.bias());
                int p = l.padding();
                return g.node("Conv", List.of(in, wt, b), List.of(
                        Attribute.ints("kernel_shape", l.kernel(), l.kernel()),
                        Attribute.ints("strides", l.stride(), l.stride()),
                        Attribute.ints("pads", p, p, p, p),
                        Attribute.ints("dilations", l.dilation(), l.dilation())));
            }

            @Override
            public String relu(String in) {
                return g.node("Relu", in);
            }

            @Override
            public String up(String in) {
                return g.node("Resize", List.of(in, "", scales), List.of(
                        Attribute.of("mode", "nearest"),
                        Attribute.of("coordinate_transformation_mode", "asymmetric"),
                        Attribute.of("nearest_mode", "floor")));
            }

            @Override
            public String add(String a, String b) {
                return g.node("Add", a, b);
            }
        };
        List<String> out = graph.forward(ops, x);
        for (int k = 0; k < out.size(); k++) {
            g.output(out.get(k), graph.outputNames().get(k), OnnxGraph.FLOAT, 1, graph.outputChannels().get(k),
                    "h", "w");
        }
        return g.toBytes();
    }
}
