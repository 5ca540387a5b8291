package dev.unmark.train;

import static dev.unmark.train.TrainSupport.log;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Supplier;

/**
 * Trains the mark segmentation network on synthetic marks ({@link MarkSynth}) and writes it as ONNX after every
 * evaluation, so a long run can be stopped at any point and still leave a usable model. The recipe, the data it
 * may use and how to reproduce the shipped weights are in {@code train/README.md}.
 *
 * <p>Loss: binary cross-entropy plus the soft Dice loss over the whole batch. Dice keeps the rare positive pixels
 * (a thin text line covers 1-3% of a crop) from being drowned by the background, which plain cross-entropy lets
 * the network settle into; cross-entropy keeps the probabilities calibrated at 0.5, the threshold the detector and
 * the benchmark use.
 */
public final class MarkTrain {

    private MarkTrain() {
    }

    public static void main(String[] args) throws Exception {
        TrainOptions o = TrainOptions.parse(args);
        Files.createDirectories(o.out());
        TrainingData data = TrainingData.load(o.photos(), o.logos(), o.fonts(), o.excludeSets());
        PrintStream log = TrainSupport.openLog(o.out());
        log(log, "data: " + data.describe() + "; options: " + o);

        // A fixed validation set, drawn from the same recipe with another seed.
        MarkSynth valSynth = new MarkSynth(data.photos(), data.logos(), data.fonts(), o.side(), o.seed() + 1_000_003L);
        List<MarkSynth.Sample> validation = new ArrayList<>();
        for (int k = 0; k < o.validation(); k++) {
            validation.add(valSynth.next());
        }

        BlockingQueue<MarkSynth.Sample> queue = new ArrayBlockingQueue<>(4 * o.batch());
        List<Supplier<MarkSynth.Sample>> sources = new ArrayList<>();
        for (int t = 0; t < o.producers(); t++) {
            sources.add(new MarkSynth(data.photos(), data.logos(), data.fonts(), o.side(), o.seed() + 7919L * t)
                    .withEmptyShare(o.emptyShare())::next);
        }
        List<Thread> producers = TrainSupport.produce(queue, sources, "synth");

        GraphBlock block = new GraphBlock(MarkNetGraph.GRAPH);
        int start = o.resume() == null ? 0 : Checkpoints.step(o.resume());
        try (Model model = Model.newInstance("marknet", "PyTorch")) {
            model.setBlock(block);
            DefaultTrainingConfig config = TrainSupport.config(Loss.sigmoidBinaryCrossEntropyLoss(), o, start, 500);
            try (Trainer trainer = model.newTrainer(config)) {
                int s = o.side();
                trainer.initialize(new Shape(o.batch(), 3, s, s));
                if (o.resume() != null) {
                    Checkpoints.load(block, trainer.getManager(), o.resume());
                    log(log, "resumed from " + o.resume() + " at step " + start);
                }
                float[] x = new float[o.batch() * 3 * s * s];
                float[] y = new float[o.batch() * s * s];
                float[] a = new float[o.batch() * s * s];
                float[] wt = new float[o.batch() * 3 * s * s];
                double lossSum = 0;
                int lossCount = 0;
                long t0 = System.nanoTime();
                for (int step = start + 1; step <= o.steps(); step++) {
                    for (int b = 0; b < o.batch(); b++) {
                        MarkSynth.Sample sample = queue.take();
                        toInput(sample.rgb(), x, b);
                        System.arraycopy(sample.target(), 0, y, b * s * s, s * s);
                        System.arraycopy(sample.alpha(), 0, a, b * s * s, s * s);
                        toUnit(sample.w(), wt, b);
                    }
                    try (NDManager m = trainer.getManager().newSubManager();
                         GradientCollector gc = trainer.newGradientCollector()) {
                        NDArray input = channelsLast(m, x, o.batch(), s);
                        NDArray target = m.create(y, new Shape(o.batch(), 1, s, s));
                        NDArray alpha = m.create(a, new Shape(o.batch(), 1, s, s));
                        NDArray colour = channelsLast(m, wt, o.batch(), s);
                        NDList out = trainer.forward(new NDList(input));
                        NDArray loss = loss(out.get(0), target).add(matteLoss(out.get(1), alpha, colour));
                        gc.backward(loss);
                        lossSum += loss.getFloat();
                        lossCount++;
                    }
                    trainer.step();
                    if (step % o.logEvery() == 0) {
                        double secs = (System.nanoTime() - t0) / 1e9;
                        log(log, String.format(Locale.ROOT, "step %d loss %.4f  %.2f s/step  queue %d", step,
                                lossSum / lossCount, secs / lossCount, queue.size()));
                        lossSum = 0;
                        lossCount = 0;
                        t0 = System.nanoTime();
                    }
                    if (step % o.evalEvery() == 0 || step == o.steps()) {
                        Metrics mtr = evaluate(trainer, validation, s);
                        log(log, String.format(Locale.ROOT, "eval step %d: F1 %.4f IoU %.4f (P %.3f R %.3f), "
                                + "empty-sample FP pixels %.5f, alpha MAE on marks %.4f, colour MAE %.2f", step,
                                mtr.f1(), mtr.iou(), mtr.precision(), mtr.recall(), mtr.emptyFp(), mtr.alphaMae(),
                                mtr.colourMae()));
                        TrainSupport.checkpoint(block, o.out(), step);
                        t0 = System.nanoTime();
                    }
                }
            }
        } finally {
            producers.forEach(Thread::interrupt);
        }
    }

