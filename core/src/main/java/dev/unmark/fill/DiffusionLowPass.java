package dev.unmark.fill;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;

/**
 * The low frequencies of a diffusion (Telea) fill of a hole, for an exemplar fill to take instead of its own
 * ({@link PatchConfig#lowPass()}). The exemplar fill's vote averages sources that the border chose and that disagree,
 * which can leave a wide hole one flat colour of the wrong shade; diffusion gets the hole's mean right, the vote keeps
 * the detail. The diffusion runs at full resolution (on a copy reduced by 2 or more it lost the border's detail, and
 * with it most of the gain: dev bench RMSEw 27.3 against 26.1); only the Gaussian of the difference runs on a copy
 * reduced by about sigma / 2, where its kernel is a few pixels wide.
 */
final class DiffusionLowPass {

    /** Telea at OpenCV's usual radius (3); radius 1 was no better on the dev bench and not faster. */
    private static final FillEngine DIFFUSION = OpenCvInpaintFill.telea();

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
     * @param sigma in pixels, at least {@link #MIN_SIGMA}
     */
    static DiffusionLowPass of(Image before, byte[] hole, double sigma) {
        Image d = DIFFUSION.fill(before, Mask.wrap(before.width(), before.height(), hole.clone()));
        return new DiffusionLowPass(sigma, d.rgb());
    }

    /**
     * Adds to the hole pixels of {@code filled} the low-passed difference between the diffusion and the fill (zero
     * outside the hole, so near the border the fill keeps what it continued from there).
     */
    void apply(Image filled, byte[] hole) {
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
        for (int i = 0; i < w * h; i++) {
            if (hole[i] != 0) {
                for (int c = 0; c < 3; c++) {
                    rgb[i * 3 + c] = Math.max(0f, Math.min(255f, rgb[i * 3 + c] + full[i * 3 + c]));
                }
            }
        }
    }
}
