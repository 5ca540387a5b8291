package dev.unmark.learn;

import dev.unmark.fill.FillEngine;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import dev.unmark.matte.Matte;
import dev.unmark.matte.Recovery;
import dev.unmark.matte.ReverseBlend;
import java.util.Objects;

/**
 * Finds a learned {@link Profile}'s mark in an image and removes it: the mark keeps its pixel size, so it is looked
 * for where the profile puts it (by its anchors) at whole shifts up to {@link LearnConfig#maxShift()}, by normalised
 * correlation of gradients (of the image and of the mark over the image's mean colour, both projected on the colour
 * direction from that mean to the mark's); its strength {@code c} (the global blend factor of Dekel et al., for
 * opacity that varies between images) is fitted by minimising the total variation of the recovery, each difference
 * weighted by {@code 1 - c a}; then {@link ReverseBlend} inverts it and the fill engine inpaints only what cannot be
 * recovered. An image whose best correlation is below {@link LearnConfig#minScore()}, or where reversing the blend
 * does not lower the weighted total variation of the box (it would add the mark's edges rather than remove them), is
 * left unchanged. Thread-safe.
 */
public final class ProfileRemover {

    /** Strengths tried: the learned opacity times 0.6 to 1.4. */
    private static final double MIN_STRENGTH = 0.6;
    private static final double MAX_STRENGTH = 1.4;
    /** Energy excess (relative) up to which the learned strength 1 is kept rather than the fitted one. */
    private static final double OWN_STRENGTH_TOLERANCE = 0.002;
    /** Summed channel distance (levels) between the mark's colour and the photo's below which luma is projected on. */
    private static final double MIN_COLOUR_DISTANCE = 6;

    private final Profile profile;
    private final LearnConfig config;
    private final FillEngine fill;
    private final float[] alpha;
    private final float[] premul;

    /**
     * Where the mark was found and what was done.
     *
     * @param found     whether the score reached {@link LearnConfig#minScore()} and reversing the mark smoothed the box
     * @param score     the gradient correlation at the best shift (-1 to 1)
     * @param box       the part of the image the mark covers (null when not found)
     * @param mark      where the whole mark lies, its top-left corner at the profile's pixel (0, 0); it reaches past
     *                  the frame where the mark does (null when not found)
     * @param strength  the fitted blend factor ({@code 1} = as learned)
     * @param recovery  the blend inversion's report (null when not found)
     * @param output    the cleaned image (the input itself, unchanged, when not found)
     */
    public record Result(boolean found, double score, Rect box, Rect mark, double strength, Recovery recovery,
                         Image output) {
    }

