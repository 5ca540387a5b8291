package dev.unmark.matte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelTest {

    @Test
    void runsEveryIndexExactlyOnce() {
        AtomicIntegerArray runs = new AtomicIntegerArray(200);

        Parallel.each(200, runs::incrementAndGet);

        for (int i = 0; i < 200; i++) {
            assertThat(runs.get(i)).as("index %d", i).isEqualTo(1);
        }
    }

    @Test
    void aFailingTaskFailsTheCallWithItsOwnException() {
        assertThatThrownBy(() -> Parallel.each(50, i -> {
            if (i == 37) {
                throw new IllegalStateException("task 37");
            }
        })).isInstanceOf(IllegalStateException.class).hasMessage("task 37");
    }
}
