package dev.unmark.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link NetGraph} as a DJL block, for training. Every convolution but the heads is followed by batch
 * normalisation, which makes these plain stacks of convolutions train in a few thousand steps; the export folds it
 * into the convolution's weights, so the shipped graph has none.
 */
final class GraphBlock extends AbstractBlock {

    /** PyTorch's interpolation mode for nearest neighbour, as DJL's JNI numbers them. */
    private static final int NEAREST = 0;

    private final NetGraph graph;
    private final Map<String, Conv2d> convs = new LinkedHashMap<>();
    private final Map<String, BatchNorm> norms = new LinkedHashMap<>();

    GraphBlock(NetGraph graph) {
        this.graph = graph;
        for (NetGraph.Layer l : graph.layers()) {
            Conv2d c = Conv2d.builder()
                    .setKernelShape(new Shape(l.kernel(), l.kernel()))
                    .setFilters(l.out())
                    .optStride(new Shape(l.stride(), l.stride()))
                    .optPadding(new Shape(l.padding(), l.padding()))
                    .optDilation(new Shape(l.dilation(), l.dilation()))
                    .build();
            convs.put(l.name(), addChildBlock(l.name(), c));
            if (l.normalised()) {
                norms.put(l.name(), addChildBlock(l.name() + "_bn", BatchNorm.builder().build()));
            }
        }
    }

    NetGraph graph() {
        return graph;
    }

    /** The convolution of a layer (its parameters are read for the export). */
    Conv2d conv(String name) {
        return convs.get(name);
    }

    /** The normalisation after a layer, or null (the head). */
    BatchNorm norm(String name) {
        return norms.get(name);
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NetGraph.Ops<NDArray> ops = new NetGraph.Ops<>() {
            @Override
            public NDArray conv(NetGraph.Layer layer, NDArray x) {
                NDList y = convs.get(layer.name()).forward(store, new NDList(x), training);
                BatchNorm bn = norms.get(layer.name());
                NDArray r = (bn == null ? y : bn.forward(store, y, training)).singletonOrThrow();
                return r;
            }

            @Override
            public NDArray relu(NDArray x) {
                return Activation.relu(x);
            }

            @Override
            public NDArray up(NDArray x) {
                // PyTorch's own nearest upsampling keeps the tensor's memory format (channels-last stays
                // channels-last, see MarkTrain); repeat() would copy it back to channels-first.
                Shape s = x.getShape();
                return JniUtils.interpolate((PtNDArray) x, new long[] {2 * s.get(2), 2 * s.get(3)}, NEAREST, false);
            }

            @Override
            public NDArray add(NDArray a, NDArray b) {
                return a.add(b);
            }
        };
        return new NDList(graph.forward(ops, inputs.singletonOrThrow()));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputs) {
        Shape s = inputs[0];
        return graph.outputChannels().stream()
                .map(c -> new Shape(s.get(0), c, s.get(2), s.get(3)))
                .toArray(Shape[]::new);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape s = inputShapes[0];
        for (NetGraph.Layer l : graph.layers()) {
            Shape in = new Shape(s.get(0), l.in(), s.get(2) / l.inScale(), s.get(3) / l.inScale());
            Conv2d c = convs.get(l.name());
            c.initialize(manager, dataType, in);
            if (l.normalised()) {
                norms.get(l.name()).initialize(manager, dataType, c.getOutputShapes(new Shape[] {in}));
            }
        }
    }
}
