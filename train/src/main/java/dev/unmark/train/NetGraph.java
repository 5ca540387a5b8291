package dev.unmark.train;

import java.util.List;

/**
 * A network's layers and wiring, written once and run by two back ends: DJL for training ({@link GraphBlock}) and
 * the ONNX writer for the shipped model ({@link OnnxExport}). Both networks this module trains are plain stacks of
 * convolutions, ReLUs, nearest upsampling and additions, which is all {@link Ops} offers.
 */
public interface NetGraph {

    /** A 3x3 (or 1x1) convolution; {@code inScale} is its input's downsampling factor. */
    record Layer(String name, int in, int out, int kernel, int stride, int dilation, int inScale) {
        public int padding() {
            return dilation * (kernel / 2);
        }

        /** Every layer but the output heads is batch-normalised in training (folded into the weights on export). */
        public boolean normalised() {
            return !name.equals("head") && !name.equals("matte");
        }
    }

    /** The operations the wiring needs; {@code T} is a tensor (DJL) or a value name (ONNX). */
    interface Ops<T> {
        T conv(Layer layer, T x);

        T relu(T x);

        /** Nearest-neighbour upsampling by 2. */
        T up(T x);

        T add(T a, T b);
    }

    /** Name of the ONNX graph and prefix of the checkpoints. */
    String name();

    List<Layer> layers();

    /** The input's name in the ONNX model and its channel count. */
    String inputName();

    int inputChannels();

    /** The outputs' names in the ONNX model, in {@link #forward}'s order. */
    List<String> outputNames();

    List<Integer> outputChannels();

    /** Input sides must be multiples of this. */
    int multiple();

    <T> List<T> forward(Ops<T> o, T x);

    default Layer layer(String name) {
        for (Layer l : layers()) {
            if (l.name().equals(name)) {
                return l;
            }
        }
        throw new IllegalArgumentException("no layer " + name + " in " + name());
    }
}
