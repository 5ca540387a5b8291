package dev.unmark.bench;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;

/** One way of producing outputs for a set (a baseline or a pipeline), by name; see {@link BenchConfigs}. */
public interface BenchConfig {

    String name();

    /** Whether {@link #apply} needs the item's ground truth (given masks, oracle). */
    boolean needsGroundTruth();

    /** Whether {@link #apply} returns a predicted mask, to be written and scored. */
    boolean predictsMask();

    /** Produces the output for one image; {@code truth} is null unless {@link #needsGroundTruth()}. */
    Result apply(Image input, GroundTruth truth);

    /**
     * As {@link #apply(Image, GroundTruth)}, for configurations that also use what a user would give along with the
     * image (its {@link BenchSet.Item#template()}); the runner calls this one.
     */
    default Result apply(BenchSet.Item item, Image input, GroundTruth truth) {
        return apply(input, truth);
    }

    /** What a {@link #predicting} configuration does with one item (null when run without one) and its image. */
    interface ItemBody {
        Result apply(BenchSet.Item item, Image input);
    }

    /**
     * A configuration that predicts a mask, needs no ground truth and may use the item ({@code unmark remove} with
     * what a user gives along with the image: its format, its template, its set).
     */
    static BenchConfig predicting(String name, ItemBody body) {
        return new BenchConfig() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean needsGroundTruth() {
                return false;
            }

            @Override
            public boolean predictsMask() {
                return true;
            }

            @Override
            public Result apply(Image input, GroundTruth truth) {
                return body.apply(null, input);
            }

            @Override
            public Result apply(BenchSet.Item item, Image input, GroundTruth truth) {
                return body.apply(item, input);
            }
        };
    }

    /** The output and, for configurations that detect, the mask they predicted (else null). */
    record Result(Image output, Mask mask) {
    }

    /** The ground truth of one item: the binary mask, the alpha map (0-1 per pixel) and the watermark layer. */
    record GroundTruth(Mask mask, float[] alpha, Image wm) {

        public static GroundTruth load(BenchSet.Item item) {
            Mask mask = BenchImages.readMask(item.mask());
            float[] alpha = null;
            Image wm = null;
            if (item.alpha() != null && item.wm() != null) {
                int[] a = BenchImages.readPlane(item.alpha(), null);
                alpha = new float[a.length];
                for (int i = 0; i < a.length; i++) {
                    alpha[i] = a[i] / 255f;
                }
                wm = BenchImages.read(item.wm());
            }
            return new GroundTruth(mask, alpha, wm);
        }
    }
}
