package dev.unmark.learn;

import dev.unmark.image.Image;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Raises the opacity of a flat piece of a learned mark whose colour would otherwise leave the 0-255 range. What the
 * images pin down well is {@code b = a W}, the level the mark adds; the opacity {@code a} is measured within a few
 * hundredths. Where the measured opacity is too low, {@code W = b / a} comes out above 255 in some channel and is
 * clipped there, so the mark's pure colours (a white logo, a saturated blue) lose part of {@code b}, which the
 * recovery then leaves in the photo divided by {@code 1 - a}. A colour cannot exceed 255, so the opacity is at
 * least where the brightest channel of the piece's colours reaches 255; the opacity is raised to there and each
 * flat region's colour re-measured at it.
 *
 * <p>Both are measured from the pixel pairs across the piece's outline ({@code o} just outside, {@code i} inside,
 * in a flat region): for an opacity {@code a}, {@code b} of a region and channel is the median over its pairs and the
 * images of {@code J_k(i) - (1 - a) J_k(o)} (the photo's change from {@code o} to {@code i} is as often positive
 * as negative). It grows as {@code a} grows, {@code b / a} falls, and the opacity is found by bisection. A region
 * whose colour is a gradient keeps its shape (each pixel's offset from the region's mean): the pairs measure its
 * mean level, and the bound applies to its brightest end.
 */
final class ColourBound {

    /** Distance (px) outside the outline of the outer pixel of a pair. */
    private static final int OUT = 1;
    /** How much deeper than the flat regions' depth an inner pixel may lie (a slanted outline puts it deeper). */
    private static final int REACH = 4;
    /** Least outline pairs a piece needs. */
    private static final int MIN_PAIRS = 40;
    /** Highest colour level. */
    private static final float TOP = 255f;
    /** Most opacity the bound may raise a piece to. */
    private static final double MAX_OPACITY = 0.95;

    private ColourBound() {
    }

