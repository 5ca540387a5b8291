package dev.unmark.bench.jmh;

import dev.unmark.fill.FillEngines;
import dev.unmark.fill.OnnxInpaintFill;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.nio.file.Path;
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
 * One network window: {@code fillInPlace} of a 200 x 60 text-like mark on a photo, with the model file given as
 * {@code -p model=PATH} and its engine as {@code -p engine=deepfill|lama|migan}. The mark fits one native window,
 * so a run costs one network inference plus the window's preparation, whatever the photo size; the fixture line
 * says the window size.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class NetFillBenchmark {

    /** The ONNX model file; there is no default, since no model ships with unmark. */
    @Param({""})
    public String model;

    @Param({"lama"})
    public String engine;

    @Param({"1024x768", "4000x3000"})
    public String size;

    private OnnxInpaintFill fill;
    private Image image;
    private Mask mask;

    @Setup(Level.Trial)
    public void setUp() {
        if (model.isBlank()) {
            throw new IllegalArgumentException("give the model file: -p model=PATH (and -p engine=deepfill|lama|migan)");
        }
        String[] wh = size.split("x");
        int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]);
        image = Fixtures.texture(w, h, 1);
        mask = Mask.empty(w, h);
        int x0 = w / 2 - 100, y0 = h / 2 - 30;
        for (int y = y0; y < y0 + 60; y++) {
            for (int x = x0; x < x0 + 200; x++) {
                mask.set(x, y, ((x - x0) / 8) % 2 == 0 || (y - y0) % 20 < 4); // strokes, as letters have
            }
        }
        fill = (OnnxInpaintFill) FillEngines.create(engine, Path.of(model));
        System.out.printf("%n[fixture] %dx%d, mask %d px, window %dx%d%n", w, h, mask.count(), fill.windowWidth(),
                fill.windowHeight());
    }

    @Benchmark
    public Image fillInPlace() {
        fill.fillInPlace(image, mask);
        return image;
    }
}
