package dev.unmark.internal;

import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Owner of native OpenCV buffers: Mats handed to {@link #track} are released together by {@link #close}, so a
 * detector frees a 12 MP image's buffers as soon as it is done rather than at finalisation. Use with
 * try-with-resources; not thread-safe (one scope per call).
 */
public final class MatScope implements AutoCloseable {

    private final List<Mat> mats = new ArrayList<>();

    /** Takes ownership of {@code m} and returns it. */
    public <M extends Mat> M track(M m) {
        mats.add(m);
        return m;
    }

    /** Takes ownership of every Mat in {@code ms}. */
    public void trackAll(List<? extends Mat> ms) {
        mats.addAll(ms);
    }

    /** A tracked elliptical structuring element of diameter {@code 2 radius + 1}. */
    public Mat ellipse(int radius) {
        return track(Morphology.ellipse(radius));
    }

    /** Releases every tracked Mat. */
    @Override
    public void close() {
        for (Mat m : mats) {
            m.release();
        }
        mats.clear();
    }
}