    /**
     * Applies the bound to every flat piece of {@code rgba} (straight colour, opacity 0-255, over the crops' box),
     * in place.
     *
     * @param crops the aligned images over the box, RGB interleaved, 0-255
     * @param flat  per pixel, the index of the flat region it lies in (at least {@code rim} px inside the mark), or -1
     * @param rim   depth (px) of the flat regions inside the mark's outline
     */
    static void apply(float[][] crops, Image rgba, int[] flat, int rim) {
        int w = rgba.width(), h = rgba.height(), n = w * h;
        int regions = Arrays.stream(flat).max().orElse(-1) + 1;
        if (regions == 0) {
            return;
        }
        float[] a = rgba.alpha(), rgb = rgba.rgb();
        boolean[] solid = new boolean[n];
        for (int p = 0; p < n; p++) {
            solid[p] = a[p] > 0.5f;
        }
        int[] piece = Pixels.components(solid, w, h);
        int pieces = Arrays.stream(piece).max().orElse(-1) + 1;
        List<List<int[]>> pairs = new ArrayList<>();
        for (int i = 0; i < pieces; i++) {
            pairs.add(new ArrayList<>());
        }
        int[] dx = {1, -1, 0, 0}, dy = {0, 0, 1, -1};
        for (int p = 0; p < n; p++) {
            if (!solid[p]) {
                continue;
            }
            int x = p % w, y = p / w;
            for (int d = 0; d < 4; d++) {
                int qx = x - dx[d], qy = y - dy[d], ox = qx - OUT * dx[d], oy = qy - OUT * dy[d];
                if (!Pixels.inside(qx, qy, w, h) || solid[qy * w + qx] || !Pixels.inside(ox, oy, w, h)
                        || solid[oy * w + ox]) {
                    continue;
                }
                for (int t = rim; t <= rim + REACH; t++) {
                    int ix = x + t * dx[d], iy = y + t * dy[d];
                    if (!Pixels.inside(ix, iy, w, h) || !solid[iy * w + ix]) {
                        break;
                    }
                    if (flat[iy * w + ix] >= 0) {
                        pairs.get(piece[p]).add(new int[] {oy * w + ox, iy * w + ix});
                        break;
                    }
                }
            }
        }
        // a region's colour may be a gradient (a plane, see flattenColour): its shape is kept, its level re-measured
        float[] shape = shapes(rgb, flat, regions);
        float[][] peak = peaks(shape, flat, regions);
        for (int pc = 0; pc < pieces; pc++) {
            List<int[]> pp = pairs.get(pc);
            if (pp.size() < MIN_PAIRS) {
                continue;
            }
            float[] samples = new float[pp.size() * crops.length];
            double measured = a[pp.get(0)[1]] / TOP;
            if (brightest(crops, pp, flat, regions, shape, peak, measured, samples, null) <= TOP) {
                continue; // the colours fit: the bound says nothing
            }
            double lo = measured, hi = MAX_OPACITY;
            if (brightest(crops, pp, flat, regions, shape, peak, hi, samples, null) > TOP) {
                continue; // not even a nearly opaque mark fits: not a clipped colour, leave it
            }
            for (int it = 0; it < 30; it++) {
                double mid = 0.5 * (lo + hi);
                if (brightest(crops, pp, flat, regions, shape, peak, mid, samples, null) > TOP) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            float[][] colour = new float[regions][];
            brightest(crops, pp, flat, regions, shape, peak, hi, samples, colour);
            for (int p = 0; p < n; p++) {
                int r = flat[p];
                if (r >= 0 && piece[p] == pc && colour[r] != null) {
                    a[p] = (float) (hi * TOP);
                    for (int c = 0; c < 3; c++) {
                        rgb[p * 3 + c] = Math.max(0, Math.min(TOP, colour[r][c] + shape[p * 3 + c]));
                    }
                }
            }
        }
    }

    /**
     * The highest colour level of the piece's regions at opacity {@code alpha}; fills {@code colour} (per region,
     * null for regions without pairs) when given.
     */
    private static float brightest(float[][] crops, List<int[]> pairs, int[] flat, int regions, float[] shape,
                                   float[][] peak, double alpha, float[] samples, float[][] colour) {
        float top = -Float.MAX_VALUE;
        double s = 1 - alpha;
        for (int r = 0; r < regions; r++) {
            float[] wc = new float[3];
            boolean any = false;
            for (int c = 0; c < 3; c++) {
                int m = 0;
                for (int[] pair : pairs) {
                    if (flat[pair[1]] != r) {
                        continue;
                    }
                    int o = pair[0] * 3 + c, i = pair[1] * 3 + c;
                    float own = (float) (alpha * shape[i]);
                    for (float[] j : crops) {
                        samples[m++] = (float) (j[i] - s * j[o]) - own;
                    }
                }
                if (m == 0) {
                    break;
                }
                any = true;
                Arrays.sort(samples, 0, m);
                wc[c] = (float) (samples[m / 2] / alpha);
                top = Math.max(top, wc[c] + peak[r][c]);
            }
            if (colour != null && any) {
                colour[r] = wc;
            }
        }
        return top;
    }

    /** Each flat pixel's colour minus its region's mean colour (0 in a flat colour), interleaved like {@code rgb}. */
    private static float[] shapes(float[] rgb, int[] flat, int regions) {
        double[][] sum = new double[regions][3];
        int[] count = new int[regions];
        for (int p = 0; p < flat.length; p++) {
            if (flat[p] >= 0) {
                count[flat[p]]++;
                for (int c = 0; c < 3; c++) {
                    sum[flat[p]][c] += rgb[p * 3 + c];
                }
            }
        }
        float[] shape = new float[rgb.length];
        for (int p = 0; p < flat.length; p++) {
            int r = flat[p];
            if (r >= 0) {
                for (int c = 0; c < 3; c++) {
                    shape[p * 3 + c] = (float) (rgb[p * 3 + c] - sum[r][c] / count[r]);
                }
            }
        }
        return shape;
    }

    /** Per region and channel, the highest shape value: how far above its mean a region's colour reaches. */
    private static float[][] peaks(float[] shape, int[] flat, int regions) {
        float[][] peak = new float[regions][3];
        for (int p = 0; p < flat.length; p++) {
            if (flat[p] >= 0) {
                for (int c = 0; c < 3; c++) {
                    peak[flat[p]][c] = Math.max(peak[flat[p]][c], shape[p * 3 + c]);
                }
            }
        }
        return peak;
    }
}
