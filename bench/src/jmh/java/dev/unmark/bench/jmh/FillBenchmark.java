package dev.unmark.bench.jmh;

import dev.unmark.fill.FillEngine;
import dev.unmark.fill.FillEngines;
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
 * {@code FillEngines.create(engine).fill(image, mask)} with the same text mark (~3% of a 1024x768 block) on a
 * 1024x768 image and on a 12 MP one: the engines inpaint a crop around each hole, so the cost should follow the
 * mark, plus the copy of the whole image.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class FillBenchmark {

    @Param({"1024x768", "4000x3000"})
    public String size;

    @Param({"telea", "ns"})
    public String engine;

    private FillEngine fill;
    private Image image;
    private Mask mask;

    @Setup(Level.Trial)
    public void setUp() {
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]);
        Image clean = Fixtures.texture(w, h, 1);
        // On the large image the block sits away from the corner, as a mark placed in a photo would.
        int x0 = w > Fixtures.MARK_W ? (w - Fixtures.MARK_W) / 2 : 0;
        int y0 = h > Fixtures.MARK_H ? (h - Fixtures.MARK_H) / 2 : 0;
        mask = Fixtures.textMask(w, h, x0, y0);
        image = Fixtures.watermarked(clean, mask);
        fill = FillEngines.create(engine);
        System.out.printf("%n[fixture] %dx%d, mask %d px (%.2f%% of the image)%n", w, h, mask.count(),
                100.0 * mask.count() / ((double) w * h));
    }

    @Benchmark
    public Image fill() {
        return fill.fill(image, mask);
    }

    /**
     * The pipeline's path when it owns the decoded image: no copy of the whole photo, so the cost should follow
     * the mark. Refilling the same pixels each time costs the same as the first fill.
     */
    @Benchmark
    public Image fillInPlace() {
        fill.fillInPlace(image, mask);
        return image;
    }
}
