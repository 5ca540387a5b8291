package dev.unmark.image;

/**
 * Distance transforms of masks, in pixels: how far each set pixel lies from the nearest clear one, and how wide
 * the set area is there. Pixels outside the grid count as clear, so a hole cut by the image border is as wide as
 * its visible part.
 */
public final class Distances {

    /** Stands for "no clear pixel": larger than any squared distance, small enough to add squares to exactly. */
    private static final double FAR = 1e15;

    private Distances() {
    }

    /**
     * Squared Euclidean distance from each set pixel to the centre of the nearest clear pixel (0 on clear pixels;
     * 1 on a set pixel next to a clear one), exact, in linear time: the separable lower-envelope method of
     * Felzenszwalb and Huttenlocher ("Distance transforms of sampled functions", 2012).
     *
     * @param set row-major, non-zero = set
     */
    public static float[] squaredInside(byte[] set, int width, int height) {
        if (set.length != (long) width * height) {
            throw new IllegalArgumentException("mask of " + width + "x" + height + " needs " + (long) width * height
                    + " bytes, got " + set.length);
        }
        // Padded by one clear pixel on every side: outside the grid counts as clear. Doubles: squared distances of
        // large images exceed float's exact integers, and the envelope's intersections need the precision.
        int pw = width + 2, ph = height + 2;
        double[] d = new double[pw * ph];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                d[(y + 1) * pw + x + 1] = set[y * width + x] != 0 ? FAR : 0;
            }
        }
        int n = Math.max(pw, ph);
        double[] f = new double[n];
        double[] out = new double[n];
        int[] v = new int[n];
        double[] z = new double[n + 1];
        for (int x = 0; x < pw; x++) {
            for (int y = 0; y < ph; y++) {
                f[y] = d[y * pw + x];
            }
            lowerEnvelope(f, ph, out, v, z);
            for (int y = 0; y < ph; y++) {
                d[y * pw + x] = out[y];
            }
        }
        for (int y = 0; y < ph; y++) {
            System.arraycopy(d, y * pw, f, 0, pw);
            lowerEnvelope(f, pw, out, v, z);
            System.arraycopy(out, 0, d, y * pw, pw);
        }
        float[] result = new float[width * height];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                result[y * width + x] = (float) d[(y + 1) * pw + x + 1];
            }
        }
        return result;
    }

    /** One dimension of the transform: {@code out[q] = min_p (q - p)^2 + f[p]}. */
    private static void lowerEnvelope(double[] f, int n, double[] out, int[] v, double[] z) {
        int k = 0;
        v[0] = 0;
        z[0] = Double.NEGATIVE_INFINITY;
        z[1] = Double.POSITIVE_INFINITY;
        for (int q = 1; q < n; q++) {
            double s = intersection(f, q, v[k]);
            while (s <= z[k]) {
                k--;
                s = intersection(f, q, v[k]);
            }
            k++;
            v[k] = q;
            z[k] = s;
            z[k + 1] = Double.POSITIVE_INFINITY;
        }
        k = 0;
        for (int q = 0; q < n; q++) {
            while (z[k + 1] < q) {
                k++;
            }
            double dq = q - v[k];
            out[q] = dq * dq + f[v[k]];
        }
    }

    private static double intersection(double[] f, int q, int p) {
        return ((f[q] + (double) q * q) - (f[p] + (double) p * p)) / (2.0 * (q - p));
    }

    /**
     * The local width of the set area at each set pixel (0 on clear pixels): the diameter, in pixels, of the largest
     * disc of set pixels that contains it ("local thickness", Hildebrand and Rüegsegger 1997). A line one pixel wide
     * has width 1, a stroke of 9 pixels has 9 along its middle and at its edges, a disc its diameter everywhere.
     */
    public static float[] localWidth(Mask mask) {
        int w = mask.width(), h = mask.height();
        float[] sq = squaredInside(mask.data(), w, h);
        float[] dist = new float[sq.length];
        for (int i = 0; i < sq.length; i++) {
            dist[i] = (float) Math.sqrt(sq[i]);
        }
        float[] width = new float[sq.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float r = dist[i];
                if (r <= 0) {
                    continue;
                }
                // A disc whose 4-neighbour's disc is at least 1 px larger lies inside that disc (triangle
                // inequality), so it cannot raise any width: skipping it keeps the result exact and the work small.
                if ((x > 0 && dist[i - 1] >= r + 1) || (x < w - 1 && dist[i + 1] >= r + 1)
                        || (y > 0 && dist[i - w] >= r + 1) || (y < h - 1 && dist[i + w] >= r + 1)) {
                    continue;
                }
                float value = 2 * r - 1;
                int reach = (int) Math.ceil(r) - 1;
                float r2 = r * r;
                for (int dy = -reach; dy <= reach; dy++) {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h) {
                        continue;
                    }
                    for (int dx = -reach; dx <= reach; dx++) {
                        int xx = x + dx;
                        if (xx >= 0 && xx < w && dx * dx + dy * dy < r2 && width[yy * w + xx] < value) {
                            width[yy * w + xx] = value;
                        }
                    }
                }
            }
        }
        return width;
    }
}
