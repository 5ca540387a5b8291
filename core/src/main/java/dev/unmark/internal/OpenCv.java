package dev.unmark.internal;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.opencv.opencv_java;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The one place where core images cross into OpenCV ({@code org.opencv.*} from the bytedeco build) and back.
 * Loads the native library on first use, not in a static initialiser of a public class.
 */
public final class OpenCv {

    private static volatile boolean loaded;

    private OpenCv() {
    }

    /** Loads OpenCV's native code once per process; cheap after the first call. */
    public static void ensureLoaded() {
        if (!loaded) {
            synchronized (OpenCv.class) {
                if (!loaded) {
                    Loader.load(opencv_java.class);
                    loaded = true;
                }
            }
        }
    }

    /** An 8-bit, 3-channel BGR Mat of the image (samples rounded and clamped to 0-255). */
    public static Mat toBgr8(Image image) {
        ensureLoaded();
        int w = image.width(), h = image.height();
        float[] rgb = image.rgb();
        byte[] bgr = new byte[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            bgr[i * 3] = (byte) clamp8(rgb[i * 3 + 2]);
            bgr[i * 3 + 1] = (byte) clamp8(rgb[i * 3 + 1]);
            bgr[i * 3 + 2] = (byte) clamp8(rgb[i * 3]);
        }
        Mat mat = new Mat(h, w, CvType.CV_8UC3);
        mat.put(0, 0, bgr);
        return mat;
    }

    /** Converts a 3-channel BGR Mat (8-bit or 32-bit float, 0-255 scale) to an opaque image. */
    public static Image fromBgr(Mat mat) {
        int w = mat.cols(), h = mat.rows();
        if (mat.channels() != 3) {
            throw new IllegalArgumentException("expected a 3-channel Mat, got " + mat.channels());
        }
        float[] rgb = new float[w * h * 3];
        if (mat.depth() == CvType.CV_8U) {
            byte[] bgr = new byte[w * h * 3];
            mat.get(0, 0, bgr);
            for (int i = 0; i < w * h; i++) {
                rgb[i * 3] = bgr[i * 3 + 2] & 0xFF;
                rgb[i * 3 + 1] = bgr[i * 3 + 1] & 0xFF;
                rgb[i * 3 + 2] = bgr[i * 3] & 0xFF;
            }
        } else if (mat.depth() == CvType.CV_32F) {
            float[] bgr = new float[w * h * 3];
            mat.get(0, 0, bgr);
            for (int i = 0; i < w * h; i++) {
                rgb[i * 3] = bgr[i * 3 + 2];
                rgb[i * 3 + 1] = bgr[i * 3 + 1];
                rgb[i * 3 + 2] = bgr[i * 3];
            }
        } else {
            throw new IllegalArgumentException("unsupported Mat depth " + mat.depth());
        }
        return Image.wrap(w, h, rgb, null);
    }

    /** An 8-bit single-channel Mat, 255 where the mask is set. */
    public static Mat toMat(Mask mask) {
        ensureLoaded();
        Mat mat = new Mat(mask.height(), mask.width(), CvType.CV_8UC1);
        mat.put(0, 0, mask.data());
        return mat;
    }

    /** A mask from an 8-bit single-channel Mat; any non-zero pixel is set. */
    public static Mask toMask(Mat mat) {
        if (mat.type() != CvType.CV_8UC1) {
            throw new IllegalArgumentException("expected an 8-bit single-channel Mat, got type " + mat.type());
        }
        byte[] data = new byte[mat.rows() * mat.cols()];
        mat.get(0, 0, data);
        return Mask.wrap(mat.cols(), mat.rows(), data);
    }

    public static int clamp8(float v) {
        int r = Math.round(v);
        return r < 0 ? 0 : Math.min(r, 255);
    }
}