    public ProfileRemover(Profile profile, LearnConfig config, FillEngine fill) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.config = Objects.requireNonNull(config, "config");
        this.fill = Objects.requireNonNull(fill, "fill");
        Image mark = profile.mark();
        int n = mark.width() * mark.height();
        alpha = new float[n];
        premul = new float[n * 3];
        int count = 0;
        for (int p = 0; p < n; p++) {
            float a = mark.alpha()[p] / 255f;
            alpha[p] = a;
            for (int c = 0; c < 3; c++) {
                premul[p * 3 + c] = a * mark.rgb()[p * 3 + c];
            }
            if (a > ReverseBlend.MIN_ALPHA) {
                count++;
            }
        }
        if (count == 0) {
            throw new IllegalArgumentException("the profile's mark is empty");
        }
    }

    public Profile profile() {
        return profile;
    }

    /**
     * Finds and removes the mark in {@code image} itself (the result's output is {@code image}); lossy inputs should
     * come with a {@code blend} made from {@link dev.unmark.matte.BlendConfig#lossy()}.
     */
    public Result removeInPlace(Image image, ReverseBlend blend) {
        int mw = profile.mark().width(), mh = profile.mark().height();
        int[] at = profile.expectedAt(image.width(), image.height());
        int r = config.maxShift();
        // the search window, clipped to the image; the mark must lie wholly inside it
        Rect win = new Rect(at[0] - r, at[1] - r, mw + 2 * r, mh + 2 * r).intersect(image.bounds());
        if (win.isEmpty() || win.width() < mw || win.height() < mh) {
            return new Result(false, -1, null, null, 0, null, image);
        }
        Image crop = image.crop(win);
        // Expected edges: the mark over the window's mean colour, both projected on the colour direction from that
        // mean to the mark's (a fixed grey would give a mark as bright as the photo edges of the wrong sign).
        float[] mean = meanColour(crop);
        float[] towards = towards(mean);
        float[] expected = new float[mw * mh];
        for (int p = 0; p < expected.length; p++) {
            float v = 0;
            for (int c = 0; c < 3; c++) {
                v += towards[c] * (premul[p * 3 + c] + (1 - alpha[p]) * mean[c]);
            }
            expected[p] = v;
        }
        float[][] markGrad = Gradients.sobel(expected, mw, mh);
        int[] support = support(markGrad);
        if (support.length == 0) {
            return new Result(false, -1, null, null, 0, null, image);
        }
        float[] projected = new float[win.width() * win.height()];
        float[] cr = crop.rgb();
        for (int p = 0; p < projected.length; p++) {
            projected[p] = towards[0] * cr[p * 3] + towards[1] * cr[p * 3 + 1] + towards[2] * cr[p * 3 + 2];
        }
        float[][] g = Gradients.sobel(projected, win.width(), win.height());
        double[] best = Gradients.bestShift(g[0], g[1], win.width(), win.height(), markGrad[0], markGrad[1], support,
                mw, at[0] - win.x(), at[1] - win.y(), mw, mh, r);
        if (best[2] < config.minScore()) {
            return new Result(false, best[2], null, null, 0, null, image);
        }
        // the shift search allows a mark partly off the frame (a text line along an edge): only its part inside
        // the image is reversed
        Rect full = new Rect(at[0] + (int) best[0], at[1] + (int) best[1], mw, mh);
        Rect box = full.intersect(image.bounds());
        if (box.isEmpty()) {
            return new Result(false, best[2], null, null, 0, null, image);
        }
        int bw = box.width(), bh = box.height(), ox = box.x() - full.x(), oy = box.y() - full.y();
        float[] boxAlpha = new float[bw * bh], boxPremul = new float[bw * bh * 3];
        Image layer = Image.blank(bw, bh);
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                int p = y * bw + x, q = (oy + y) * mw + ox + x;
                boxAlpha[p] = alpha[q];
                for (int ch = 0; ch < 3; ch++) {
                    boxPremul[p * 3 + ch] = premul[q * 3 + ch];
                    layer.rgb()[p * 3 + ch] = profile.mark().rgb()[q * 3 + ch];
                }
            }
        }
        Image local = image.crop(box);
        double c = strength(local, boxAlpha, boxPremul);
        // the correlation alone also fires on smooth photos whose gradients happen to line up with the mark's:
        // reversing a mark that is there removes its edges, reversing one that is not adds them
        if (energy(local, c, boxAlpha, boxPremul) >= energy(local, 0, boxAlpha, boxPremul)) {
            return new Result(false, best[2], null, null, 0, null, image);
        }
        float[] a = new float[bw * bh];
        for (int p = 0; p < a.length; p++) {
            a[p] = (float) Math.min(0.999, c * boxAlpha[p]);
        }
        Matte matte = new Matte(box, a, layer);
        Recovery rec = blend.apply(image, matte);
        if (rec.residualPixels() > 0) {
            Mask holes = Mask.empty(image.width(), image.height());
            for (int y = 0; y < bh; y++) {
                for (int x = 0; x < bw; x++) {
                    if (rec.residual().isSet(x, y)) {
                        holes.set(box.x() + x, box.y() + y, true);
                    }
                }
            }
            fill.fillInPlace(image, holes);
        }
        return new Result(true, best[2], box, full, c, rec, image);
    }

    private static float[] meanColour(Image crop) {
        double[] sum = new double[3];
        float[] rgb = crop.rgb();
        for (int p = 0; p < rgb.length / 3; p++) {
            for (int c = 0; c < 3; c++) {
                sum[c] += rgb[p * 3 + c];
            }
        }
        int n = rgb.length / 3;
        return new float[] {(float) (sum[0] / n), (float) (sum[1] / n), (float) (sum[2] / n)};
    }

    /**
     * The colour direction from {@code mean} to the mark's opacity-weighted mean colour, its weights' magnitudes
     * summing to 1 like luma's; luma itself when the two colours nearly meet (no direction stands out).
     */
    private float[] towards(float[] mean) {
        double[] d = new double[3];
        double weight = 0;
        for (int p = 0; p < alpha.length; p++) {
            for (int c = 0; c < 3; c++) {
                d[c] += premul[p * 3 + c] - alpha[p] * mean[c];
            }
            weight += alpha[p];
        }
        double norm = 0;
        for (int c = 0; c < 3; c++) {
            d[c] /= weight;
            norm += Math.abs(d[c]);
        }
        if (norm < MIN_COLOUR_DISTANCE) {
            return new float[] {0.299f, 0.587f, 0.114f};
        }
        return new float[] {(float) (d[0] / norm), (float) (d[1] / norm), (float) (d[2] / norm)};
    }

    /** The mark pixels with any expected gradient (edges and their neighbours): where the correlation looks. */
    private static int[] support(float[][] grad) {
        int[] idx = new int[grad[0].length];
        int m = 0;
        for (int p = 0; p < idx.length; p++) {
            if (Math.abs(grad[0][p]) + Math.abs(grad[1][p]) > 0.5f) {
                idx[m++] = p;
            }
        }
        return java.util.Arrays.copyOf(idx, m);
    }

    /** As {@link #removeInPlace} on a copy; {@code image} is not modified. */
    public Result remove(Image image, ReverseBlend blend) {
        Result r = removeInPlace(image.copy(), blend);
        return r.found() ? r : new Result(false, r.score(), null, null, 0, null, image);
    }

    /** Golden-section search of the strength minimising the weighted total variation of the luma recovery. */
    private static double strength(Image local, float[] alpha, float[] premul) {
        float top = 0;
        for (float a : alpha) {
            top = Math.max(top, a);
        }
        double lo = MIN_STRENGTH, hi = Math.min(MAX_STRENGTH, 0.98 / top), highest = hi;
        double g = (Math.sqrt(5) - 1) / 2;
        double x1 = hi - g * (hi - lo), x2 = lo + g * (hi - lo);
        double f1 = energy(local, x1, alpha, premul), f2 = energy(local, x2, alpha, premul);
        for (int it = 0; it < 30; it++) {
            if (f1 < f2) {
                hi = x2;
                x2 = x1;
                f2 = f1;
                x1 = hi - g * (hi - lo);
                f1 = energy(local, x1, alpha, premul);
            } else {
                lo = x1;
                x1 = x2;
                f1 = f2;
                x2 = lo + g * (hi - lo);
                f2 = energy(local, x2, alpha, premul);
            }
        }
        double c = (lo + hi) / 2, fc = energy(local, c, alpha, premul);
        // the learned strength when it is allowed and explains the box about as well (the search's bracket has
        // shrunk around c by now, so it is the range searched that must reach 1, not the bracket)
        return highest >= 1 && energy(local, 1, alpha, premul) <= fc * (1 + OWN_STRENGTH_TOLERANCE) ? 1 : c;
    }

    private static double energy(Image local, double c, float[] alpha, float[] premul) {
        int w = local.width(), h = local.height();
        float[] rgb = local.rgb();
        float[] rec = new float[w * h], wt = new float[w * h];
        for (int p = 0; p < rec.length; p++) {
            double a = Math.min(0.98, c * alpha[p]), s = 0;
            for (int ch = 0; ch < 3; ch++) {
                double v = (rgb[p * 3 + ch] - c * premul[p * 3 + ch]) / (1 - a);
                s += (ch == 0 ? 0.299 : ch == 1 ? 0.587 : 0.114) * v;
            }
            rec[p] = (float) s;
            wt[p] = (float) (1 - a);
        }
        double e = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = y * w + x;
                if (x + 1 < w) {
                    e += Math.min(wt[p], wt[p + 1]) * Math.abs(rec[p + 1] - rec[p]);
                }
                if (y + 1 < h) {
                    e += Math.min(wt[p], wt[p + w]) * Math.abs(rec[p + w] - rec[p]);
                }
            }
        }
        return e;
    }
}
