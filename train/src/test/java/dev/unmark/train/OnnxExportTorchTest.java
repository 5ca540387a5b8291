package dev.unmark.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The exported ONNX graph computes what the trained DJL block computes in inference mode (batch normalisation
 * folded into the convolutions). Needs the PyTorch native library: runs under {@code -Ptrain} only.
 */
class OnnxExportTorchTest {

    @Test
    void exportedGraphMatchesTheTrainedBlock() throws Exception {
        int side = 64;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] x = new float[2 * 3 * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-0.5, 0.5);
        }
        GraphBlock block = new GraphBlock(MarkNetGraph.GRAPH);
        float[] logitDjl, matteDjl;
        try (Model model = Model.newInstance("marknet", "PyTorch")) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(2, 3, side, side));
                // A few steps so the running statistics and affine parameters are not the identity.
                for (int k = 0; k < 3; k++) {
                    try (NDManager m = trainer.getManager().newSubManager();
                         GradientCollector gc = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(m.create(x, new Shape(2, 3, side, side))));
                        gc.backward(out.get(0).mean().add(out.get(1).abs().mean()));
                    }
                    trainer.step();
                }
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray one = m.create(java.util.Arrays.copyOf(x, 3 * side * side), new Shape(1, 3, side, side));
                    NDList out = trainer.evaluate(new NDList(one));
                    logitDjl = out.get(0).toFloatArray();
                    matteDjl = out.get(1).toFloatArray();
                }
            }
            byte[] onnx = OnnxExport.toOnnx(MarkNetGraph.GRAPH, Checkpoints.weights(block));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                 OnnxTensor in = OnnxTensor.createTensor(env,
                         FloatBuffer.wrap(java.util.Arrays.copyOf(x, 3 * side * side)), new long[] {1, 3, side, side});
                 OrtSession.Result r = session.run(Map.of("image", in))) {
                float[] logit = new float[side * side], matte = new float[4 * side * side];
                ((OnnxTensor) r.get("logit").orElseThrow()).getFloatBuffer().get(logit);
                ((OnnxTensor) r.get("matte").orElseThrow()).getFloatBuffer().get(matte);
                assertThat(maxDiff(logit, logitDjl)).isLessThan(1e-3f);
                assertThat(maxDiff(matte, matteDjl)).isLessThan(1e-3f);
            }
        }
    }

    /** The same for the shade network: a 7-channel input, one 3-channel output, two stages instead of four. */
    @Test
    void exportedShadeGraphMatchesTheTrainedBlock() throws Exception {
        int side = 32, ch = ShadeNetGraph.GRAPH.inputChannels();
        SplittableRandom rnd = new SplittableRandom(6);
        float[] x = new float[2 * ch * side * side];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-0.5, 0.5);
        }
        GraphBlock block = new GraphBlock(ShadeNetGraph.GRAPH);
        float[] djl;
        try (Model model = Model.newInstance("shadenet", "PyTorch")) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(2, ch, side, side));
                for (int k = 0; k < 3; k++) {
                    try (NDManager m = trainer.getManager().newSubManager();
                         GradientCollector gc = trainer.newGradientCollector()) {
                        NDList out = trainer.forward(new NDList(m.create(x, new Shape(2, ch, side, side))));
                        gc.backward(out.get(0).abs().mean());
                    }
                    trainer.step();
                }
                try (NDManager m = trainer.getManager().newSubManager()) {
                    NDArray one = m.create(java.util.Arrays.copyOf(x, ch * side * side), new Shape(1, ch, side, side));
                    djl = trainer.evaluate(new NDList(one)).get(0).toFloatArray();
                }
            }
            byte[] onnx = OnnxExport.toOnnx(ShadeNetGraph.GRAPH, Checkpoints.weights(block));
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                 OnnxTensor in = OnnxTensor.createTensor(env,
                         FloatBuffer.wrap(java.util.Arrays.copyOf(x, ch * side * side)),
                         new long[] {1, ch, side, side});
                 OrtSession.Result r = session.run(Map.of("x", in))) {
                float[] residual = new float[3 * side * side];
                ((OnnxTensor) r.get("residual").orElseThrow()).getFloatBuffer().get(residual);
                assertThat(maxDiff(residual, djl)).isLessThan(1e-3f);
            }
        }
    }

    /**
     * A resumed run trains, saves and exports the parameters it loaded (a trainer keeps the arrays it was
     * initialised with: replacing them left the checkpoints frozen at the resumed values while training went on from
     * random weights).
     */
    @Test
    void aResumedRunTrainsTheLoadedParameters(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        int side = 32;
        float[] x = new float[3 * side * side];
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) rnd.nextDouble(-0.5, 0.5);
        }
        java.nio.file.Path saved;
        float[] before;
        GraphBlock first = new GraphBlock(MarkNetGraph.GRAPH);
        try (Model model = Model.newInstance("a", "PyTorch")) {
            model.setBlock(first);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(1, 3, side, side));
                step(trainer, x, side);
                saved = Checkpoints.save(first, dir, 7);
                before = evaluate(trainer, x, side);
            }
        }
        GraphBlock second = new GraphBlock(MarkNetGraph.GRAPH);
        try (Model model = Model.newInstance("b", "PyTorch")) {
            model.setBlock(second);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()))) {
                trainer.initialize(new Shape(1, 3, side, side));
                assertThat(Checkpoints.load(second, trainer.getManager(), saved)).isEqualTo(7);
                // the trainer computes with what was loaded ...
                assertThat(maxDiff(evaluate(trainer, x, side), before)).isLessThan(1e-5f);
                float[] loadedStem = second.conv("stem").getParameters().get("weight").getArray().toFloatArray();
                step(trainer, x, side);
                // ... and what it trains is what a checkpoint saves and the export reads
                float[] trainedStem = second.conv("stem").getParameters().get("weight").getArray().toFloatArray();
                assertThat(maxDiff(trainedStem, loadedStem)).isGreaterThan(0f);
            }
        }
    }

    private static void step(Trainer trainer, float[] x, int side) {
        try (NDManager m = trainer.getManager().newSubManager();
             GradientCollector gc = trainer.newGradientCollector()) {
            NDList out = trainer.forward(new NDList(m.create(x, new Shape(1, 3, side, side))));
            gc.backward(out.get(0).mean().add(out.get(1).abs().mean()));
        }
        trainer.step();
    }

    private static float[] evaluate(Trainer trainer, float[] x, int side) {
        try (NDManager m = trainer.getManager().newSubManager()) {
            return trainer.evaluate(new NDList(m.create(x, new Shape(1, 3, side, side)))).get(0).toFloatArray();
        }
    }

    private static float maxDiff(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        float d = 0;
        for (int i = 0; i < a.length; i++) {
            d = Math.max(d, Math.abs(a[i] - b[i]));
        }
        return d;
    }
}
