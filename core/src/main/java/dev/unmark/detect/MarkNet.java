package dev.unmark.detect;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.unmark.UnmarkException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * unmark's own watermark segmentation network, trained on synthetic marks over licensed photos by the {@code train}
 * module (recipe and provenance in {@code train/README.md}) and shipped in this jar. Contract: input {@code image},
 * float32 {@code [1,3,H,W]}, RGB scaled to {@code v/255 - 0.5}, H and W multiples of {@value #MULTIPLE}; outputs
 * {@code logit}, float32 {@code [1,1,H,W]}: the log-odds that the pixel was changed by a watermark (the benchmark's
 * rule: its channels moved by more than 15 in total), and {@code matte}, float32 {@code [1,4,H,W]}: the logits of
 * the blend's opacity {@code a} and of its colour {@code W / 255} (R, G, B) under {@code J = (1 - a) I + a W}.
 *
 * <p>Loaded from the classpath once per process on first use; ONNX Runtime allows concurrent {@code run} calls on
 * the shared session.
 */
final class MarkNet {

    static final String MODEL = "dev/unmark/detect/marknet.onnx";

    /** Input sides must be multiples of this (four stride-2 stages). */
    static final int MULTIPLE = 16;

    private static volatile MarkNet shared;

    private final OrtEnvironment env;
    private final OrtSession session;

    private MarkNet(OrtEnvironment env, OrtSession session) {
        this.env = env;
        this.session = session;
    }

    /**
     * System property naming a model file to use instead of the shipped one (a network retrained with the
     * {@code train} module's recipe).
     */
    static final String MODEL_PROPERTY = "unmark.marknet.model";

    /** The process-wide model (the shipped one, or the file {@value #MODEL_PROPERTY} names), loaded once. */
    static MarkNet shared() {
        MarkNet m = shared;
        if (m == null) {
            synchronized (MarkNet.class) {
                m = shared;
                if (m == null) {
                    String file = System.getProperty(MODEL_PROPERTY);
                    m = file == null || file.isBlank() ? load(MODEL) : loadFile(java.nio.file.Path.of(file));
                    shared = m;
                }
            }
        }
        return m;
    }

    /**
     * Loads a model from the classpath resource {@code model}.
     *
     * @throws UnmarkException naming the model when it is missing, unreadable or not the network's contract
     */
    static MarkNet load(String model) {
        byte[] bytes;
        try (InputStream in = MarkNet.class.getClassLoader().getResourceAsStream(model)) {
            if (in == null) {
                throw new UnmarkException("mark detector: model " + model + " is not on the classpath (this build "
                        + "ships no trained mark network yet: train one as train/README.md says and name it with "
                        + "-D" + MODEL_PROPERTY + "=FILE)");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UnmarkException("mark detector: cannot read model " + model + ": " + e.getMessage(), e);
        }
        return create(bytes, model);
    }

    /** Loads a model file (see {@link #MODEL_PROPERTY}). */
    static MarkNet loadFile(java.nio.file.Path file) {
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnmarkException("mark detector: cannot read model " + file + ": " + e.getMessage(), e);
        }
        return create(bytes, file.toString());
    }

    /** A model from its bytes; {@code model} names it in errors. */
    static MarkNet create(byte[] bytes, String model) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                OrtSession session = env.createSession(bytes, opts);
                if (!session.getInputNames().contains("image") || !session.getOutputNames().contains("logit")
                        || !session.getOutputNames().contains("matte")) {
                    String found = "inputs " + session.getInputNames() + " and outputs " + session.getOutputNames();
                    session.close();
                    throw new UnmarkException("mark detector: model " + model + " has " + found
                            + ", expected image -> logit, matte");
                }
                return new MarkNet(env, session);
            }
        } catch (OrtException e) {
            throw new UnmarkException("mark detector: cannot load model " + model + ": " + e.getMessage(), e);
        }
    }

    /**
     * What the network says of each pixel, row-major over {@code width * height}: the probability that a watermark
     * changed it, and the blend's opacity (0-1) and colour (0-255, interleaved RGB).
     */
    record Output(float[] probability, float[] alpha, float[] colour) {
    }

    /**
     * Runs the network on an interleaved RGB image (0-255) whose sides are multiples of {@value #MULTIPLE}.
     */
    Output run(float[] rgb, int width, int height) {
        if (width % MULTIPLE != 0 || height % MULTIPLE != 0 || rgb.length != 3 * width * height) {
            throw new IllegalArgumentException("expected RGB with sides multiple of " + MULTIPLE + ", got "
                    + width + "x" + height);
        }
        int n = width * height;
        float[] chw = new float[3 * n];
        for (int i = 0; i < n; i++) {
            chw[i] = rgb[i * 3] / 255f - 0.5f;
            chw[n + i] = rgb[i * 3 + 1] / 255f - 0.5f;
            chw[2 * n + i] = rgb[i * 3 + 2] / 255f - 0.5f;
        }
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, height, width});
                OrtSession.Result r = session.run(Map.of("image", x))) {
            float[] p = new float[n];
            ((OnnxTensor) r.get("logit").orElseThrow()).getFloatBuffer().get(p);
            float[] m = new float[4 * n];
            ((OnnxTensor) r.get("matte").orElseThrow()).getFloatBuffer().get(m);
            float[] alpha = new float[n];
            float[] colour = new float[3 * n];
            for (int i = 0; i < n; i++) {
                p[i] = sigmoid(p[i]);
                alpha[i] = sigmoid(m[i]);
                for (int c = 0; c < 3; c++) {
                    colour[i * 3 + c] = 255 * sigmoid(m[(c + 1) * n + i]);
                }
            }
            return new Output(p, alpha, colour);
        } catch (OrtException e) {
            throw new IllegalStateException("mark detector: inference failed: " + e.getMessage(), e);
        }
    }

    private static float sigmoid(float v) {
        return (float) (1 / (1 + Math.exp(-v)));
    }
}
