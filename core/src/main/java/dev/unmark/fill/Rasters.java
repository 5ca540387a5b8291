package dev.unmark.fill;

import dev.unmark.internal.OpenCv;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The raster operations a network fill needs on windows: interleaved float samples and byte masks, row-major.
 * Resizing, blurring and distances run in OpenCV; every Mat is released before returning.
 */
final class Rasters {

    private Rasters() {
    }

    /**
     * Resizes interleaved {@code channels}-sample pixels: area averaging when shrinking (no aliasing of fine
     * texture into the network's input), bilinear when growing (no overshoot at the seam).
     */
    static float[] resize(float[] data, int channels, int w, int h, int nw, int nh) {
        if (nw == w && nh == h) {
            return data.clone();
        }
        OpenCv.ensureLoaded();
        Mat src = new Mat(h, w, CvType.makeType(CvType.CV_32F, channels));
        Mat dst = new Mat();
        try {
            src.put(0, 0, data);
            int interpolation = nw <= w && nh <= h ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
            Imgproc.resize(src, dst, new Size(nw, nh), 0, 0, interpolation);
            float[] out = new float[nw * nh * channels];
            dst.get(0, 0, out);
            return out;
        } finally {
            src.release();
            dst.release();
        }
    }

    /**
     * Shrinks a mask so that a pixel is set when any pixel of its footprint is: a partly masked footprint would
     * otherwise blend the watermark into the network's context.
     */
    static byte[] shrinkMask(byte[] mask, int w, int h, int nw, int nh) {
        byte[] out = new byte[nw * nh];
        for (int y = 0; y < nh; y++) {
            int y0 = (int) ((long) y * h / nh), y1 = (int) Math.max(y0 + 1, ((long) (y + 1) * h + nh - 1) / nh);
            for (int x = 0; x < nw; x++) {
                int x0 = (int) ((long) x * w / nw), x1 = (int) Math.max(x0 + 1, ((long) (x + 1) * w + nw - 1) / nw);
                out[y * nw + x] = anySet(mask, w, x0, y0, Math.min(x1, w), Math.min(y1, h)) ? (byte) 255 : 0;
            }
        }
        return out;
    }

    private static boolean anySet(byte[] mask, int w, int x0, int y0, int x1, int y1) {
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (mask[y * w + x] != 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Grows a {@code w x h} raster to {@code nw x nh} by mirroring it at its right and bottom edges (edge pixel
     * repeated, as OpenCV's BORDER_REFLECT), repeatedly where the raster is much smaller than the target.
     */
    static float[] padReflect(float[] data, int channels, int w, int h, int nw, int nh) {
        float[] out = new float[nw * nh * channels];
        for (int y = 0; y < nh; y++) {
            int sy = mirror(y, h);
            for (int x = 0; x < nw; x++) {
                System.arraycopy(data, (sy * w + mirror(x, w)) * channels, out, (y * nw + x) * channels, channels);
            }
        }
        return out;
    }

    /** {@link #padReflect(float[], int, int, int, int, int)} for a mask. */
    static byte[] padReflect(byte[] mask, int w, int h, int nw, int nh) {
        byte[] out = new byte[nw * nh];
        for (int y = 0; y < nh; y++) {
            int sy = mirror(y, h);
            for (int x = 0; x < nw; x++) {
                out[y * nw + x] = mask[sy * w + mirror(x, w)];
            }
        }
        return out;
    }

    /** Index {@code i} folded into {@code [0, n)} by reflection with period {@code 2n}. */
    static int mirror(int i, int n) {
        int m = i % (2 * n);
        return m < n ? m : 2 * n - 1 - m;
    }

    /** The top-left {@code nw x nh} pixels of a {@code w x h} raster. */
    static float[] cropTopLeft(float[] data, int channels, int w, int nw, int nh) {
        float[] out = new float[nw * nh * channels];
        for (int y = 0; y < nh; y++) {
            System.arraycopy(data, y * w * channels, out, y * nw * channels, nw * channels);
        }
        return out;
    }

    /**
     * For each set pixel, the Euclidean distance to the nearest clear pixel (1 for a set pixel next to a clear
     * one); 0 for clear pixels. Without any clear pixel the distances are large.
     */
    static float[] distanceToClear(byte[] mask, int w, int h) {
        OpenCv.ensureLoaded();
        Mat src = new Mat(h, w, CvType.CV_8UC1);
        Mat dst = new Mat();
        try {
            src.put(0, 0, mask);
            Imgproc.distanceTransform(src, dst, Imgproc.DIST_L2, Imgproc.DIST_MASK_5);
            float[] out = new float[w * h];
            dst.get(0, 0, out);
            return out;
        } finally {
            src.release();
            dst.release();
        }
    }

    /** Gaussian blur of interleaved {@code channels}-sample pixels (1 to 4 channels). */
    static float[] gaussianBlur(float[] data, int channels, int w, int h, double sigma) {
        OpenCv.ensureLoaded();
        Mat src = new Mat(h, w, CvType.makeType(CvType.CV_32F, channels));
        Mat dst = new Mat();
        try {
            src.put(0, 0, data);
            Imgproc.GaussianBlur(src, dst, new Size(0, 0), sigma);
            float[] out = new float[data.length];
            dst.get(0, 0, out);
            return out;
        } finally {
            src.release();
            dst.release();
        }
    }
}
