package dev.unmark.fill;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;

/**
 * The low frequencies of a diffusion (Telea) fill of a hole, for an exemplar fill to take instead of its own
 * ({@link PatchConfig#lowPass()}). The exemplar fill's vote averages sources that the border chose and that disagree,
 * which can leave a wide hole one flat colour of the wrong shade; diffusion gets the hole's mean right, the vote keeps
 * the detail. The diffusion runs at full resolution (on a copy reduced by 2 or more it lost the border's detail, and
 * with it most of the gain: dev bench RMSEw 27.3 against 26.1); only the Gaussian of the difference runs on a copy
 * reduced by about sigma / 2, where its kernel is a few pixels wide. Where asked, the diffusion is first corrected
 * by the shade network ({@link ShadeNet}), which predicts the hole's likely shade from its surroundings where a
 * diffusion only interpolates its border. Where the vote's sources disagree, its detail is then shrunk toward the
 * diffusion ({@link PatchConfig#exemplarWeight()}).
 */
final class DiffusionLowPass {

    /** Telea at OpenCV's usual radius (3); radius 1 was no better on the dev bench and not faster. */
    static final FillEngine DIFFUSION = OpenCvInpaintFill.telea();

    /**
     * Least low-pass scale (px) worth anchoring: holes that narrow (under 12 px at the default scale, which `auto`
     * gives to Telea anyway) leave the vote no room to drift, and Telea's own errors (3 levels in an image corner on
     * a flat photo) would then be all that changes.
     */
    static final double MIN_SIGMA = 4;

    private final double sigma;
    private final float[] diffused;

    private DiffusionLowPass(double sigma, float[] diffused) {
        this.sigma = sigma;
        this.diffused = diffused;
    }

    /**
     * Diffuses the hole of {@code before} (the crop as it is, every {@code hole} pixel unknown).
     *
     * @param sigma      in pixels, at least {@link #MIN_SIGMA}
     * @param shadeWidth the hole's width when the shade network is to correct the diffusion, 0 when not
     */
    static DiffusionLowPass of(Image before, byte[] hole, double sigma, double shadeWidth) {
        float[] diffused = ShadeNet.diffuse(before.rgb(), hole, before.width(), before.height());
        if (shadeWidth > 0) {
            reshade(before.rgb(), diffused, hole, before.width(), before.height(), shadeWidth);
        }
        return new DiffusionLowPass(sigma, diffused);
    }

    /**
     * Most cells the shade network is run on (0.1-0.2 s of one core): a wide hole's neighbourhood has a few
     * thousand, but a long line of thick letters merged into one neighbourhood on a large photo can have hundreds
     * of thousands, and its diffusion is then left as it is.
     */
    static final int MAX_CELLS = 1 << 16;

    /**
     * Adds the shade network's correction to the hole of {@code diffused}: the neighbourhood reduced so that the
     * hole is {@link ShadeNet#CELLS} cells wide, the network's residual there, grown back (bilinear) and added.
     * Only the correction is reduced: the diffusion's own detail near the border stays (reducing the diffusion
     * itself lost what the border's detail says, docs/BENCHMARKS.md).
     */
    static void reshade(float[] before, float[] diffused, byte[] hole, int w, int h, double width) {
        double f = Math.max(1, width / ShadeNet.CELLS);
        int lw = Math.max(1, (int) Math.round(w / f)), lh = Math.max(1, (int) Math.round(h / f));
        int pw = (lw + ShadeNet.MULTIPLE - 1) / ShadeNet.MULTIPLE * ShadeNet.MULTIPLE;
        int ph = (lh + ShadeNet.MULTIPLE - 1) / ShadeNet.MULTIPLE * ShadeNet.MULTIPLE;
        if ((long) pw * ph > MAX_CELLS) {
            return;
        }
        float[] known = Rasters.padReflect(ShadeNet.reduce(before, w, h, lw, lh), 3, lw, lh, pw, ph);
        float[] base = Rasters.padReflect(ShadeNet.reduce(diffused, w, h, lw, lh), 3, lw, lh, pw, ph);
        byte[] cells = Rasters.padReflect(ShadeNet.reduceHole(hole, w, h, lw, lh), lw, lh, pw, ph);
        float[] r = ShadeNet.shared().residual(ShadeNet.encode(known, cells, base, pw, ph));
        int plane = pw * ph;
        float[] correction = new float[lw * lh * 3];
        for (int y = 0; y < lh; y++) {
            for (int x = 0; x < lw; x++) {
                if (cells[y * pw + x] != 0) {
                    for (int c = 0; c < 3; c++) {
                        correction[(y * lw + x) * 3 + c] = r[c * plane + y * pw + x];
                    }
                }
            }
        }
        float[] up = Rasters.resize(correction, 3, lw, lh, w, h);
        for (int i = 0; i < w * h; i++) {
            if (hole[i] != 0) {
                for (int c = 0; c < 3; c++) {
                    diffused[i * 3 + c] = Math.max(0f, Math.min(255f, diffused[i * 3 + c] + up[i * 3 + c]));
                }
            }
        }
    }

    /**
     * Sources that agree to within this (levels, rms; about a JPEG's noise) are taken to have found the hidden
     * content, a repeated pattern: their completion is not shrunk toward the diffusion.
     */
    static final float AGREEMENT = 2;

    /**
     * Adds to the hole pixels of {@code filled} the low-passed difference between the diffusion and the fill (zero
     * outside the hole, so near the border the fill keeps what it continued from there), then mixes the result with
     * the diffusion: {@code weight} of it, {@code 1 - weight} of the diffusion ({@link PatchConfig#exemplarWeight()}),
     * except where the completion's sources agreed: a pixel whose sources' variance ({@code spread}, levels squared;
     * null for none) is s keeps {@code 1 - (1 - weight) s / (s + AGREEMENT^2)} of the completion.
     */
    void apply(Image filled, byte[] hole, double weight, float[] spread) {
        int w = filled.width(), h = filled.height();
        float[] rgb = filled.rgb();
        float[] delta = new float[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            if (hole[i] != 0) {
                for (int c = 0; c < 3; c++) {
                    delta[i * 3 + c] = diffused[i * 3 + c] - rgb[i * 3 + c];
                }
            }
        }
        // Area averaging is itself a low-pass, and exact about the zeros outside the hole.
        int f = (int) Math.max(1, Math.floor(sigma / 2));
        int sw = Math.max(1, (w + f - 1) / f), sh = Math.max(1, (h + f - 1) / f);
        float[] small = Rasters.resize(delta, 3, w, h, sw, sh);
        float[] full = Rasters.resize(Rasters.gaussianBlur(small, 3, sw, sh, sigma * sw / w), 3, sw, sh, w, h);
        float shrink = (float) (1 - weight), agreement2 = AGREEMENT * AGREEMENT;
        for (int i = 0; i < w * h; i++) {
            if (hole[i] != 0) {
                float keep = 1 - (spread == null ? shrink : shrink * spread[i] / (spread[i] + agreement2));
                for (int c = 0; c < 3; c++) {
                    float anchored = Math.max(0f, Math.min(255f, rgb[i * 3 + c] + full[i * 3 + c]));
                    rgb[i * 3 + c] = keep * anchored + (1 - keep) * diffused[i * 3 + c];
                }
            }
        }
    }
}
