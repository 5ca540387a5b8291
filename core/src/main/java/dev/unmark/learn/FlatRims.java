package dev.unmark.learn;

import dev.unmark.image.Image;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Refines the rim of a learned mark's flat regions (a logo's bodies of one colour and one opacity) against the
 * aligned images. The integrations give the rim, the anti-aliased edge a few pixels wide, a noisy opacity (spread
 * ratios of a handful of images); there, per pixel, the opacity between 0 and its region's that makes the recovered
 * images continue their neighbours best is taken: the least absolute difference to the four neighbours summed over
 * images and channels (the sparse-gradient prior of Dekel et al.) plus a small total variation of the opacity, found
 * by a few sweeps of iterated conditional modes, the colour being the nearest region's. Parts of the mark that are
 * not flat (strokes, gradients) are left as they are.
 *
 * <p>Tried and left out: refitting each piece's opacity and each region's colour from the same pairs across the
 * outline ({@code J_k(i) - s J_k(o)}, least absolute spread): {@code I(i)} regresses towards the mean against
 * {@code I(o)}, so {@code s} comes out low (g1 0.515 for 0.549), and it cost 0.9 dB on a jittered logo group.
 */
final class FlatRims {

    /** How far (px) outside the mark's outline the rim search reaches. */
    private static final int BAND = 2;
    /** Opacity levels tried per rim pixel (coverage 0 to 1 of the region's opacity). */
    private static final int LEVELS = 20;
    /** Most sweeps of the rim search (it settles in 4-6). */
    private static final int SWEEPS = 6;
    /**
     * Weight of the opacity's own total variation, in levels of the recovered images per unit of opacity, per
     * image and channel: smooths the rim's opacity where the images disagree (g1 / j1 of the dev bench: 0 gave
     * 36.05 / 41.43 dB full resolution, 40 gave 36.07 / 41.63, 250 gave 36.06 / 41.54).
     */
    private static final double LAMBDA = 40;

    private FlatRims() {
    }

    /**
     * Refines {@code rgba} (straight colour, opacity 0-255, over the crops' box) in place.
     *
     * @param crops the aligned images over the box, RGB interleaved, 0-255
     * @param flat  per pixel, the index of the flat region it lies in (at least {@code rim} px inside the mark), or -1
     * @param rim   depth (px) of the flat regions inside the mark's outline
     */
    static void refine(float[][] crops, Image rgba, int[] flat, int rim) {
        int w = rgba.width(), h = rgba.height();
        int n = w * h, k = crops.length;
        float[] a = rgba.alpha(), rgb = rgba.rgb();
        int[] owner = owners(flat, w, h, rim + BAND);
        // the rim: owned, not flat, and not deep inside the mark (other colours' interiors keep their values)
        boolean[] solid = new boolean[n];
        for (int p = 0; p < n; p++) {
            solid[p] = a[p] > 0.5f;
        }
        int[] rimPixels = IntStream.range(0, n)
                .filter(p -> owner[p] >= 0 && flat[p] < 0 && !Pixels.deep(solid, w, h, p % w, p / w, rim)).toArray();
        if (rimPixels.length == 0) {
            return;
        }
        boolean[] onRim = new boolean[n];
        for (int p : rimPixels) {
            onRim[p] = true;
        }
        // current recovered images
        float[][] rec = new float[k][n * 3];
        for (int p = 0; p < n; p++) {
            float al = a[p] / 255f;
            for (int i = 0; i < k; i++) {
                for (int c = 0; c < 3; c++) {
                    rec[i][p * 3 + c] = al <= 0 ? crops[i][p * 3 + c]
                            : (crops[i][p * 3 + c] - al * rgb[p * 3 + c]) / Math.max(0.02f, 1 - al);
                }
            }
        }
        // start from the mark's shape (its region's opacity where the integration gave at least half of it, else
        // 0): from the integration's values, whole patches of one wrong opacity look smooth to the criterion and
        // the sweeps only move them from their edges (on a disc: rim error 0.032 from there, 0.021 from the shape)
        float[] cur = new float[n];
        for (int p : rimPixels) {
            cur[p] = a[p] > 0.5f * a[owner[p]] ? a[owner[p]] / 255f : 0;
        }
        // red-black order: pixels of one parity of x + y have no 4-neighbour of the same parity, so each half is
        // updated in parallel and the result does not depend on the threads
        int[][] halves = {
            Arrays.stream(rimPixels).filter(p -> (p % w + p / w) % 2 == 0).toArray(),
            Arrays.stream(rimPixels).filter(p -> (p % w + p / w) % 2 == 1).toArray()};
        for (int sweep = 0; sweep < SWEEPS; sweep++) {
            int changed = 0;
            for (int[] half : halves) {
                changed += IntStream.of(half).parallel()
                        .map(p -> update(p, w, h, k, crops, rec, a, rgb, owner, onRim, cur) ? 1 : 0).sum();
            }
            if (changed == 0) {
                break;
            }
        }
        for (int p : rimPixels) {
            a[p] = cur[p] * 255;
            for (int c = 0; c < 3; c++) {
                rgb[p * 3 + c] = cur[p] > 0 ? rgb[owner[p] * 3 + c] : 0;
            }
        }
    }

