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

    /** A {@code w x h} byte mask (non-zero set) dilated with an elliptical disc of the given radius; a new array. */
    public static byte[] dilate(byte[] mask, int w, int h, int radius) {
        try (MatScope mats = new MatScope()) {
            Mat m = mats.track(new Mat(h, w, CvType.CV_8UC1));
            m.put(0, 0, mask);
            Imgproc.dilate(m, m, mats.ellipse(radius));
            byte[] out = new byte[w * h];
            m.get(0, 0, out);
            return out;
        }
    }
}
