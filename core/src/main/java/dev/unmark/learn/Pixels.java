package dev.unmark.learn;

import java.util.Arrays;

/** Small raster helpers the learning steps share, over row-major {@code w x h} boolean planes. */
final class Pixels {

    private Pixels() {
    }

    static boolean inside(int x, int y, int w, int h) {
        return x >= 0 && y >= 0 && x < w && y < h;
    }

    /** Whether every pixel within {@code r} (Chebyshev) of (x, y) is set; the frame counts as unset. */
    static boolean deep(boolean[] s, int w, int h, int x, int y, int r) {
        for (int yy = y - r; yy <= y + r; yy++) {
            for (int xx = x - r; xx <= x + r; xx++) {
                if (!inside(xx, yy, w, h) || !s[yy * w + xx]) {
                    return false;
                }
            }
        }
        return true;
    }

    /** 4-connected components of the set pixels: a label per pixel (0, 1, ...), -1 where unset. */
    static int[] components(boolean[] s, int w, int h) {
        int n = w * h;
        int[] label = new int[n];
        Arrays.fill(label, -1);
        int[] queue = new int[n];
        int next = 0;
        for (int seed = 0; seed < n; seed++) {
            if (!s[seed] || label[seed] >= 0) {
                continue;
            }
            int head = 0, tail = 0;
            queue[tail++] = seed;
            label[seed] = next;
            while (head < tail) {
                int p = queue[head++], x = p % w, y = p / w;
                if (x > 0 && s[p - 1] && label[p - 1] < 0) {
                    label[p - 1] = next;
                    queue[tail++] = p - 1;
                }
                if (x + 1 < w && s[p + 1] && label[p + 1] < 0) {
                    label[p + 1] = next;
                    queue[tail++] = p + 1;
                }
                if (y > 0 && s[p - w] && label[p - w] < 0) {
                    label[p - w] = next;
                    queue[tail++] = p - w;
                }
                if (y + 1 < h && s[p + w] && label[p + w] < 0) {
                    label[p + w] = next;
                    queue[tail++] = p + w;
                }
            }
            next++;
        }
        return label;
    }

    /** The pixels of each label of {@link #components} (labels 0, 1, ...), in raster order. */
    static int[][] members(int[] label) {
        int labels = 0;
        for (int l : label) {
            labels = Math.max(labels, l + 1);
        }
        int[] size = new int[labels];
        for (int l : label) {
            if (l >= 0) {
                size[l]++;
            }
        }
        int[][] out = new int[labels][];
        for (int l = 0; l < labels; l++) {
            out[l] = new int[size[l]];
        }
        int[] fill = new int[labels];
        for (int p = 0; p < label.length; p++) {
            if (label[p] >= 0) {
                out[label[p]][fill[label[p]]++] = p;
            }
        }
        return out;
    }
}
