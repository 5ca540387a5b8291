package dev.unmark.bench;

/**
 * The scores of one output against its ground truth. Mask fields are NaN when no predicted mask was given;
 * {@code rmseMasked} is NaN when the ground-truth mask is empty.
 *
 * @param failed true when the output was missing, unreadable or of the wrong size (then scored as the input)
 * @param seconds processing time, NaN when unknown (scoring someone else's outputs)
 */
public record ImageScore(String name, boolean failed, String failure, double psnr256, double ssim256, double psnr,
                         double rmse, double rmseMasked, double maskIou, double maskF1, double falsePositiveFraction,
                         double seconds) {

    /** The same scores marked as a failure for {@code reason} (the output was not produced). */
    public ImageScore withFailure(String reason) {
        return new ImageScore(name, true, reason, psnr256, ssim256, psnr, rmse, rmseMasked, maskIou, maskF1,
                falsePositiveFraction, seconds);
    }

    public ImageScore withSeconds(double s) {
        return new ImageScore(name, failed, failure, psnr256, ssim256, psnr, rmse, rmseMasked, maskIou, maskF1,
                falsePositiveFraction, s);
    }
}
