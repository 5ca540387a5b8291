package dev.unmark.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RectTest {

    @Test
    void disjointRectsDoNotIntersectAndUnionCoversBoth() {
        Rect a = new Rect(0, 0, 5, 5);
        Rect b = new Rect(10, 10, 2, 2);
        assertThat(a.intersects(b)).isFalse();
        assertThat(a.intersect(b).isEmpty()).isTrue();
        assertThat(a.union(b)).isEqualTo(new Rect(0, 0, 12, 12));
    }

    @Test
    void mergedCropsJoinNeighboursOnlyWhenMarginsTouch() {
        Rect bounds = Rect.of(100, 100);
        var near = Masks.mergedCrops(java.util.List.of(new Rect(10, 10, 5, 5), new Rect(22, 10, 5, 5)), 4, bounds);
        assertThat(near).containsExactly(new Rect(6, 6, 25, 13));
        var far = Masks.mergedCrops(java.util.List.of(new Rect(10, 10, 5, 5), new Rect(60, 10, 5, 5)), 4, bounds);
        assertThat(far).hasSize(2);
    }
}
