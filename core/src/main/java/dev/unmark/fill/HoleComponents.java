package dev.unmark.fill;

import dev.unmark.image.Distances;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;

/**
 * The 8-connected components of a mask's set pixels, each with its box, size and width (the diameter of the
 * largest disc that fits inside it, from a distance transform). Labelled inside the marked box only, so a small
 * mark on a large photo costs one scan of the mask.
 */
final class HoleComponents {

    private final Rect marked;
    private final int[] labels; // over the marked box, 0 = clear, k = component k (1-based)
    private final Rect[] boxes;
    private final long[] pixels;
    private final float[] widths;

    private HoleComponents(Rect marked, int[] labels, Rect[] boxes, long[] pixels, float[] widths) {
        this.marked = marked;
        this.labels = labels;
        this.boxes = boxes;
        this.pixels = pixels;
        this.widths = widths;
    }

    static HoleComponents of(Mask mask) {
        Rect marked = mask.setBounds();
        if (marked.isEmpty()) {
            return new HoleComponents(marked, new int[0], new Rect[1], new long[1], new float[1]);
        }
        int mw = marked.width(), mh = marked.height(), w = mask.width();
        byte[] m = mask.data();
        int[] labels = new int[mw * mh];
        // Two-pass labelling with union-find over provisional labels (Rosenfeld and Pfaltz 1966).
        int[] parent = new int[16];
        int next = 1;
        for (int y = 0; y < mh; y++) {
            int src = (y + marked.y()) * w + marked.x();
            for (int x = 0; x < mw; x++) {
                if (m[src + x] == 0) {
                    continue;
                }
                int i = y * mw + x;
                int best = 0;
                if (x > 0) {
                    best = union(parent, best, labels[i - 1]);
                }
                if (y > 0) {
                    int up = i - mw;
                    if (x > 0) {
                        best = union(parent, best, labels[up - 1]);
                    }
                    best = union(parent, best, labels[up]);
                    if (x < mw - 1) {
                        best = union(parent, best, labels[up + 1]);
                    }
                }
                if (best == 0) {
                    if (next == parent.length) {
                        parent = java.util.Arrays.copyOf(parent, parent.length * 2);
                    }
                    parent[next] = next;
                    best = next++;
                }
                labels[i] = best;
            }
        }
        // Final labels numbered in raster order of first appearance.
        int[] finalOf = new int[next];
        int count = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] != 0) {
                int root = find(parent, labels[i]);
                if (finalOf[root] == 0) {
                    finalOf[root] = ++count;
                }
                labels[i] = finalOf[root];
            }
        }
        int[] minX = new int[count + 1], minY = new int[count + 1];
        int[] maxX = new int[count + 1], maxY = new int[count + 1];
        long[] pixels = new long[count + 1];
        java.util.Arrays.fill(minX, Integer.MAX_VALUE);
        java.util.Arrays.fill(minY, Integer.MAX_VALUE);
        java.util.Arrays.fill(maxX, -1);
        java.util.Arrays.fill(maxY, -1);
        for (int y = 0; y < mh; y++) {
            for (int x = 0; x < mw; x++) {
                int k = labels[y * mw + x];
                if (k != 0) {
                    pixels[k]++;
                    minX[k] = Math.min(minX[k], x);
                    maxX[k] = Math.max(maxX[k], x);
                    minY[k] = Math.min(minY[k], y);
                    maxY[k] = Math.max(maxY[k], y);
                }
            }
        }
        Rect[] boxes = new Rect[count + 1];
        float[] widths = new float[count + 1];
        for (int k = 1; k <= count; k++) {
            Rect local = new Rect(minX[k], minY[k], maxX[k] - minX[k] + 1, maxY[k] - minY[k] + 1);
            boxes[k] = new Rect(local.x() + marked.x(), local.y() + marked.y(), local.width(), local.height());
            widths[k] = width(labels, mw, local, k);
        }
        return new HoleComponents(marked, labels, boxes, pixels, widths);
    }

    /** Diameter of the largest disc inside component {@code k}: {@code 2 d - 1} for the deepest pixel's distance d. */
    private static float width(int[] labels, int mw, Rect box, int k) {
        byte[] own = new byte[box.width() * box.height()];
        for (int y = 0; y < box.height(); y++) {
            for (int x = 0; x < box.width(); x++) {
                if (labels[(y + box.y()) * mw + x + box.x()] == k) {
                    own[y * box.width() + x] = 1;
                }
            }
        }
        float max = 0;
        for (float d : Distances.squaredInside(own, box.width(), box.height())) {
            max = Math.max(max, d);
        }
        return 2 * (float) Math.sqrt(max) - 1;
    }

    private static int union(int[] parent, int a, int b) {
        if (b == 0) {
            return a;
        }
        if (a == 0) {
            return find(parent, b);
        }
        int ra = find(parent, a), rb = find(parent, b);
        if (ra == rb) {
            return ra;
        }
        int lo = Math.min(ra, rb);
        parent[Math.max(ra, rb)] = lo;
        return lo;
    }

    private static int find(int[] parent, int a) {
        while (parent[a] != a) {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        return a;
    }

    /** Number of components; they are numbered 1 to {@code count()} in raster order. */
    int count() {
        return boxes.length - 1;
    }

    /** Bounding box of component {@code k}, in image coordinates. */
    Rect box(int k) {
        return boxes[k];
    }

    long pixels(int k) {
        return pixels[k];
    }

    /** Diameter in pixels of the largest disc inside component {@code k} (1 for a one-pixel line). */
    float width(int k) {
        return widths[k];
    }

    /** The component at image pixel {@code (x, y)}, 0 when it is clear. */
    int labelAt(int x, int y) {
        if (!marked.contains(x, y)) {
            return 0;
        }
        return labels[(y - marked.y()) * marked.width() + x - marked.x()];
    }
}
