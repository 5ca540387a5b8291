package dev.unmark.bench;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Per-set means of the image scores of one configuration. Means skip NaN values (images without a ground-truth
 * mask have no RMSEw; runs without predicted masks have no mask scores).
 *
 * @param peakHeapMiB peak heap use while the configuration ran on the set (sum of the heap pools' peaks), NaN
 *                    when not measured
 */
public record SetSummary(String set, String config, int images, int failures, double psnr256, double ssim256,
                         double psnr, double rmse, double rmseMasked, double maskIou, double maskF1,
                         double falsePositiveFraction, double medianSeconds, double meanSeconds, double peakHeapMiB,
                         List<ImageScore> scores) {

    public SetSummary {
        scores = List.copyOf(scores);
    }

    public static SetSummary of(String set, String config, List<ImageScore> scores, double peakHeapMiB) {
        int failures = (int) scores.stream().filter(ImageScore::failed).count();
        double[] secs = scores.stream().mapToDouble(ImageScore::seconds).filter(d -> !Double.isNaN(d)).sorted()
                .toArray();
        double median = secs.length == 0 ? Double.NaN
                : secs.length % 2 == 1 ? secs[secs.length / 2] : (secs[secs.length / 2 - 1] + secs[secs.length / 2]) / 2;
        return new SetSummary(set, config, scores.size(), failures, mean(scores, ImageScore::psnr256),
                mean(scores, ImageScore::ssim256), mean(scores, ImageScore::psnr), mean(scores, ImageScore::rmse),
                mean(scores, ImageScore::rmseMasked), mean(scores, ImageScore::maskIou),
                mean(scores, ImageScore::maskF1), mean(scores, ImageScore::falsePositiveFraction), median,
                secs.length == 0 ? Double.NaN : Arrays.stream(secs).average().orElse(Double.NaN), peakHeapMiB, scores);
    }

    static double mean(List<ImageScore> scores, ToDoubleFunction<ImageScore> f) {
        return scores.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }
}
