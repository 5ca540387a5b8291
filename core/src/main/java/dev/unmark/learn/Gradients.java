package dev.unmark.learn;

import dev.unmark.image.Image;

/** Luma and its Sobel gradients (divided by 8: level change per pixel), and the shift search on them. */
final class Gradients {

    private Gradients() {
    }

    static float[] luma(Image img) {
        float[] rgb = img.rgb(), y = new float[img.width() * img.height()];
        for (int i = 0; i < y.length; i++) {
            y[i] = 0.299f * rgb[i * 3] + 0.587f * rgb[i * 3 + 1] + 0.114f * rgb[i * 3 + 2];
        }
        return y;
    }

    /** Mean over the (2 radius + 1)^2 square around each pixel (borders replicated), by running sums per axis. */
    static float[] boxBlur(float[] v, int w, int h, int radius) {
        float[] tmp = new float[w * h], out = new float[w * h];
        float norm = 1f / (2 * radius + 1);
        for (int j = 0; j < h; j++) {
            double sum = 0;
            for (int t = -radius; t <= radius; t++) {
                sum += v[j * w + Math.max(0, Math.min(w - 1, t))];
            }
            for (int i = 0; i < w; i++) {
                tmp[j * w + i] = (float) (sum * norm);
                sum += v[j * w + Math.min(w - 1, i + radius + 1)] - v[j * w + Math.max(0, i - radius)];
            }
        }
        for (int i = 0; i < w; i++) {
            double sum = 0;
            for (int t = -radius; t <= radius; t++) {
                sum += tmp[Math.max(0, Math.min(h - 1, t)) * w + i];
            }
            for (int j = 0; j < h; j++) {
                out[j * w + i] = (float) (sum * norm);
                sum += tmp[Math.min(h - 1, j + radius + 1) * w + i] - tmp[Math.max(0, j - radius) * w + i];
            }
        }
        return out;
    }

    /** Sobel x and y of {@code v} ({@code w x h}, borders replicated), as {@code [gx, gy]}. */
    static float[][] sobel(float[] v, int w, int h) {
        float[] gx = new float[w * h], gy = new float[w * h];
        sobelInto(v, w, h, gx, gy);
        return new float[][] {gx, gy};
    }

    /**
     * {@link #sobel} into given planes: over a collection, allocating two image-sized planes per image and channel
     * (humongous objects to the collector) costs several times the filter itself.
     */
    static void sobelInto(float[] v, int w, int h, float[] gx, float[] gy) {
        for (int j = 0; j < h; j++) {
            int jm = Math.max(0, j - 1) * w, j0 = j * w, jp = Math.min(h - 1, j + 1) * w;
            sobelAt(v, w, gx, gy, jm, j0, jp, 0);
            // the interior without clamping: a plain loop the JIT vectorises (it runs over every image's planes)
            for (int i = 1; i < w - 1; i++) {
                float right = v[jm + i + 1] + 2 * v[j0 + i + 1] + v[jp + i + 1];
                float left = v[jm + i - 1] + 2 * v[j0 + i - 1] + v[jp + i - 1];
                float below = v[jp + i - 1] + 2 * v[jp + i] + v[jp + i + 1];
                float above = v[jm + i - 1] + 2 * v[jm + i] + v[jm + i + 1];
                gx[j0 + i] = (right - left) * 0.125f;
                gy[j0 + i] = (below - above) * 0.125f;
            }
            if (w > 1) {
                sobelAt(v, w, gx, gy, jm, j0, jp, w - 1);
            }
        }
    }

    private static void sobelAt(float[] v, int w, float[] gx, float[] gy, int jm, int j0, int jp, int i) {
        int im = Math.max(0, i - 1), ip = Math.min(w - 1, i + 1);
        gx[j0 + i] = ((v[jm + ip] + 2 * v[j0 + ip] + v[jp + ip]) - (v[jm + im] + 2 * v[j0 + im] + v[jp + im])) * 0.125f;
        gy[j0 + i] = ((v[jp + im] + 2 * v[jp + i] + v[jp + ip]) - (v[jm + im] + 2 * v[jm + i] + v[jm + ip])) * 0.125f;
    }

    /**
     * Least share of the mark's listed pixels that must fall inside the image at a shift for it to be scored: a mark
     * that touches the border (a grid over the whole photo, a line running off the edge) is stamped partly outside
     * it in some images, and those shifts must still be found.
     */
    static final double MIN_OVERLAP = 0.75;

    /**
     * Normalised correlation of the image gradients {@code (gx, gy)} ({@code w} wide) with the mark's gradients
     * {@code (mx, my)} over the listed mark pixels {@code idx} (positions in a {@code bw}-wide box at
     * {@code (bx, by)}), for every whole shift up to {@code r} each way, over the listed pixels that land inside the
     * image (at least {@link #MIN_OVERLAP} of them).
     *
     * @return {@code {dx, dy, score}} of the best shift, score -1 when none fits
     */
    static double[] bestShift(float[] gx, float[] gy, int w, int h, float[] mx, float[] my, int[] idx, int bw,
                              int bx, int by, int bbw, int bbh, int r) {
        double[] best = {0, 0, -1};
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                int x0 = bx + dx, y0 = by + dy;
                double dot = 0, gg = 0, mm = 0;
                int in = 0;
                for (int p : idx) {
                    int x = x0 + p % bw, y = y0 + p / bw;
                    if (x < 0 || y < 0 || x >= w || y >= h) {
                        continue;
                    }
                    int q = y * w + x;
                    in++;
                    dot += gx[q] * mx[p] + gy[q] * my[p];
                    gg += gx[q] * gx[q] + gy[q] * gy[q];
                    mm += mx[p] * mx[p] + my[p] * my[p];
                }
                if (in < MIN_OVERLAP * idx.length) {
                    continue;
                }
                double s = gg > 0 && mm > 0 ? dot / Math.sqrt(gg * mm) : 0;
                if (s > best[2]) {
                    best = new double[] {dx, dy, s};
                }
            }
        }
        return best;
    }
}
