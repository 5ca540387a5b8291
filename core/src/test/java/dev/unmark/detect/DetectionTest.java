package dev.unmark.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectionTest {

    /** Two overlapping regions: a (0-9, 0-3) with its own mask, b (5-14, 2-5) without one. */
    private static Detection twoRegions(double confA, double confB) {
        Mask m = Mask.empty(20, 10);
        float[] alpha = new float[200];
        Mask ownA = Mask.empty(10, 4);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 10; x++) {
                if (x % 2 == 0) { // a's strokes: even columns only
                    ownA.set(x, y, true);
                    m.set(x, y, true);
                    alpha[y * 20 + x] = 0.5f;
                }
            }
        }
        for (int y = 2; y < 6; y++) {
            for (int x = 5; x < 15; x++) {
                m.set(x, y, true);
                alpha[y * 20 + x] = 0.7f;
            }
        }
        return new Detection(m, List.of(new Region(new Rect(0, 0, 10, 4), "text", confA, ownA.count(), ownA),
                new Region(new Rect(5, 2, 10, 4), "overlay", confB, 40)), alpha);
    }

    @Test
    void minConfidenceDropsALowRegionWithExactlyItsOwnPixels() {
        Detection d = twoRegions(0.4, 0.9).withMinConfidence(0.6);

        assertThat(d.regions()).extracting(Region::kind).containsExactly("overlay");
        assertThat(d.mask().isSet(0, 0)).isFalse(); // a's stroke
        assertThat(d.alpha()[0]).isZero();
        assertThat(d.mask().isSet(6, 2)).isTrue(); // a's stroke, but b claims it too
        assertThat(d.mask().isSet(14, 5)).isTrue();
        assertThat(d.mask().count()).isEqualTo(40);
        assertThat(d.alpha()[5 * 20 + 14]).isEqualTo(0.7f);
    }

    @Test
    void aDroppedRegionWithoutItsOwnMaskClearsItsBoxExceptKeptPixels() {
        Detection d = twoRegions(0.9, 0.4).withMinConfidence(0.6);

        assertThat(d.regions()).extracting(Region::kind).containsExactly("text");
        assertThat(d.mask().isSet(14, 5)).isFalse();
        assertThat(d.mask().isSet(7, 2)).isFalse(); // odd column: not a's
        assertThat(d.mask().isSet(6, 2)).isTrue(); // a's stroke inside b's box
        assertThat(d.mask().count()).isEqualTo(20);
    }

    @Test
    void zeroKeepsAllAndOutOfRangeFails() {
        Detection d = twoRegions(0.1, 0.2);
        assertThat(d.withMinConfidence(0)).isSameAs(d);
        assertThat(d.withMinConfidence(0.3).isEmpty()).isTrue();
        assertThatThrownBy(() -> d.withMinConfidence(1.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMinConfidence(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Region(new Rect(0, 0, 3, 3), "x", 1, 9, Mask.empty(2, 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
