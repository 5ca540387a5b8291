package dev.unmark.fill;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.unmark.UnmarkException;
import dev.unmark.internal.OpenCv;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One inpainting network loaded from a user's model file: an ONNX Runtime session, the {@link NetContract} its
 * inputs and outputs match, and the window size it takes. Turns a window of RGB samples on the 0-255 scale and a
 * hole mask into the network's tensors and its answer back into RGB samples.
 *
 * <p>Sessions are shared per model file across the process ({@link #shared}); ONNX Runtime allows concurrent
 * {@code run} calls on one session, so a batch on a thread pool loads each model once.
 */
final class InpaintNet {

    /**
     * Side of the window fed to a model whose spatial dimensions are dynamic: LaMa and MI-GAN were trained and are
     * usually run at 512 x 512, and their exports that fix a size fix this one.
     */
    static final int DYNAMIC_SIDE = 512;
    /** Smallest fixed side accepted; below it a model cannot be an image inpainter. */
    static final int MIN_SIDE = 8;

    private static final ConcurrentHashMap<Path, InpaintNet> SHARED = new ConcurrentHashMap<>();

    private final Path file;
    private final NetContract contract;
    private final int width;
    private final int height;
    private final OrtEnvironment env;
    private final OrtSession session;
    /** The image input, or the only input of a stacked model. */
    private final String imageInput;
    /** The mask input, or null when image and mask share one stacked input. */
    private final String maskInput;
    private final int output;
    private final String signature;

    private InpaintNet(Path file, Layout layout, OrtEnvironment env, OrtSession session, String signature) {
        this.file = file;
        this.contract = layout.contract;
        this.width = layout.width;
        this.height = layout.height;
        this.imageInput = layout.imageInput;
        this.maskInput = layout.maskInput;
        this.output = layout.output;
        this.env = env;
        this.session = session;
        this.signature = signature;
    }

    /**
     * The process-wide network for {@code file}, loaded on first use; later calls with the same file (by its real
     * path) return the same session.
     *
     * @throws UnmarkException naming the file when it is missing, not an ONNX model, or fits no known contract
     */
    static InpaintNet shared(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new UnmarkException(file + ": no such model file");
        }
        Path key;
        try {
            key = file.toRealPath();
        } catch (IOException e) {
            throw new UnmarkException(file + ": cannot read model file: " + e.getMessage(), e);
        }
        // A failed load throws out of computeIfAbsent and leaves nothing cached, so a fixed file can be retried.
        return SHARED.computeIfAbsent(key, k -> load(file));
    }

    /** Loads {@code file} into a new session; see {@link #shared} for the errors. */
    static InpaintNet load(Path file) {
        if (!Files.isReadable(file)) {
            throw new UnmarkException(file + ": model file is not readable");
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession session;
        try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            session = env.createSession(file.toString(), opts);
        } catch (OrtException e) {
            throw new UnmarkException(file + ": not an ONNX model ONNX Runtime can load: " + firstLine(e), e);
        }
        try {
            List<Port> inputs = ports(session.getInputInfo());
            List<Port> outputs = ports(session.getOutputInfo());
            String signature = "inputs " + describe(inputs) + ", outputs " + describe(outputs);
            Layout layout = detect(inputs, outputs);
            if (layout == null) {
                StringBuilder expected = new StringBuilder();
                for (NetContract c : NetContract.values()) {
                    expected.append(expected.length() == 0 ? "" : "; or ").append(c.title()).append(": ")
                            .append(c.expected());
                }
                throw new UnmarkException(file + ": not an inpainting model unmark can run: found " + signature
                        + "; expected " + expected);
            }
            return new InpaintNet(file, layout, env, session, signature);
        } catch (OrtException e) {
            closeQuietly(session);
            throw new UnmarkException(file + ": cannot read the model's inputs and outputs: " + firstLine(e), e);
        } catch (RuntimeException e) {
            closeQuietly(session);
            throw e;
        }
    }

    Path file() {
        return file;
    }

    NetContract contract() {
        return contract;
    }

    /** Width of the window the network takes, in pixels. */
    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** The model's inputs and outputs as found, for messages. */
    String signature() {
        return signature;
    }

    /**
     * Runs the network on one window of exactly {@link #width()} x {@link #height()} pixels.
     *
     * @param rgb   interleaved RGB samples on the 0-255 scale; hole pixels' values are never shown to the network
     * @param holes one byte per pixel, non-zero where the network must fill
     * @return the network's picture of the whole window, interleaved RGB on the 0-255 scale (unclamped): the fill in
     *         the holes and its reconstruction of the known pixels, which {@link OnnxInpaintFill} uses to match
     *         the seam
     */
    float[] run(float[] rgb, byte[] holes) {
        int n = width * height;
        if (rgb.length != 3 * n || holes.length != n) {
            throw new IllegalArgumentException("window must be " + width + "x" + height + ", got " + rgb.length
                    + " samples and " + holes.length + " mask bytes");
        }
        Map<String, OnnxTensor> feed = new HashMap<>();
        try {
            switch (contract) {
                case DEEPFILL -> feed.put(imageInput, floats(deepFillInput(rgb, holes), 5));
                case LAMA -> {
                    float[] image = lamaImage(rgb, holes);
                    if (maskInput == null) {
                        float[] stacked = Arrays.copyOf(image, 4 * n);
                        System.arraycopy(holePlane(holes), 0, stacked, 3 * n, n);
                        feed.put(imageInput, floats(stacked, 4));
                    } else {
                        feed.put(imageInput, floats(image, 3));
                        feed.put(maskInput, floats(holePlane(holes), 1));
                    }
                }
                case MIGAN -> {
                    feed.put(imageInput, bytes(miganImage(rgb, holes), 3));
                    feed.put(maskInput, bytes(miganMask(holes), 1));
                }
            }
            try (OrtSession.Result result = session.run(feed)) {
                OnnxTensor out = checkedOutput(result.get(output));
                return switch (contract) {
                    case DEEPFILL -> deepFillOutput(out.getFloatBuffer());
                    case LAMA -> lamaOutput(out.getFloatBuffer(), rgb, holes);
                    case MIGAN -> miganOutput(out.getByteBuffer());
                };
            }
        } catch (OrtException e) {
            throw new UnmarkException(file + ": inference failed: " + firstLine(e), e);
        } finally {
            feed.values().forEach(OnnxTensor::close);
        }
    }

    /** Planes B, G, R scaled to [-1, 1] with holes zeroed, a plane of ones, and the mask (1 = hole). */
    private float[] deepFillInput(float[] rgb, byte[] holes) {
        int n = holes.length;
        float[] x = new float[5 * n];
        for (int p = 0; p < n; p++) {
            boolean hole = holes[p] != 0;
            if (!hole) {
                for (int c = 0; c < 3; c++) {
                    x[c * n + p] = rgb[p * 3 + 2 - c] / 127.5f - 1f;
                }
            }
            x[3 * n + p] = 1f;
            x[4 * n + p] = hole ? 1f : 0f;
        }
        return x;
    }

    private float[] deepFillOutput(FloatBuffer out) {
        int n = width * height;
        float[] rgb = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < n; p++) {
                rgb[p * 3 + 2 - c] = (out.get(c * n + p) + 1f) * 127.5f;
            }
        }
        return rgb;
    }

    /** Planes R, G, B in [0, 1] with holes zeroed, as LaMa's own prediction code masks its input. */
    private static float[] lamaImage(float[] rgb, byte[] holes) {
        int n = holes.length;
        float[] x = new float[3 * n];
        for (int p = 0; p < n; p++) {
            if (holes[p] == 0) {
                for (int c = 0; c < 3; c++) {
                    x[c * n + p] = rgb[p * 3 + c] / 255f;
                }
            }
        }
        return x;
    }

    private static float[] holePlane(byte[] holes) {
        float[] m = new float[holes.length];
        for (int p = 0; p < holes.length; p++) {
            m[p] = holes[p] != 0 ? 1f : 0f;
        }
        return m;
    }

    /**
     * LaMa's output scale differs between exports (0-255 in {@code lama_fp32.onnx}, [0, 1] in others). The network
     * reproduces the known pixels closely, so the scale that brings them nearer the input is the one it answers in;
     * a window without known pixels has nothing to compare and takes the common export's 0-255.
     */
    private float[] lamaOutput(FloatBuffer out, float[] rgb, byte[] holes) {
        int n = holes.length;
        double errUnit = 0, errByte = 0;
        long known = 0;
        for (int p = 0; p < n; p++) {
            if (holes[p] == 0) {
                for (int c = 0; c < 3; c++) {
                    float o = out.get(c * n + p), v = rgb[p * 3 + c];
                    errUnit += Math.abs(o * 255f - v);
                    errByte += Math.abs(o - v);
                }
                known++;
            }
        }
        float scale = known > 0 && errUnit < errByte ? 255f : 1f;
        float[] result = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < n; p++) {
                result[p * 3 + c] = out.get(c * n + p) * scale;
            }
        }
        return result;
    }

    private static byte[] miganImage(float[] rgb, byte[] holes) {
        int n = holes.length;
        byte[] x = new byte[3 * n];
        for (int p = 0; p < n; p++) {
            if (holes[p] == 0) {
                for (int c = 0; c < 3; c++) {
                    x[c * n + p] = (byte) OpenCv.clamp8(rgb[p * 3 + c]);
                }
            }
        }
        return x;
    }

    private static byte[] miganMask(byte[] holes) {
        byte[] m = new byte[holes.length];
        for (int p = 0; p < holes.length; p++) {
            m[p] = holes[p] != 0 ? 0 : (byte) 255;
        }
        return m;
    }

    private float[] miganOutput(ByteBuffer out) {
        int n = width * height;
        float[] rgb = new float[3 * n];
        for (int c = 0; c < 3; c++) {
            for (int p = 0; p < n; p++) {
                rgb[p * 3 + c] = out.get(c * n + p) & 0xFF;
            }
        }
        return rgb;
    }

    private OnnxTensor floats(float[] data, int channels) throws OrtException {
        return OnnxTensor.createTensor(env, FloatBuffer.wrap(data), new long[] {1, channels, height, width});
    }

    private OnnxTensor bytes(byte[] data, int channels) throws OrtException {
        return OnnxTensor.createTensor(env, ByteBuffer.wrap(data), new long[] {1, channels, height, width},
                OnnxJavaType.UINT8);
    }

    /** The output as a tensor of shape 1 x 3 x height x width, or an error naming what came back. */
    private OnnxTensor checkedOutput(OnnxValue value) {
        long[] want = {1, 3, height, width};
        if (value instanceof OnnxTensor t && Arrays.equals(t.getInfo().getShape(), want)) {
            return t;
        }
        String got = value instanceof OnnxTensor t ? Arrays.toString(t.getInfo().getShape()) : value.getType().name();
        throw new UnmarkException(file + ": the model returned " + got + " for a " + width + "x" + height
                + " window, expected " + Arrays.toString(want));
    }

    /** Which contract the ports match, with the names and window size to use; null when none. */
    static Layout detect(List<Port> inputs, List<Port> outputs) {
        if (inputs.size() == 1 && inputs.get(0).isImageTensor(OnnxJavaType.FLOAT)) {
            Port x = inputs.get(0);
            if (x.dim(1) == 5 && outputs.size() == 2 && outputs.get(0).isImageTensor(OnnxJavaType.FLOAT)
                    && outputs.get(1).isImageTensor(OnnxJavaType.FLOAT)
                    && outputs.get(1).dimIs(1, 3)) {
                return Layout.of(NetContract.DEEPFILL, x, null, 1);
            }
            if (x.dim(1) == 4 && outputs.size() == 1 && outputs.get(0).isImageTensor(OnnxJavaType.FLOAT)
                    && outputs.get(0).dimIs(1, 3)) {
                return Layout.of(NetContract.LAMA, x, null, 0);
            }
            return null;
        }
        if (inputs.size() != 2 || outputs.size() != 1) {
            return null;
        }
        Port a = inputs.get(0), b = inputs.get(1);
        Port mask = a.looksLikeMask() && !b.looksLikeMask() ? a : b.looksLikeMask() && !a.looksLikeMask() ? b : null;
        if (mask == null) {
            return null;
        }
        Port image = mask == a ? b : a;
        Port out = outputs.get(0);
        if (!image.dimIs(1, 3) || !mask.dimIs(1, 1) || !out.dimIs(1, 3)) {
            return null;
        }
        for (OnnxJavaType type : new OnnxJavaType[] {OnnxJavaType.FLOAT, OnnxJavaType.UINT8}) {
            if (image.isImageTensor(type) && mask.isImageTensor(type) && out.isImageTensor(type)) {
                return Layout.of(type == OnnxJavaType.FLOAT ? NetContract.LAMA : NetContract.MIGAN, image, mask, 0);
            }
        }
        return null;
    }

    /** A matched contract: which input is which, the output to read, and the window size. */
    record Layout(NetContract contract, String imageInput, String maskInput, int output, int width, int height) {

        static Layout of(NetContract contract, Port image, Port mask, int output) {
            int h = side(image.dim(2)), w = side(image.dim(3));
            if (w < MIN_SIDE || h < MIN_SIDE || !image.batchOfOne()) {
                return null;
            }
            if (mask != null && (!mask.batchOfOne() || !sameOrDynamic(mask.dim(2), image.dim(2))
                    || !sameOrDynamic(mask.dim(3), image.dim(3)))) {
                return null;
            }
            return new Layout(contract, image.name(), mask == null ? null : mask.name(), output, w, h);
        }

        private static int side(long dim) {
            return dim > 0 ? (int) Math.min(dim, Integer.MAX_VALUE) : DYNAMIC_SIDE;
        }

        private static boolean sameOrDynamic(long a, long b) {
            return a <= 0 || b <= 0 || a == b;
        }
    }

    /** One input or output: its name, element type and shape (-1 for a dynamic dimension); type null if no tensor. */
    record Port(String name, OnnxJavaType type, long[] shape) {

        /** Dimension {@code i}, or -1 when dynamic or absent. */
        long dim(int i) {
            return shape != null && i < shape.length ? shape[i] : -1;
        }

        boolean dimIs(int i, long value) {
            return dim(i) == value || dim(i) < 0;
        }

        boolean isImageTensor(OnnxJavaType elementType) {
            return type == elementType && shape != null && shape.length == 4;
        }

        boolean batchOfOne() {
            return dim(0) == 1 || dim(0) < 0;
        }

        /** One plane, or a name saying mask where the plane count is dynamic. */
        boolean looksLikeMask() {
            return dim(1) == 1 || (dim(1) < 0 && name.toLowerCase(Locale.ROOT).contains("mask"));
        }

        String describe() {
            if (type == null) {
                return name + ": not a tensor";
            }
            StringBuilder s = new StringBuilder(name).append(": ").append(typeName(type)).append(" [");
            for (int i = 0; i < shape.length; i++) {
                s.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "?" : String.valueOf(shape[i]));
            }
            return s.append(']').toString();
        }

        private static String typeName(OnnxJavaType t) {
            return switch (t) {
                case FLOAT -> "float32";
                case DOUBLE -> "float64";
                case UINT8 -> "uint8";
                case INT8 -> "int8";
                case INT16 -> "int16";
                case INT32 -> "int32";
                case INT64 -> "int64";
                case BOOL -> "bool";
                case FLOAT16 -> "float16";
                case BFLOAT16 -> "bfloat16";
                case STRING -> "string";
                default -> t.name().toLowerCase(Locale.ROOT);
            };
        }
    }

    private static List<Port> ports(Map<String, NodeInfo> infos) {
        List<Port> ports = new ArrayList<>();
        for (NodeInfo info : infos.values()) {
            if (info.getInfo() instanceof TensorInfo t) {
                ports.add(new Port(info.getName(), t.type, t.getShape()));
            } else {
                ports.add(new Port(info.getName(), null, null));
            }
        }
        return ports;
    }

    private static String describe(List<Port> ports) {
        List<String> parts = new ArrayList<>();
        for (Port p : ports) {
            parts.add(p.describe());
        }
        return "[" + String.join(", ", parts) + "]";
    }

    private static String firstLine(Exception e) {
        String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
        int nl = msg.indexOf('\n');
        return nl < 0 ? msg : msg.substring(0, nl).strip();
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException ignored) {
            // the load already failed; its error is the one worth reporting
        }
    }
}
