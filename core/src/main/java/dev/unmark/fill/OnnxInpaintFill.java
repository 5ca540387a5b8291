package dev.unmark.fill;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Fills holes with an inpainting network the user provides as an ONNX file: DeepFill v2, LaMa or MI-GAN (see
 * {@link NetContract}; where to get them in docs/FILL-MODELS.md). Registered as {@code deepfill}, {@code lama} and
 * {@code migan}.
 *
 * <p>A network sees a fixed window, so each group of nearby holes gets a window of the network's size around it
 * ({@link FillWindows}); only a window larger than that is downscaled, and a window smaller (a small photo) is
 * padded by reflection. The network's answer is scaled back and only the hole pixels are pasted, so everything
 * outside the mask keeps its exact values and the cost follows the marks, not the photo.
 *
 * <p>Networks seldom reproduce the photo's exact colours at the edge of a hole, which leaves a visible seam. The
 * difference between the photo and the network's own reconstruction of the known pixels along the edge is carried
 * into the hole and faded out over {@link NetFillConfig#featherPixels()}: a cheap stand-in for Poisson blending
 * (Pérez, Gangnet and Blake, "Poisson Image Editing", SIGGRAPH 2003) that leaves the fill untouched deeper in.
 *
 * <p>The model file is loaded once per process and shared by every instance and thread (see {@link InpaintNet}).
 */
public final class OnnxInpaintFill implements FillEngine {

    /** Known pixels within this distance of a hole (network pixels) measure the seam. */
    private static final int SEAM_BAND = 2;
    /** Fewest pixels of context on each side of a hole, whatever the network's size. */
    private static final int MIN_MARGIN = 8;

    private final NetContract contract;
    private final InpaintNet net;
    private final NetFillConfig config;
    private final int margin;

    /**
     * Loads {@code model} (or reuses the process's session for it) and checks that it follows {@code contract}.
     *
     * @throws UnmarkException naming the file when it is missing, not an ONNX model, or not a {@code contract} model
     */
    public OnnxInpaintFill(NetContract contract, Path model, NetFillConfig config) {
        this.contract = Objects.requireNonNull(contract, "contract");
        this.config = Objects.requireNonNull(config, "config");
        this.net = InpaintNet.shared(Objects.requireNonNull(model, "model"));
        if (net.contract() != contract) {
            throw new UnmarkException(model + ": this is a " + net.contract().title() + " model, not "
                    + contract.title() + " (found " + net.signature() + "; " + contract.title() + " needs "
                    + contract.expected() + "); use the fill engine '" + net.contract().key() + "'");
        }
        this.margin = Math.max(MIN_MARGIN, (int) Math.round(Math.min(net.width(), net.height())
                * config.contextFraction()));
    }

    /** With {@link NetFillConfig#defaults()}. */
    public static OnnxInpaintFill load(NetContract contract, Path model) {
        return new OnnxInpaintFill(contract, model, NetFillConfig.defaults());
    }

    @Override
    public String name() {
        return contract.key();
    }

    public NetContract contract() {
        return contract;
    }

    /** The model file as given. */
    public Path model() {
        return net.file();
    }

    /** Width of the window the network takes: the model's, or {@link InpaintNet#DYNAMIC_SIDE} when it is dynamic. */
    public int windowWidth() {
        return net.width();
    }

    public int windowHeight() {
        return net.height();
    }

    @Override
    public Image fill(Image image, Mask mask) {
        Image out = image.copy();
        fillInPlace(out, mask);
        return out;
    }

    @Override
    public void fillInPlace(Image image, Mask mask) {
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height() + " but image is "
                    + image.width() + "x" + image.height());
        }
        List<FillWindows.Window> windows = windows(mask);
        // Holes not filled yet: every window hides them from the network, so no watermark pixel is ever context,
        // while holes an earlier window filled serve as context.
        Mask pending = windows.size() > 1 ? mask.copy() : null;
        for (FillWindows.Window w : windows) {
            fillWindow(image, mask, pending, w);
        }
    }

    /** The windows {@link #fillInPlace} runs the network on, in order. */
    List<FillWindows.Window> windows(Mask mask) {
        return FillWindows.plan(mask, net.width(), net.height(), margin);
    }

    private void fillWindow(Image image, Mask mask, Mask pending, FillWindows.Window w) {
        Rect crop = w.crop();
        int cw = crop.width(), ch = crop.height(), iw = w.inputWidth(), ih = w.inputHeight();
        int nw = net.width(), nh = net.height();
        float[] rgb = image.crop(crop).rgb();
        byte[] holes = (pending == null ? mask : pending).crop(crop).data();
        if (w.downscaled()) {
            rgb = Rasters.resize(rgb, 3, cw, ch, iw, ih);
            holes = Rasters.shrinkMask(holes, cw, ch, iw, ih);
        }
        float[] in = Rasters.padReflect(rgb, 3, iw, ih, nw, nh);
        byte[] inHoles = Rasters.padReflect(holes, iw, ih, nw, nh);
        float[] out = net.run(in, inHoles);
        if (config.featherPixels() > 0) {
            matchSeam(out, in, inHoles, nw, nh, config.featherPixels());
        }
        // The photo where it is known (the contracts' out * mask + image * (1 - mask)): when the window is scaled
        // back, the hole's edge then blends into the photo rather than into the network's copy of it.
        for (int p = 0; p < inHoles.length; p++) {
            if (inHoles[p] == 0) {
                System.arraycopy(in, p * 3, out, p * 3, 3);
            }
        }
        float[] filled = Rasters.cropTopLeft(out, 3, nw, iw, ih);
        if (w.downscaled()) {
            filled = Rasters.resize(filled, 3, iw, ih, cw, ch);
        }
        // A window's hole boxes hold only its own holes' pixels (FillWindows joins windows whose boxes overlap).
        float[] dst = image.rgb();
        for (Rect b : w.holes()) {
            for (int y = b.y(); y < b.bottom(); y++) {
                for (int x = b.x(); x < b.right(); x++) {
                    if (mask.isSet(x, y)) {
                        int s = ((y - crop.y()) * cw + x - crop.x()) * 3, d = (y * image.width() + x) * 3;
                        for (int c = 0; c < 3; c++) {
                            dst[d + c] = Math.max(0f, Math.min(255f, filled[s + c]));
                        }
                        if (pending != null) {
                            pending.set(x, y, false);
                        }
                    }
                }
            }
        }
    }

    /**
     * Shifts the network's fill near the hole's edge by the photo-minus-network difference of the known pixels
     * next to it (Gaussian-weighted, so texture averages out and a colour cast remains), fully at the edge and
     * fading linearly to nothing at {@code feather} pixels deep. Works on the holes' bounding box grown by what the
     * blur can reach, so a small hole in a large window costs little.
     */
    static void matchSeam(float[] out, float[] in, byte[] holes, int w, int h, int feather) {
        int minX = w, minY = h, maxX = -1, maxY = -1;
        boolean anyKnown = false;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (holes[y * w + x] != 0) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = y;
                } else {
                    anyKnown = true;
                }
            }
        }
        if (maxX < 0 || !anyKnown) {
            return;
        }
        double sigma = feather / 2.0;
        // OpenCV's float Gaussian reaches 4 sigma; band pixels lie within SEAM_BAND of a hole.
        int reach = feather + SEAM_BAND + (int) Math.ceil(4 * sigma) + 1;
        int x0 = Math.max(0, minX - reach), y0 = Math.max(0, minY - reach);
        int rw = Math.min(w, maxX + 1 + reach) - x0, rh = Math.min(h, maxY + 1 + reach) - y0;
        int n = rw * rh;
        byte[] hole = new byte[n];
        byte[] known = new byte[n];
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                boolean isHole = holes[(y + y0) * w + x + x0] != 0;
                hole[y * rw + x] = isHole ? (byte) 255 : 0;
                known[y * rw + x] = isHole ? 0 : (byte) 255;
            }
        }
        float[] depth = Rasters.distanceToClear(hole, rw, rh);
        float[] nearHole = Rasters.distanceToClear(known, rw, rh);
        float[] diff = new float[4 * n]; // photo minus network in the edge band, and the band itself
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                int p = y * rw + x, q = ((y + y0) * w + x + x0) * 3;
                if (hole[p] == 0 && nearHole[p] <= SEAM_BAND) {
                    for (int c = 0; c < 3; c++) {
                        diff[p * 4 + c] = in[q + c] - out[q + c];
                    }
                    diff[p * 4 + 3] = 1f;
                }
            }
        }
        float[] spread = Rasters.gaussianBlur(diff, 4, rw, rh, sigma);
        for (int y = 0; y < rh; y++) {
            for (int x = 0; x < rw; x++) {
                int p = y * rw + x, q = ((y + y0) * w + x + x0) * 3;
                float weight = spread[p * 4 + 3];
                if (hole[p] == 0 || depth[p] > feather || weight < 1e-6f) {
                    continue;
                }
                float fade = 1f - (depth[p] - 1f) / feather;
                for (int c = 0; c < 3; c++) {
                    out[q + c] += fade * spread[p * 4 + c] / weight;
                }
            }
        }
    }
}