    /** One ICM step at rim pixel {@code p}: its best opacity level given its neighbours; whether it changed. */
    private static boolean update(int p, int w, int h, int k, float[][] crops, float[][] rec, float[] a, float[] rgb,
                                  int[] owner, boolean[] onRim, float[] cur) {
        int[] nb = new int[4];
        int x = p % w, y = p / w, m = 0;
        if (x > 0) {
            nb[m++] = p - 1;
        }
        if (x + 1 < w) {
            nb[m++] = p + 1;
        }
        if (y > 0) {
            nb[m++] = p - w;
        }
        if (y + 1 < h) {
            nb[m++] = p + w;
        }
        int o = owner[p];
        float amax = a[o] / 255f;
        double best = Double.MAX_VALUE;
        float bestA = cur[p];
        for (int l = 0; l <= LEVELS; l++) {
            float al = amax * l / LEVELS;
            float inv = 1f / (1 - al);
            double cost = 0;
            for (int i = 0; i < k; i++) {
                float[] J = crops[i], R = rec[i];
                for (int c = 0; c < 3; c++) {
                    float v = (J[p * 3 + c] - al * rgb[o * 3 + c]) * inv;
                    for (int t = 0; t < m; t++) {
                        cost += Math.abs(v - R[nb[t] * 3 + c]);
                    }
                }
            }
            for (int t = 0; t < m; t++) {
                cost += LAMBDA * k * 3 * Math.abs(al - (onRim[nb[t]] ? cur[nb[t]] : a[nb[t]] / 255f));
            }
            if (cost < best) {
                best = cost;
                bestA = al;
            }
        }
        boolean changed = bestA != cur[p];
        cur[p] = bestA;
        float inv = 1f / (1 - bestA);
        for (int i = 0; i < k; i++) {
            for (int c = 0; c < 3; c++) {
                rec[i][p * 3 + c] = (crops[i][p * 3 + c] - bestA * rgb[o * 3 + c]) * inv;
            }
        }
        return changed;
    }

    /** Per pixel, the nearest flat pixel (breadth-first, 8-connected) within {@code reach} px, or -1. */
    private static int[] owners(int[] flat, int w, int h, int reach) {
        int n = w * h;
        int[] owner = new int[n], dist = new int[n], queue = new int[n];
        Arrays.fill(owner, -1);
        int head = 0, tail = 0;
        for (int p = 0; p < n; p++) {
            if (flat[p] >= 0) {
                owner[p] = p;
                queue[tail++] = p;
            }
        }
        while (head < tail) {
            int p = queue[head++];
            if (dist[p] >= reach) {
                continue;
            }
            int x = p % w, y = p / w;
            for (int dy = -1; dy <= 1; dy++) {
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx, yy = y + dy;
                    if (Pixels.inside(xx, yy, w, h) && owner[yy * w + xx] < 0) {
                        int q = yy * w + xx;
                        owner[q] = owner[p];
                        dist[q] = dist[p] + 1;
                        queue[tail++] = q;
                    }
                }
            }
        }
        return owner;
    }
}
