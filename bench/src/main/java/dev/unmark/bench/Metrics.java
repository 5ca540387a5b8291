package dev.unmark.bench;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.internal.OpenCv;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Image-quality and mask metrics, on RGB samples 0-255, following the conventions of the shared bench README:
 * PSNR capped at 100 dB, SSIM as scikit-image's {@code structural_similarity(channel_axis=2, data_range=255)}.
 */
public final class Metrics {

    /** PSNR of identical images, and the cap for nearly identical ones. */
    public static final double PSNR_CAP = 100.0;
    /** Side of the SLBR/CLWD evaluation size. */
    public static final int EVAL_SIDE = 256;

    private static final int WIN = 7;
    private static final double K1 = 0.01, K2 = 0.03, RANGE = 255.0;

    private Metrics() {
    }

    /** Mean squared error over all samples of both images (same size). */
    public static double mse(Image a, Image b) {
        requireSameSize(a, b);
        float[] x = a.rgb(), y = b.rgb();
        double sum = 0;
        for (int i = 0; i < x.length; i++) {
            double d = (double) x[i] - y[i];
            sum += d * d;
        }
        return sum / x.length;
    }

    public static double psnr(Image a, Image b) {
        return psnrOf(mse(a, b));
    }

    /** PSNR for a peak of 255, capped at {@link #PSNR_CAP} (so identical images give the cap, not infinity). */
    public static double psnrOf(double mse) {
        if (mse <= 0) {
            return PSNR_CAP;
        }
        return Math.min(PSNR_CAP, 10 * Math.log10(RANGE * RANGE / mse));
    }

    public static double rmse(Image a, Image b) {
        return Math.sqrt(mse(a, b));
    }

    /** RMSE over the samples of the pixels set in {@code where}; NaN when nothing is set. */
    public static double rmseWithin(Image a, Image b, Mask where) {
        requireSameSize(a, b);
        if (where.width() != a.width() || where.height() != a.height()) {
            throw new IllegalArgumentException("mask size differs from image size");
        }
        float[] x = a.rgb(), y = b.rgb();
        byte[] m = where.data();
        double sum = 0;
        long n = 0;
        for (int p = 0; p < m.length; p++) {
            if (m[p] != 0) {
                for (int c = 0; c < 3; c++) {
                    double d = (double) x[p * 3 + c] - y[p * 3 + c];
                    sum += d * d;
                }
                n += 3;
            }
        }
        return n == 0 ? Double.NaN : Math.sqrt(sum / n);
    }

    /**
     * The image resized to 256x256 with OpenCV's bilinear {@code INTER_LINEAR} on 8-bit samples, as the reference
     * ({@code cv2.resize} of the decoded uint8 arrays) does.
     */
    public static Image resizeForEval(Image image) {
        Mat src = OpenCv.toBgr8(image); // loads OpenCV before the first Mat below
        Mat dst = new Mat();
        try {
            Imgproc.resize(src, dst, new Size(EVAL_SIDE, EVAL_SIDE), 0, 0, Imgproc.INTER_LINEAR);
            return OpenCv.fromBgr(dst);
        } finally { // explicit: a Mat left to its finalizer can be freed while a native call reads it (SIGSEGV)
            src.release();
            dst.release();
        }
    }

