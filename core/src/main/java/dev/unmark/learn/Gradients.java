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

    /** Sobel x and y of {@code v} ({@code w x h}, borders replicated), as {@code [gx, gy]}. */
    static float[][] sobel(float[] v, int w, int h) {
        float[] gx = new float[w * h], gy = new float[w * h];
        for (int j = 0; j < h; j++) {
            int jm = Math.max(0, j - 1) * w, j0 = j * w, jp = Math.min(h - 1, j + 1) * w;
            for (int i = 0; i < w; i++) {
                int im = Math.max(0, i - 1), ip = Math.min(w - 1, i + 1);
                gx[j0 + i] = ((v[jm + ip] + 2 * v[j0 + ip] + v[jp + ip]) - (v[jm + im] + 2 * v[j0 + im] + v[jp + im]))
                        / 8f;
                gy[j0 + i] = ((v[jp + im] + 2 * v[jp + i] + v[jp + ip]) - (v[jm + im] + 2 * v[jm + i] + v[jm + ip]))
                        / 8f;
            }
        }
        return new float[][] {gx, gy};
    }

    /**
     * Normalised correlation of the image gradients {@code (gx, gy)} ({@code w} wide) with the mark's gradients
     * {@code (mx, my)} over the listed mark pixels {@code idx} (positions in a {@code bw}-wide box at
     * {@code (bx, by)}), for every whole shift up to {@code r} each way whose shifted box stays inside the image.
     *
     * @return {@code {dx, dy, score}} of the best shift, score -1 when none fits
     */
    static double[] bestShift(float[] gx, float[] gy, int w, int h, float[] mx, float[] my, int[] idx, int bw,
                              int bx, int by, int bbw, int bbh, int r) {
        double mm = 0;
        for (int p : idx) {
            mm += mx[p] * mx[p] + my[p] * my[p];
        }
        double[] best = {0, 0, -1};
        for (int dy = -r; dy <= r; dy++) {
            for (int dx = -r; dx <= r; dx++) {
                int x0 = bx + dx, y0 = by + dy;
                if (x0 < 0 || y0 < 0 || x0 + bbw > w || y0 + bbh > h) {
                    continue;
                }
                double dot = 0, gg = 0;
                for (int p : idx) {
                    int q = (y0 + p / bw) * w + x0 + p % bw;
                    dot += gx[q] * mx[p] + gy[q] * my[p];
                    gg += gx[q] * gx[q] + gy[q] * gy[q];
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
