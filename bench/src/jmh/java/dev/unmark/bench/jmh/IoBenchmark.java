package dev.unmark.bench.jmh;

import dev.unmark.io.ImageFiles;
import dev.unmark.io.ImageFormat;
import dev.unmark.io.LoadedImage;
import dev.unmark.io.ReadOptions;
import dev.unmark.io.WriteOptions;
import dev.unmark.image.Image;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link ImageFiles#read} of a 1920x1080 (2.1 MP) JPEG (q95) and PNG, and {@link ImageFiles#write} of that image as
 * JPEG q95 (atomic write to a temporary folder, so the file system's rename and fsync are included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class IoBenchmark {

    private Path dir;
    private Path jpeg;
    private Path png;
    private Path out;
    private Image image;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("unmark-jmh-io");
        image = Fixtures.texture(1920, 1080, 3);
        jpeg = dir.resolve("in.jpg");
        png = dir.resolve("in.png");
        out = dir.resolve("out.jpg");
        ImageFiles.write(jpeg, image, WriteOptions.defaults(ImageFormat.JPEG).withQuality(95));
        ImageFiles.write(png, image, WriteOptions.defaults(ImageFormat.PNG));
        System.out.printf("%n[fixture] 1920x1080: JPEG q95 %d KiB, PNG %d KiB%n", Files.size(jpeg) / 1024,
                Files.size(png) / 1024);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Benchmark
    public LoadedImage readJpeg() {
        return ImageFiles.read(jpeg, ReadOptions.defaults());
    }

    @Benchmark
    public LoadedImage readPng() {
        return ImageFiles.read(png, ReadOptions.defaults());
    }

    @Benchmark
    public Path writeJpegQ95() {
        ImageFiles.write(out, image, WriteOptions.defaults(ImageFormat.JPEG).withQuality(95));
        return out;
    }
}
