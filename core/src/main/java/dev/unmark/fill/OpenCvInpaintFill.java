package dev.unmark.fill;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.internal.OpenCv;
import org.opencv.core.Mat;
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

    @Override
    protected Image fillCrop(Image crop, Mask holes) {
        // Released explicitly: a Mat only reachable through its native handle can be finalized (freed) while a
        // native call still reads it, which crashes the JVM under GC pressure.
        Mat src = OpenCv.toBgr8(crop);
        Mat holeMat = OpenCv.toMat(holes);
        Mat dst = new Mat();
        try {
            Photo.inpaint(src, holeMat, dst, radius, method.flag);
            return OpenCv.fromBgr(dst);
        } finally {
            src.release();
            holeMat.release();
            dst.release();
        }
    }
}
