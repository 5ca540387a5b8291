package dev.unmark.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.ParameterList;
import ai.djl.nn.norm.BatchNorm;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Saving and restoring training state, and reading the trained weights out for the export. */
final class Checkpoints {

    /** DJL's BatchNorm default, which the fold must use too. */
    private static final float BN_EPSILON = 1e-5f;

    private Checkpoints() {
    }

    /** Writes {@code NAME-STEP.params} (DJL's parameter format; NAME the graph's) and returns its path. */
    static Path save(GraphBlock block, Path dir, int step) throws IOException {
        Path file = dir.resolve(String.format("%s-%06d.params", block.graph().name(), step));
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(step);
            block.saveParameters(out);
        }
        return file;
    }

    /** The step a checkpoint was saved at. */
    static int step(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            return in.readInt();
        }
    }

    /**
     * Restores parameters saved by {@link #save} into {@code block}'s existing arrays; returns the step they were
     * saved at. The values are copied in place: a trainer keeps the arrays it was initialised with, so a block whose
     * parameters were replaced by new arrays (DJL's {@code loadParameters}) would train the old ones while saving and
     * exporting the loaded ones, unchanged (which is what a first version of this did).
     */
    static int load(GraphBlock block, NDManager manager, Path file) throws IOException {
        GraphBlock loaded = new GraphBlock(block.graph());
        int step;
        try (NDManager scratch = manager.newSubManager();
             DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            step = in.readInt();
            loaded.loadParameters(scratch, in);
            var from = loaded.getParameters();
            var to = block.getParameters();
            for (int k = 0; k < to.size(); k++) {
                ai.djl.ndarray.NDArray target = to.get(k).getValue().getArray();
                ai.djl.ndarray.NDArray source = from.get(to.get(k).getKey()).getArray();
                if (!target.getShape().equals(source.getShape())) {
                    throw new IOException(file + ": parameter " + to.get(k).getKey() + " is " + source.getShape()
                            + ", the network's is " + target.getShape());
                }
                target.set(java.nio.FloatBuffer.wrap(source.toFloatArray()));
            }
        } catch (MalformedModelException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return step;
    }

    /**
     * Each layer's convolution weights with its batch normalisation folded in: {@code w' = w g / sqrt(v + eps)},
     * {@code b' = (b - m) g / sqrt(v + eps) + beta}, using the running mean {@code m} and variance {@code v}.
     */
    static Map<String, OnnxExport.Weights> weights(GraphBlock block) {
        Map<String, OnnxExport.Weights> out = new LinkedHashMap<>();
        for (NetGraph.Layer l : block.graph().layers()) {
            ParameterList p = block.conv(l.name()).getParameters();
            float[] w = p.get("weight").getArray().toFloatArray();
            float[] b = p.get("bias").getArray().toFloatArray();
            BatchNorm bn = block.norm(l.name());
            if (bn != null) {
                ParameterList q = bn.getParameters();
                float[] gamma = q.get("gamma").getArray().toFloatArray();
                float[] beta = q.get("beta").getArray().toFloatArray();
                float[] mean = q.get("runningMean").getArray().toFloatArray();
                float[] var = q.get("runningVar").getArray().toFloatArray();
                int taps = l.kernel() * l.kernel();
                for (int o = 0; o < l.out(); o++) {
                    float k = gamma[o] / (float) Math.sqrt(var[o] + BN_EPSILON);
                    for (int i = 0; i < l.in(); i++) {
                        int base = (o * l.in() + i) * taps;
                        for (int t = 0; t < taps; t++) {
                            w[base + t] *= k;
                        }
                    }
                    b[o] = (b[o] - mean[o]) * k + beta[o];
                }
            }
            out.put(l.name(), new OnnxExport.Weights(w, b));
        }
        return out;
    }
}
