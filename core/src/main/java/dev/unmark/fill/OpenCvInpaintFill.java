package dev.unmark.fill;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.internal.OpenCv;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.photo.Photo;

/**
 * OpenCV's diffusion inpainting, {@code Photo.inpaint}: Telea's fast marching method (Telea 2004) or the
 * Navier-Stokes method (Bertalmio et al. 2001). Fine for thin strokes; smears texture on wide holes.
 * Works on 8-bit samples, so filled pixels are whole numbers.
 */
public final class OpenCvInpaintFill extends CroppingFill {

    /** Which of OpenCV's two methods. */
    public enum Method {
        TELEA("telea", Photo.INPAINT_TELEA), NAVIER_STOKES("ns", Photo.INPAINT_NS);

        final String key;
        final int flag;

        Method(String key, int flag) {
            this.key = key;
            this.flag = flag;
        }
    }

    /** Neighbourhood radius OpenCV considers for each filled pixel; 3 is OpenCV's own example value. */
    public static final double DEFAULT_RADIUS = 3.0;

    private final Method method;
    private final double radius;

    public OpenCvInpaintFill(Method method, double radius) {
        // The crop margin must exceed the inpainting radius so every hole pixel sees real context.
        super((int) Math.ceil(radius) + 8);
        if (!(radius > 0)) {
            throw new IllegalArgumentException("inpaint radius must be positive, got " + radius);
        }
        this.method = method;
        this.radius = radius;
    }

    public static OpenCvInpaintFill telea() {
        return new OpenCvInpaintFill(Method.TELEA, DEFAULT_RADIUS);
    }

    public static OpenCvInpaintFill navierStokes() {
        return new OpenCvInpaintFill(Method.NAVIER_STOKES, DEFAULT_RADIUS);
    }

    @Override
    public String name() {
        return method.key;
    }

    /**
     * Inpaints the crop padded by one pixel that is itself marked as a hole: {@code Photo.inpaint} mishandles
     * holes touching the top or left edge (opencv/opencv#25389, the workaround given there), which happens
     * whenever a mask touches the image border. The padding is dropped again.
     */
    @Override
    protected Image fillCrop(Image crop, Mask holes) {
        // Released explicitly: a Mat only reachable through its native handle can be finalized (freed) while a
        // native call still reads it, which crashes the JVM under GC pressure.
        Mat src = OpenCv.toBgr8(crop);
        Mat mask = OpenCv.toMat(holes);
        Mat paddedSrc = new Mat();
        Mat paddedMask = new Mat();
        Mat dst = new Mat();
        Mat innerView = null;
        Mat inner = null;
        try {
            Core.copyMakeBorder(src, paddedSrc, 1, 1, 1, 1, Core.BORDER_REPLICATE);
            Core.copyMakeBorder(mask, paddedMask, 1, 1, 1, 1, Core.BORDER_CONSTANT, new Scalar(255));
            Photo.inpaint(paddedSrc, paddedMask, dst, radius, method.flag);
            innerView = dst.submat(1, dst.rows() - 1, 1, dst.cols() - 1);
            inner = innerView.clone();
            return OpenCv.fromBgr(inner);
        } finally {
            for (Mat m : new Mat[] {src, mask, paddedSrc, paddedMask, dst, innerView, inner}) {
                if (m != null) {
                    m.release();
                }
            }
        }
    }
}