    /** Mean binary cross-entropy with logits plus the batch's soft Dice loss. */
    static NDArray loss(NDArray logit, NDArray target) {
        // log(1 + e^x) - x y, written so that e^x never overflows.
        NDArray bce = logit.maximum(0f).sub(logit.mul(target)).add(logit.abs().neg().exp().add(1f).log()).mean();
        NDArray p = Activation.sigmoid(logit);
        NDArray dice = p.mul(target).sum().mul(2f).add(1f).div(p.sum().add(target.sum()).add(1f)).neg().add(1f);
        return bce.add(dice);
    }

    /**
     * The matte head's loss: L1 of the opacity over the pixels the marks touch (weight {@value #ALPHA_WEIGHT}),
     * plus L1 of the colour (0-1) weighted by the true opacity, since the colour of a blend means nothing where it
     * is faint. Both are conditional on the pixel being marked (the mask head says where): over every pixel, L1's
     * optimum, the median, is 0 wherever the network is unsure, which taught it to predict no opacity at all.
     */
    static NDArray matteLoss(NDArray matte, NDArray alpha, NDArray colour) {
        NDArray aHat = Activation.sigmoid(matte.get(":, 0:1"));
        NDArray wHat = Activation.sigmoid(matte.get(":, 1:4"));
        NDArray touched = alpha.gt(0f).toType(alpha.getDataType(), false);
        NDArray alphaLoss = aHat.sub(alpha).abs().mul(touched).sum().div(touched.sum().add(1f)).mul(ALPHA_WEIGHT);
        NDArray colourLoss = wHat.sub(colour).abs().mul(alpha).sum().div(alpha.sum().mul(3f).add(1f));
        return alphaLoss.add(colourLoss);
    }

    private static final float ALPHA_WEIGHT = 2f;

    record Metrics(double f1, double iou, double precision, double recall, double emptyFp, double alphaMae,
                   double colourMae) {
    }

    private static Metrics evaluate(Trainer trainer, List<MarkSynth.Sample> samples, int s) {
        long tp = 0, fp = 0, fn = 0, emptyFp = 0, emptyPixels = 0, markPixels = 0;
        double alphaErr = 0, colourErr = 0, colourWeight = 0;
        float[] x = new float[3 * s * s];
        for (MarkSynth.Sample sample : samples) {
            toInput(sample.rgb(), x, 0);
            try (NDManager m = trainer.getManager().newSubManager()) {
                NDList out = trainer.evaluate(new NDList(channelsLast(m, x, 1, s)));
                float[] z = out.get(0).toFloatArray();
                float[] mt = out.get(1).toFloatArray();
                int plane = s * s;
                for (int p = 0; p < plane; p++) {
                    float at = sample.alpha()[p];
                    if (sample.target()[p] > 0.5f) {
                        alphaErr += Math.abs(sigmoid(mt[p]) - at);
                        markPixels++;
                    }
                    for (int c = 0; c < 3; c++) {
                        colourErr += at * Math.abs(255 * sigmoid(mt[(c + 1) * plane + p]) - sample.w()[p * 3 + c]);
                    }
                    colourWeight += 3 * at;
                }
                float[] t = sample.target();
                boolean empty = true;
                for (float v : t) {
                    if (v > 0.5f) {
                        empty = false;
                        break;
                    }
                }
                for (int p = 0; p < z.length; p++) {
                    boolean pred = z[p] > 0, truth = t[p] > 0.5f;
                    if (pred && truth) {
                        tp++;
                    } else if (pred) {
                        fp++;
                    } else if (truth) {
                        fn++;
                    }
                    if (empty) {
                        emptyPixels++;
                        if (pred) {
                            emptyFp++;
                        }
                    }
                }
            }
        }
        double precision = tp / Math.max(1.0, tp + fp), recall = tp / Math.max(1.0, tp + fn);
        double f1 = 2.0 * tp / Math.max(1.0, 2.0 * tp + fp + fn), iou = tp / Math.max(1.0, tp + fp + fn);
        return new Metrics(f1, iou, precision, recall, emptyFp / Math.max(1.0, emptyPixels),
                alphaErr / Math.max(1, markPixels), colourErr / Math.max(1e-9, colourWeight));
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** An N x 3 x S x S tensor with channels-last memory ({@link TrainSupport#channelsLast}). */
    static NDArray channelsLast(NDManager m, float[] interleaved, int batch, int side) {
        return TrainSupport.channelsLast(m, interleaved, batch, 3, side);
    }

    /** Interleaved RGB 0-255 scaled to [-0.5, 0.5] (the network's input) into sample {@code index} of a batch. */
    static void toInput(float[] rgb, float[] batch, int index) {
        int base = index * rgb.length;
        for (int i = 0; i < rgb.length; i++) {
            batch[base + i] = rgb[i] / 255f - 0.5f;
        }
    }

    /** Interleaved RGB 0-255 scaled to [0, 1] (the colour target) into sample {@code index} of a batch. */
    static void toUnit(float[] rgb, float[] batch, int index) {
        int base = index * rgb.length;
        for (int i = 0; i < rgb.length; i++) {
            batch[base + i] = rgb[i] / 255f;
        }
    }

    /** Reads the photo list and writes nothing else: kept apart so a test can load the data without training. */
    static List<Path> list(Path dir, String... extensions) throws IOException {
        List<Path> out = new ArrayList<>();
        try (var stream = Files.list(dir)) {
            stream.sorted().forEach(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                for (String e : extensions) {
                    if (n.endsWith(e)) {
                        out.add(p);
                        break;
                    }
                }
            });
        }
        return out;
    }
}