    /**
     * Mean structural similarity over the three channels, as scikit-image computes it by default: 7x7 uniform
     * window, K1 = 0.01, K2 = 0.03, sample covariance (N/(N-1)), data range 255, averaged over the windows that lie
     * wholly inside the image (skimage crops 3 px from each border of the SSIM map, so padding never matters).
     */
    public static double ssim(Image a, Image b) {
        requireSameSize(a, b);
        if (a.width() < WIN || a.height() < WIN) {
            throw new IllegalArgumentException("SSIM needs images of at least 7x7, got " + a.width() + "x" + a.height());
        }
        double sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += ssimChannel(a, b, c);
        }
        return sum / 3;
    }

    private static double ssimChannel(Image a, Image b, int channel) {
        int w = a.width(), h = a.height();
        // Integral images of x, y, x^2, y^2, xy, one row and column larger so sums need no edge cases.
        int iw = w + 1;
        double[] sx = new double[iw * (h + 1)], sy = new double[sx.length], sxx = new double[sx.length],
                syy = new double[sx.length], sxy = new double[sx.length];
        float[] xa = a.rgb(), ya = b.rgb();
        for (int yy = 0; yy < h; yy++) {
            double rx = 0, ry = 0, rxx = 0, ryy = 0, rxy = 0;
            for (int xx = 0; xx < w; xx++) {
                double x = xa[(yy * w + xx) * 3 + channel];
                double y = ya[(yy * w + xx) * 3 + channel];
                rx += x;
                ry += y;
                rxx += x * x;
                ryy += y * y;
                rxy += x * y;
                int i = (yy + 1) * iw + xx + 1, up = yy * iw + xx + 1;
                sx[i] = sx[up] + rx;
                sy[i] = sy[up] + ry;
                sxx[i] = sxx[up] + rxx;
                syy[i] = syy[up] + ryy;
                sxy[i] = sxy[up] + rxy;
            }
        }
        double np = WIN * WIN;
        double covNorm = np / (np - 1);
        double c1 = (K1 * RANGE) * (K1 * RANGE), c2 = (K2 * RANGE) * (K2 * RANGE);
        double total = 0;
        int count = 0;
        for (int y0 = 0; y0 + WIN <= h; y0++) {
            for (int x0 = 0; x0 + WIN <= w; x0++) {
                double ux = box(sx, iw, x0, y0) / np, uy = box(sy, iw, x0, y0) / np;
                double uxx = box(sxx, iw, x0, y0) / np, uyy = box(syy, iw, x0, y0) / np;
                double uxy = box(sxy, iw, x0, y0) / np;
                double vx = covNorm * (uxx - ux * ux), vy = covNorm * (uyy - uy * uy);
                double vxy = covNorm * (uxy - ux * uy);
                double s = ((2 * ux * uy + c1) * (2 * vxy + c2)) / ((ux * ux + uy * uy + c1) * (vx + vy + c2));
                total += s;
                count++;
            }
        }
        return total / count;
    }

    private static double box(double[] integral, int iw, int x0, int y0) {
        int x1 = x0 + WIN, y1 = y0 + WIN;
        return integral[y1 * iw + x1] - integral[y0 * iw + x1] - integral[y1 * iw + x0] + integral[y0 * iw + x0];
    }

    /** Counts of a predicted mask against the ground truth; the basis of IoU, F1 and the false-positive fraction. */
    public record MaskCounts(long truePositive, long predicted, long actual, long pixels) {

        public MaskCounts {
            if (truePositive < 0 || truePositive > Math.min(predicted, actual) || pixels <= 0) {
                throw new IllegalArgumentException("inconsistent mask counts");
            }
        }

        /** Intersection over union; 1 when both masks are empty (nothing to find, nothing claimed). */
        public double iou() {
            long union = predicted + actual - truePositive;
            return union == 0 ? 1.0 : (double) truePositive / union;
        }

        /** F1 (Dice); 1 when both masks are empty. */
        public double f1() {
            long denom = predicted + actual;
            return denom == 0 ? 1.0 : 2.0 * truePositive / denom;
        }

        /** Share of all pixels marked by the prediction but not by the ground truth. */
        public double falsePositiveFraction() {
            return (double) (predicted - truePositive) / pixels;
        }
    }

    public static MaskCounts maskCounts(Mask predicted, Mask actual) {
        predicted.requireSameSize(actual);
        byte[] p = predicted.data(), a = actual.data();
        long tp = 0, np = 0, na = 0;
        for (int i = 0; i < p.length; i++) {
            boolean pi = p[i] != 0, ai = a[i] != 0;
            if (pi) np++;
            if (ai) na++;
            if (pi && ai) tp++;
        }
        return new MaskCounts(tp, np, na, p.length);
    }

    private static void requireSameSize(Image a, Image b) {
        if (a.width() != b.width() || a.height() != b.height()) {
            throw new IllegalArgumentException("image sizes differ: " + a.width() + "x" + a.height() + " vs "
                    + b.width() + "x" + b.height());
        }
    }
}
