package dev.unmark.learn;

import dev.unmark.image.Rect;
import dev.unmark.internal.PrincipalAxis;
import java.util.Arrays;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;

/**
 * The per-pixel median gradients of a collection in each colour channel (images read at their shifts), and where
 * they are strong. Colour, not luma: the edge a mark adds is {@code a (W - I)} in each channel, and a
 * mark whose luma is close to the photos' (a violet over greens and sky) has a luma edge that changes sign from image
 * to image and cancels in the median, while its blue edge keeps its sign. Each channel's magnitude is measured
 * against its own level over the frame (photos are more textured in some channels than others) and the strongest
 * channel speaks for the pixel. One channel at a time, so memory stays at two planes an image.
 */
final class ColourEdges {

    /** Channels: R, G, B. */
    static final int CHANNELS = 3;

    private final int w;
    private final int h;
    /** Smoothed median-gradient magnitude per channel. */
    private final float[][] magnitude;
    /** Median gradients {gx, gy} of R, G and B. */
    private final float[][][] median;

    private ColourEdges(int w, int h, float[][] magnitude, float[][][] median) {
        this.w = w;
        this.h = h;
        this.magnitude = magnitude;
        this.median = median;
    }

    /** Writes an image's channel (0-2 R, G, B) into a plane of {@code w * h} levels. */
    interface Planes {
        void fill(int image, int channel, float[] out);
    }

    /**
     * Buffers reused from channel to channel and call to call: two gradient planes per image (what the median needs
     * at once), and one image plane per thread. Allocating them per image and channel cost more than the filter (G1
     * treats planes this large as humongous objects).
     */
    static final class Scratch {
        private final float[][][] grad;
        /** Plane buffers for the threads at work (the common pool's and the caller). */
        private final BlockingQueue<float[]> planes;

        Scratch(int k, int n) {
            grad = new float[k][2][n];
            int threads = Math.min(k, ForkJoinPool.getCommonPoolParallelism() + 1);
            planes = new ArrayBlockingQueue<>(threads);
            for (int t = 0; t < threads; t++) {
                planes.add(new float[n]);
            }
        }

        /** The gradient buffers, {@code [image][gx, gy][pixel]}, overwritten by each {@link ColourEdges#of}. */
        float[][][] gradients() {
            return grad;
        }

        /** Runs {@code work} on a free plane buffer. */
        void withPlane(java.util.function.Consumer<float[]> work) {
            float[] plane;
            try {
                plane = planes.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            try {
                work.accept(plane);
            } finally {
                planes.add(plane);
            }
        }
    }

    /** @param shifts where each image is read, (dx, dy) per image */
    static ColourEdges of(Planes planes, int k, int[] shifts, int w, int h, Scratch scratch) {
        float[][] magnitude = new float[CHANNELS][];
        float[][][] median = new float[CHANNELS][][];
        for (int c = 0; c < CHANNELS; c++) {
            int cc = c;
            IntStream.range(0, k).parallel().forEach(i -> scratch.withPlane(plane -> {
                planes.fill(i, cc, plane);
                Gradients.sobelInto(plane, w, h, scratch.grad[i][0], scratch.grad[i][1]);
            }));
            float[][] med = WatermarkLearner.medianGradient(scratch.grad, shifts, w, h, Rect.of(w, h));
            magnitude[c] = WatermarkLearner.smoothedMagnitude(med, w, h);
            median[c] = med;
        }
        return new ColourEdges(w, h, magnitude, median);
    }

    /** An RGB byte image's channel (0-2 R, G, B) into {@code out}. */
    static void fill(byte[] rgb, int channel, float[] out) {
        for (int p = 0; p < out.length; p++) {
            out[p] = rgb[p * 3 + channel] & 0xff;
        }
    }

    /** Each channel's typical magnitude over the frame (its median), the unit it is measured in. */
    float[] scales() {
        float[] s = new float[CHANNELS];
        for (int c = 0; c < CHANNELS; c++) {
            float[] sorted = magnitude[c].clone();
            Arrays.sort(sorted);
            s[c] = Math.max(1e-3f, sorted[sorted.length / 2]);
        }
        return s;
    }

    /**
     * Per pixel, the strongest channel's magnitude in units of its scale, expressed in the channels' mean scale (so
     * thresholds keep levels).
     */
    float[] strongest(float[] scales) {
        float unit = (scales[0] + scales[1] + scales[2]) / 3;
        float[] out = new float[w * h];
        for (int p = 0; p < out.length; p++) {
            float best = 0;
            for (int c = 0; c < CHANNELS; c++) {
                best = Math.max(best, magnitude[c][p] / scales[c]);
            }
            out[p] = best * unit;
        }
        return out;
    }

    /**
     * The colour direction the mark's edges take over the support: the principal axis of the R, G, B median gradients
     * there (a 3x3 second-moment matrix, by power iteration), signed to add up positive and scaled so its weights'
     * magnitudes sum to 1 like luma's. Projected on it, every image shows the mark's edges with one sign, so the
     * images can be aligned on one plane. Luma's weights when the support is empty.
     */
    float[] projection(boolean[] support) {
        double[][] m = new double[3][3];
        for (int p = 0; p < support.length; p++) {
            if (!support[p]) {
                continue;
            }
            for (int d = 0; d < 2; d++) {
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        m[a][b] += (double) median[a][d][p] * median[b][d][p];
                    }
                }
            }
        }
        double[] u = PrincipalAxis.of(m, new double[] {0.299, 0.587, 0.114}, 50);
        if (u == null) {
            return new float[] {0.299f, 0.587f, 0.114f};
        }
        double sign = u[0] + u[1] + u[2] < 0 ? -1 : 1;
        return new float[] {(float) (sign * u[0]), (float) (sign * u[1]), (float) (sign * u[2])};
    }

    /** The channels' median gradients projected on {@code u}, as {@code [gx, gy]}. */
    float[][] along(float[] u) {
        float[][] out = new float[2][w * h];
        for (int d = 0; d < 2; d++) {
            for (int p = 0; p < w * h; p++) {
                out[d][p] = u[0] * median[0][d][p] + u[1] * median[1][d][p] + u[2] * median[2][d][p];
            }
        }
        return out;
    }

    /** An RGB byte image projected on {@code u}, into {@code out}. */
    static void project(byte[] rgb, float[] u, float[] out) {
        for (int p = 0; p < out.length; p++) {
            out[p] = u[0] * (rgb[p * 3] & 0xff) + u[1] * (rgb[p * 3 + 1] & 0xff) + u[2] * (rgb[p * 3 + 2] & 0xff);
        }
    }
}
