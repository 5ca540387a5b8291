package dev.unmark.bench.jmh;

import dev.unmark.UnmarkException;
import dev.unmark.detect.Detection;
import dev.unmark.detect.Detectors;
import dev.unmark.detect.WatermarkDetector;
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
 * {@code Detectors.create(detector).detect(image)} on a 1024x768 textured image with a semi-transparent text mark.
 * {@code none} measures the registry and call overhead. A detector name this build does not register (for example
 * {@code contours} before the detector is merged) fails its setup with a one-line "not registered" message; JMH
 * reports that parameter as failed and goes on with the others.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class DetectBenchmark {

    @Param({"none", "contours", "text", "tiled", "auto"})
    public String detector;

    private WatermarkDetector det;
    private Image image;

    @Setup(Level.Trial)
    public void setUp() {
        try {
            det = Detectors.create(detector);
        } catch (UnmarkException e) {
            throw new IllegalStateException("skipped: detector '" + detector + "' is not registered in this build ("
                    + e.getMessage() + ")");
        }
        Image clean = Fixtures.texture(1024, 768, 2);
        Mask mask = Fixtures.textMask(1024, 768, 0, 0);
        image = Fixtures.watermarked(clean, mask);
    }

    @Benchmark
    public Detection detect() {
        return det.detect(image);
    }
}
