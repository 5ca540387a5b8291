package dev.unmark.internal;

import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Small morphology helpers the detectors share. */
public final class Morphology {

    private Morphology() {
    }

    /** An (untracked) elliptical structuring element of diameter {@code 2 radius + 1}; the caller releases it. */
    public static Mat ellipse(int radius) {
        OpenCv.ensureLoaded();
        return Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(2 * radius + 1, 2 * radius + 1));
    }

    /** {@code v}, or {@code v + 1} when it is even: a kernel size with a centre. */
    public static int odd(int v) {
        return v % 2 == 0 ? v + 1 : v;
    }

    /** Above this radius a dilation runs as a distance transform; see {@link #dilate}. */
    private static final int MAX_KERNEL_RADIUS = 8;

    /**
     * A {@code w x h} byte mask (non-zero set) dilated with a disc of the given radius; a new array. OpenCV's
     * dilation with a non-rectangular kernel costs time in proportion to the kernel's size, which on the lines of a
     * 40-megapixel photo (radius ~90 px) took tens of seconds; above {@value #MAX_KERNEL_RADIUS} px the same disc is
     * taken from the exact Euclidean distance transform instead (every pixel within {@code radius} of a set one),
     * whose cost does not depend on the radius.
     */
    public static byte[] dilate(byte[] mask, int w, int h, int radius) {
        try (MatScope mats = new MatScope()) {
            Mat m = mats.track(new Mat(h, w, CvType.CV_8UC1));
            m.put(0, 0, mask);
            dilate(m, m, radius);
            byte[] out = new byte[w * h];
            m.get(0, 0, out);
            return out;
        }
    }

    /**
     * {@code dst} = the 8-bit single-channel {@code src} (non-zero set) dilated with a disc of the given radius,
     * set pixels 255; {@code dst} may be {@code src}. See {@link #dilate(byte[], int, int, int)} for the method.
     */
    public static void dilate(Mat src, Mat dst, int radius) {
        try (MatScope mats = new MatScope()) {
            if (radius <= MAX_KERNEL_RADIUS) {
                Imgproc.dilate(src, dst, mats.ellipse(radius));
                return;
            }
            // distanceTransform measures to the nearest zero pixel, so set pixels are made the zeros.
            Mat unset = mats.track(new Mat());
            Imgproc.threshold(src, unset, 0, 255, Imgproc.THRESH_BINARY_INV);
            Mat dist = mats.track(new Mat());
            Imgproc.distanceTransform(unset, dist, Imgproc.DIST_L2, Imgproc.DIST_MASK_PRECISE);
            Imgproc.threshold(dist, dist, radius, 255, Imgproc.THRESH_BINARY_INV); // <= radius -> 255
            dist.convertTo(dst, CvType.CV_8U);
        }
    }
}
