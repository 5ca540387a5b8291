package dev.unmark.bench.jmh;

import dev.unmark.fill.PatchConfig;
import dev.unmark.fill.PatchMatchFill;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PatchMatch completion kernel alone: one 1024x768 image with a mark covering 3% of it (the shapes of
 * {@link PatchFillBenchmark}), filled on the calling thread ({@code parallel = false}), so the figure is the cost
 * per region and per core, without the fork-join pool.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class PatchKernelBenchmark {

    @Param({"logo", "text"})
    public String mark;

    private PatchMatchFill fill;
    private Image image;
    private Mask mask;

    @Setup(Level.Trial)
    public void setUp() {
        image = Fixtures.texture(1024, 768, 2);
        mask = PatchFillBenchmark.mark(1024, 768, mark);
        fill = new PatchMatchFill(PatchConfig.defaults().withParallel(false));
        System.out.printf("%n[fixture] 1024x768, %s mark %d px%n", mark, mask.count());
    }

    @Benchmark
    public Image fill() {
        return fill.fill(image, mask);
    }
}
