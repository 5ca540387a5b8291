package dev.unmark.train;

import static dev.unmark.train.TrainSupport.channelsLast;
import static dev.unmark.train.TrainSupport.log;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import dev.unmark.fill.ShadeNet;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * Trains the shade network ({@link ShadeNetGraph}) on clean photos with watermark-shaped holes ({@link ShadeSynth}):
 * the squared error of the diffusion fill plus residual against the clean cells, over the hole's cells. Squared error,
 * because its optimum is the expected value, which is what a fill scored by RMSE should predict where the content
 * cannot be known. Same command line as {@link MarkTrain} ({@code --side} is the window in cells, default 64 here);
 * writes {@code shadenet.onnx} after every evaluation.
 */
public final class ShadeTrain {

    private ShadeTrain() {
    }

    public static void main(String[] args) throws Exception {
        List<String> a = new ArrayList<>(List.of(args));
        if (!a.contains("--side")) {
            a.add("--side");
            a.add("64");
        }
        TrainOptions o = TrainOptions.parse(a.toArray(String[]::new));
        Files.createDirectories(o.out());
        TrainingData data = TrainingData.load(o.photos(), o.logos(), o.fonts(), o.excludeSets());
        PrintStream log = TrainSupport.openLog(o.out());
        log(log, "shade network; data: " + data.describe() + "; options: " + o);
        int s = o.side();

        ShadeSynth valSynth = new ShadeSynth(data.photos(), data.logos(), data.fonts(), s, o.seed() + 1_000_003L);
        List<ShadeSynth.Sample> validation = new ArrayList<>();
        for (int k = 0; k < o.validation(); k++) {
            validation.add(valSynth.next());
        }
        BlockingQueue<ShadeSynth.Sample> queue = new ArrayBlockingQueue<>(4 * o.batch());
        List<Supplier<ShadeSynth.Sample>> sources = new ArrayList<>();
        for (int t = 0; t < o.producers(); t++) {
            sources.add(valSynth.reseeded(o.seed() + 7919L * (t + 1))::next);
        }
        List<Thread> producers = TrainSupport.produce(queue, sources, "shade-synth");

        GraphBlock block = new GraphBlock(ShadeNetGraph.GRAPH);
        int start = o.resume() == null ? 0 : Checkpoints.step(o.resume());
        try (Model model = Model.newInstance("shadenet", "PyTorch")) {
            model.setBlock(block);
            DefaultTrainingConfig config = TrainSupport.config(Loss.l2Loss(), o, start, 300);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(o.batch(), ShadeNet.CHANNELS, s, s));
                if (o.resume() != null) {
                    Checkpoints.load(block, trainer.getManager(), o.resume());
                    log(log, "resumed from " + o.resume() + " at step " + start);
                } else {
                    // Start from the diffusion itself: a zero head adds nothing until it has learnt something.
                    block.conv("head").getParameters().forEach(p -> p.getValue().getArray().muli(0f));
                }
                int b = o.batch(), plane = s * s;
                float[] x = new float[b * ShadeNet.CHANNELS * plane];
                float[] mem = new float[b * 3 * plane];
                float[] clean = new float[b * 3 * plane];
                float[] hole = new float[b * plane];
                double lossSum = 0;
                int lossCount = 0;
                long t0 = System.nanoTime();
                for (int step = start + 1; step <= o.steps(); step++) {
                    for (int k = 0; k < b; k++) {
                        pack(queue.take(), k, s, x, mem, clean, hole);
                    }
                    try (NDManager m = trainer.getManager().newSubManager();
                         GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray residual = trainer.forward(new NDList(channelsLast(m, x, b, ShadeNet.CHANNELS, s)))
                                .singletonOrThrow();
                        NDArray loss = loss(residual, channelsLast(m, mem, b, 3, s), channelsLast(m, clean, b, 3, s),
                                m.create(hole, new Shape(b, 1, s, s)));
                        gc.backward(loss);
                        lossSum += loss.getFloat();
                        lossCount++;
                    }
                    trainer.step();
                    if (step % o.logEvery() == 0) {
                        double secs = (System.nanoTime() - t0) / 1e9;
                        log(log, String.format(Locale.ROOT, "step %d RMSE %.2f  %.3f s/step  queue %d", step,
                                255 * Math.sqrt(lossSum / lossCount), secs / lossCount, queue.size()));
                        lossSum = 0;
                        lossCount = 0;
                        t0 = System.nanoTime();
                    }
                    if (step % o.evalEvery() == 0 || step == o.steps()) {
                        double[] e = evaluate(trainer, validation, s);
                        log(log, String.format(Locale.ROOT, "eval step %d: hole RMSE diffusion %.3f network %.3f "
                                + "(%.1f%% lower); per-window mean %.3f / %.3f", step, e[0], e[1],
                                100 * (1 - e[1] / e[0]), e[2], e[3]));
                        TrainSupport.checkpoint(block, o.out(), step);
                        t0 = System.nanoTime();
                    }
                }
            }
        } finally {
            producers.forEach(Thread::interrupt);
        }
    }

    /** Mean squared error of base + residual against the clean cells, over the hole's cells (0-1 scale). */
    static NDArray loss(NDArray residual, NDArray base, NDArray clean, NDArray hole) {
        NDArray err = base.add(residual).sub(clean).mul(hole);
        return err.square().sum().div(hole.sum().mul(3f).add(1f));
    }

    /** Sample {@code k} into the batch arrays: input and images channels-last, the hole as a plane. */
    private static void pack(ShadeSynth.Sample sample, int k, int s, float[] x, float[] mem, float[] clean,
                             float[] hole) {
        int plane = s * s, ch = ShadeNet.CHANNELS;
        float[] p = sample.input().planar();
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < ch; c++) {
                x[(k * plane + i) * ch + c] = p[c * plane + i];
            }
            for (int c = 0; c < 3; c++) {
                mem[(k * plane + i) * 3 + c] = sample.input().base()[i * 3 + c] / 255f - 0.5f;
                clean[(k * plane + i) * 3 + c] = sample.clean()[i * 3 + c] / 255f - 0.5f;
            }
            hole[k * plane + i] = sample.hole()[i] != 0 ? 1f : 0f;
        }
    }

    /** Hole RMSE (0-255) of the diffusion and of the network, pooled and as the mean over windows. */
    private static double[] evaluate(Trainer trainer, List<ShadeSynth.Sample> samples, int s) {
        int plane = s * s;
        float[] x = new float[ShadeNet.CHANNELS * plane], mem = new float[3 * plane], clean = new float[3 * plane],
                hole = new float[plane];
        double seM = 0, seN = 0, meanM = 0, meanN = 0;
        long n = 0;
        for (ShadeSynth.Sample sample : samples) {
            pack(sample, 0, s, x, mem, clean, hole);
            float[] r;
            try (NDManager m = trainer.getManager().newSubManager()) {
                r = trainer.evaluate(new NDList(channelsLast(m, x, 1, ShadeNet.CHANNELS, s))).singletonOrThrow()
                        .toFloatArray(); // N x 3 x S x S
            }
            double wm = 0, wn = 0;
            long cells = 0;
            for (int i = 0; i < plane; i++) {
                if (hole[i] == 0) {
                    continue;
                }
                cells++;
                for (int c = 0; c < 3; c++) {
                    double dm = 255 * (mem[i * 3 + c] - clean[i * 3 + c]);
                    double dn = dm + 255 * r[c * plane + i];
                    wm += dm * dm;
                    wn += dn * dn;
                }
            }
            seM += wm;
            seN += wn;
            n += 3 * cells;
            meanM += Math.sqrt(wm / Math.max(1, 3 * cells));
            meanN += Math.sqrt(wn / Math.max(1, 3 * cells));
        }
        return new double[] {Math.sqrt(seM / n), Math.sqrt(seN / n), meanM / samples.size(), meanN / samples.size()};
    }
}
