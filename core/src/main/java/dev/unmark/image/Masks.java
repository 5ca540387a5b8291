package dev.unmark.image;

import dev.unmark.internal.OpenCv;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Operations on masks that need more than a loop: connected components, dilation. */
public final class Masks {

    private Masks() {
    }

    /** Bounding boxes of the 8-connected components of the set pixels, in label order. */
    public static List<Rect> componentBoxes(Mask mask) {
        OpenCv.ensureLoaded(); // the Mats below are created before toMat would load the native library
        Mat labels = new Mat();
        Mat stats = new Mat();
        Mat centroids = new Mat();
        Mat src = OpenCv.toMat(mask);
        try {
            int n = Imgproc.connectedComponentsWithStats(src, labels, stats, centroids, 8);
            List<Rect> boxes = new ArrayList<>(Math.max(0, n - 1));
            int[] row = new int[5];
            for (int label = 1; label < n; label++) { // label 0 is the background
                stats.get(label, 0, row);
                boxes.add(new Rect(row[Imgproc.CC_STAT_LEFT], row[Imgproc.CC_STAT_TOP],
                        row[Imgproc.CC_STAT_WIDTH], row[Imgproc.CC_STAT_HEIGHT]));
            }
            return boxes;
        } finally { // explicit: see OpenCvInpaintFill.fillCrop
            src.release();
            labels.release();
            stats.release();
            centroids.release();
        }
    }

    /** A new mask grown by {@code radius} pixels with an elliptical structuring element; radius 0 copies. */
    public static Mask dilate(Mask mask, int radius) {
        if (radius <= 0) {
            return mask.copy();
        }
        Mat src = OpenCv.toMat(mask);
        Mat dst = new Mat();
        Mat kernel = Imgproc.getStructuringElement(Imgproc.MORPH_ELLIPSE, new Size(2 * radius + 1, 2 * radius + 1));
        try {
            Imgproc.dilate(src, dst, kernel);
            return OpenCv.toMask(dst);
        } finally { // explicit: see OpenCvInpaintFill.fillCrop
            src.release();
            dst.release();
            kernel.release();
        }
    }

    /**
     * Groups boxes that overlap once grown by {@code margin}, returning each group's grown union clipped to
     * {@code bounds}. Regions close together then share one crop, so no fill sees half of a neighbour's hole.
     */
    public static List<Rect> mergedCrops(List<Rect> boxes, int margin, Rect bounds) {
        List<Rect> crops = new ArrayList<>();
        for (Rect b : boxes) {
            crops.add(b.expand(margin).intersect(bounds));
        }
        boolean merged = true;
        while (merged) { // few regions per image, so the quadratic pass is fine
            merged = false;
            outer:
            for (int i = 0; i < crops.size(); i++) {
                for (int j = i + 1; j < crops.size(); j++) {
                    if (crops.get(i).intersects(crops.get(j))) {
                        crops.set(i, crops.get(i).union(crops.get(j)));
                        crops.remove(j);
                        merged = true;
                        break outer;
                    }
                }
            }
        }
        return crops;
    }
}
