package dev.unmark.fill;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * unmark's own network for the shade of a wide hole: a hole's low frequencies predicted from its surroundings,
 * where a diffusion fill only interpolates its border. It works on a copy of the hole's neighbourhood reduced so
 * that the hole is about {@value #CELLS} cells wide, and corrects a diffusion fill there ({@link #diffuse}, run at
 * full resolution and then reduced): input {@code x}, float32 {@code [1, 7, H, W]} (the known cells' RGB as
 * {@code v / 255 - 0.5} and 0 in the hole; the hole, 1 or 0; the reduced diffusion's RGB as {@code v / 255 - 0.5}),
 * H and W multiples of {@value #MULTIPLE}; output {@code residual}, float32 {@code [1, 3, H, W]}, what to add to the
 * diffusion (same scale) inside the hole. Trained by the {@code train} module ({@code ShadeTrain}, recipe in
 * {@code train/README.md}) to minimise the squared error against the reduced clean photo, so it predicts the
 * expected shade, not a sharp guess.
 */
public final class ShadeNet {

    /** The hole's width (largest inscribed disc) in cells of the reduced copy, in training and in use. */
    public static final int CELLS = 8;
    /** Input sides must be multiples of this (two stride-2 stages). */
    public static final int MULTIPLE = 4;
    /** Input channels. */
    public static final int CHANNELS = 7;

    /** The shipped model, a classpath resource. */
    static final String MODEL = "dev/unmark/fill/shadenet.onnx";
    /** System property naming a model file to use instead (one retrained with the {@code train} module). */
    static final String MODEL_PROPERTY = "unmark.shadenet.model";

    private static volatile ShadeNet shared;

    private final OrtEnvironment env;
    private final OrtSession session;

    private ShadeNet(OrtEnvironment env, OrtSession session) {
        this.env = env;
        this.session = session;
    }

    /** The network's input, and the base its residual is added to (interleaved 0-255). */
    public record Input(float[] planar, float[] base, int width, int height) {
    }

    /**
     * The diffusion the network corrects, run on the hole at a finer resolution than the cells (the fill's own
     * resolution in use, twice the cells' in training): Telea, as {@code DiffusionLowPass} uses. Returns a filled
     * copy of {@code rgb}.
     */
    public static float[] diffuse(float[] rgb, byte[] hole, int w, int h) {
        float[] out = rgb.clone();
        DiffusionLowPass.DIFFUSION.fillInPlace(Image.wrap(w, h, out, null), Mask.wrap(w, h, hole.clone()));
        return out;
    }

    /** Reduces interleaved RGB to the cells by area averaging, as in use; training reduces with it too. */
    public static float[] reduce(float[] rgb, int w, int h, int cellsWide, int cellsHigh) {
        return Rasters.resize(rgb, 3, w, h, cellsWide, cellsHigh);
    }

    /** Reduces a hole to the cells: a cell is in the hole when any of its pixels is. */
    public static byte[] reduceHole(byte[] hole, int w, int h, int cellsWide, int cellsHigh) {
        return Rasters.shrinkMask(hole, w, h, cellsWide, cellsHigh);
    }

    /**
     * Encodes a window of cells: {@code known} interleaved 0-255 (the hole's values ignored), {@code hole}
     * non-zero where unknown (a cell with any unknown pixel), {@code base} the diffusion reduced to the cells (area
     * averages), sides multiples of {@link #MULTIPLE}.
     */
    public static Input encode(float[] known, byte[] hole, float[] base, int w, int h) {
        if (w % MULTIPLE != 0 || h % MULTIPLE != 0 || known.length != w * h * 3 || base.length != w * h * 3
                || hole.length != w * h) {
            throw new IllegalArgumentException("window " + w + "x" + h + " must have sides that are multiples of "
                    + MULTIPLE + " and match its arrays");
        }
        int plane = w * h;
        float[] x = new float[CHANNELS * plane];
        for (int i = 0; i < plane; i++) {
            boolean in = hole[i] != 0;
            for (int c = 0; c < 3; c++) {
                x[c * plane + i] = in ? 0f : known[i * 3 + c] / 255f - 0.5f;
                x[(4 + c) * plane + i] = base[i * 3 + c] / 255f - 0.5f;
            }
            x[3 * plane + i] = in ? 1f : 0f;
        }
        return new Input(x, base, w, h);
    }

    /** The process-wide model (the shipped one, or the file {@value #MODEL_PROPERTY} names), loaded once. */
    static ShadeNet shared() {
        ShadeNet n = shared;
        if (n == null) {
            synchronized (ShadeNet.class) {
                n = shared;
                if (n == null) {
                    String file = System.getProperty(MODEL_PROPERTY);
                    boolean builtIn = file == null || file.isBlank();
                    n = create(builtIn ? resource(MODEL) : read(Path.of(file)), builtIn ? MODEL : file);
                    shared = n;
                }
            }
        }
        return n;
    }

    private static byte[] resource(String model) {
        try (InputStream in = ShadeNet.class.getClassLoader().getResourceAsStream(model)) {
            if (in == null) {
                throw new UnmarkException("patch fill: model " + model + " is not on the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UnmarkException("patch fill: cannot read model " + model + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnmarkException("patch fill: cannot read model " + file + ": " + e.getMessage(), e);
        }
    }

    /** A model from its bytes; {@code model} names it in errors. */
    static ShadeNet create(byte[] bytes, String model) {
        try {
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions opts = new OrtSession.SessionOptions()) {
                opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
                // The windows are small (a few thousand cells): a second thread costs more than it saves, and the
                // patch fill already fills neighbourhoods in parallel.
                opts.setIntraOpNumThreads(1);
                OrtSession session = env.createSession(bytes, opts);
                if (!session.getInputNames().contains("x") || !session.getOutputNames().contains("residual")) {
                    String found = "inputs " + session.getInputNames() + " and outputs " + session.getOutputNames();
                    session.close();
                    throw new UnmarkException("patch fill: model " + model + " has " + found
                            + ", expected x -> residual");
                }
                return new ShadeNet(env, session);
            }
        } catch (OrtException e) {
            throw new UnmarkException("patch fill: cannot load model " + model + ": " + e.getMessage(), e);
        }
    }

    /** The network's residual for an encoded window, planar {@code [3][H][W]} on the 0-255 scale. */
    float[] residual(Input in) {
        int w = in.width(), h = in.height();
        float[] r = new float[3 * w * h];
        try (OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(in.planar()),
                new long[] {1, CHANNELS, h, w});
             OrtSession.Result out = session.run(Map.of("x", x))) {
            ((OnnxTensor) out.get("residual").orElseThrow()).getFloatBuffer().get(r);
        } catch (OrtException e) {
            throw new UnmarkException("patch fill: the shade network failed: " + e.getMessage(), e);
        }
        for (int i = 0; i < r.length; i++) {
            r[i] *= 255f;
        }
        return r;
    }
}
