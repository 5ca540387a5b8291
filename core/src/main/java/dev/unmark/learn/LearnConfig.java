package dev.unmark.learn;

/**
 * How {@link WatermarkLearner} and {@link ProfileRemover} work.
 *
 * @param sample        most images the estimate keeps (a uniform reservoir sample of the collection, 3 bytes a pixel
 *                      each, so memory stays bounded however many images stream past); 3-1000, start at 48
 * @param maxShift      how far (px) the mark may sit from where it sits in most images, each way; 0-64, start at 8
 * @param edgeThreshold log-ratio of the images' spread across a pixel edge below which the opacity is taken as equal
 *                      on both sides (texture rather than the mark's outline); 0-1, start at 0.08
 * @param minScore      gradient correlation with the learned mark below which an image counts as not marked; 0-1,
 *                      start at 0.3 (marked images score 0.5-0.95 on the dev bench, unmarked photos below 0.2)
 */
public record LearnConfig(int sample, int maxShift, double edgeThreshold, double minScore) {

    public LearnConfig {
        if (sample < 3 || sample > 1000) {
            throw new IllegalArgumentException("sample must be 3-1000 images, got " + sample);
        }
        if (maxShift < 0 || maxShift > 64) {
            throw new IllegalArgumentException("max shift must be 0-64 px, got " + maxShift);
        }
        if (!(edgeThreshold >= 0 && edgeThreshold <= 1)) {
            throw new IllegalArgumentException("edge threshold must be 0-1, got " + edgeThreshold);
        }
        if (!(minScore >= 0 && minScore <= 1)) {
            throw new IllegalArgumentException("min score must be 0-1, got " + minScore);
        }
    }

    public static LearnConfig defaults() {
        return new LearnConfig(48, 8, 0.08, 0.3);
    }

    public LearnConfig withSample(int n) {
        return new LearnConfig(n, maxShift, edgeThreshold, minScore);
    }

    public LearnConfig withMaxShift(int px) {
        return new LearnConfig(sample, px, edgeThreshold, minScore);
    }

    public LearnConfig withEdgeThreshold(double t) {
        return new LearnConfig(sample, maxShift, t, minScore);
    }

    public LearnConfig withMinScore(double s) {
        return new LearnConfig(sample, maxShift, edgeThreshold, s);
    }
}
