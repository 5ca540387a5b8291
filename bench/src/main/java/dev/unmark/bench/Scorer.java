package dev.unmark.bench;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.nio.file.Files;
import java.nio.file.Path;

/** Scores outputs against a set's ground truth, as the bench README prescribes. Thread-safe (no state). */
public final class Scorer {

    private Scorer() {
    }

    /**
     * Scores the prediction {@code predDir/NAME.png} (and {@code maskDir/NAME.png} when {@code maskDir} is not
     * null) of one item. A missing, unreadable or wrongly sized output is a failure, scored as the unchanged input;
     * a missing predicted mask (when a mask folder is given) counts as an empty mask.
     */
    public static ImageScore score(BenchSet.Item item, Path predDir, Path maskDir) {
        Image clean = BenchImages.read(item.clean());
        Mask truth = BenchImages.readMask(item.mask());
        String failure = null;
        Image output = null;
        Path predFile = predDir.resolve(item.name() + ".png");
        if (!Files.isRegularFile(predFile)) {
            failure = "missing " + predFile.getFileName();
        } else {
            try {
                output = BenchImages.read(predFile);
                if (output.width() != clean.width() || output.height() != clean.height()) {
                    failure = "output is " + output.width() + "x" + output.height() + ", expected "
                            + clean.width() + "x" + clean.height();
                    output = null;
                }
            } catch (UnmarkException | IllegalArgumentException e) {
                failure = "unreadable: " + e.getMessage();
            }
        }
        if (output == null) {
            output = BenchImages.read(item.input());
        }
        Mask predMask = null;
        if (maskDir != null) {
            Path mf = maskDir.resolve(item.name() + ".png");
            predMask = Mask.empty(clean.width(), clean.height());
            if (Files.isRegularFile(mf)) {
                try {
                    Mask m = BenchImages.readMask(mf);
                    if (m.width() == clean.width() && m.height() == clean.height()) {
                        predMask = m;
                    }
                } catch (UnmarkException e) {
                    // an unreadable mask predicts nothing; the image failure count covers broken outputs
                }
            }
        }
        return score(item.name(), output, clean, truth, predMask, failure);
    }

    /** Scores an output already in memory; {@code predMask} may be null, {@code failure} null when it succeeded. */
    public static ImageScore score(String name, Image output, Image clean, Mask truth, Mask predMask, String failure) {
        Image o256 = Metrics.resizeForEval(output);
        Image c256 = Metrics.resizeForEval(clean);
        double iou = Double.NaN, f1 = Double.NaN, fp = Double.NaN;
        if (predMask != null) {
            Metrics.MaskCounts counts = Metrics.maskCounts(predMask, truth);
            iou = counts.iou();
            f1 = counts.f1();
            fp = counts.falsePositiveFraction();
        }
        return new ImageScore(name, failure != null, failure, Metrics.psnr(o256, c256), Metrics.ssim(o256, c256),
                Metrics.psnr(output, clean), Metrics.rmse(output, clean), Metrics.rmseWithin(output, clean, truth),
                iou, f1, fp, Double.NaN);
    }
}
