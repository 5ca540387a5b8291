package dev.unmark.bench.jmh;

import dev.unmark.fill.AutoFill;
import dev.unmark.fill.FillEngine;
import dev.unmark.fill.FillEngines;
import dev.unmark.fill.OpenCvInpaintFill;
import dev.unmark.fill.PatchConfig;
import dev.unmark.fill.PatchMatchFill;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The exemplar fill against Telea on the same mask: {@code fillInPlace} (the pipeline's path) of a 12 MP photo with
 * a mark covering 3% of it, drawn as a logo (a ring and a bar: holes 129 and 153 px wide) or as three lines of bold
 * text (60 holes 31-39 px wide), grown by 2 px as the bench's gt-mask does; engines telea, patch and auto.
 * {@link PatchKernelBenchmark} times one region on one thread.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
public class PatchFillBenchmark {

    /** Share of the image the mark covers. */
    static final double COVER = 0.03;

    @Param({"logo", "text"})
    public String mark;

    /**
     * {@code auto-noshade}: {@code auto} without the shade network; {@code auto-sharp}: without the shrinking of
     * the guess where the sources disagree (exemplar weight 1); the fills before each, for comparison.
     */
    @Param({"telea", "patch", "auto", "auto-noshade", "auto-sharp"})
    public String engine;

    private FillEngine fill;
    private Image image;
    private Mask mask;
    private long cpuAtStart;
    private long ops;

    @Setup(Level.Trial)
    public void setUp() {
        int w = 4000, h = 3000;
        image = Fixtures.texture(w, h, 1);
        mask = mark(w, h, mark);
        fill = switch (engine) {
            case "auto-noshade" -> auto(PatchConfig.defaults().withShade(false));
            case "auto-sharp" -> auto(PatchConfig.defaults().withExemplarWeight(1));
            default -> FillEngines.create(engine);
        };
        System.out.printf("%n[fixture] %dx%d, %s mark %d px (%.2f%%)%n", w, h, mark, mask.count(),
                100.0 * mask.count() / ((double) w * h));
    }

    private static FillEngine auto(PatchConfig config) {
        return new AutoFill(OpenCvInpaintFill.telea(), new PatchMatchFill(config), null, AutoFill.DEFAULT_THIN_WIDTH);
    }

    /** The smallest mark of the kind that covers {@link #COVER} of the image once grown by 2 px. */
    static Mask mark(int w, int h, String kind) {
        for (double s = 0.05; s < 1; s *= 1.04) {
            BufferedImage b = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = b.createGraphics();
            g.setColor(Color.WHITE);
            if (kind.equals("logo")) {
                int d = (int) (s * h), cx = w / 2, cy = h / 2;
                g.setStroke(new BasicStroke(d / 6f));
                g.drawOval(cx - d / 2, cy - d / 2, d, d);
                g.fillRect(cx - d / 10, cy - d / 3, d / 5, 2 * d / 3);
            } else {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, (int) (s * h / 4)));
                for (int line = 0; line < 3; line++) {
                    g.drawString("(c) unmark stock photos", w / 12, h / 4 * (line + 1));
                }
            }
            g.dispose();
            byte[] v = new byte[w * h];
            b.getRaster().getDataElements(0, 0, w, h, v);
            Mask m = Masks.dilate(Mask.wrap(w, h, v), 2);
            if (m.count() >= COVER * w * h) {
                return m;
            }
        }
        throw new IllegalStateException("no " + kind + " mark covers " + COVER + " of " + w + "x" + h);
    }

    /** Refilling the same pixels costs what the first fill did: no engine reads the masked pixels. */
    @Benchmark
    public Image fillInPlace() {
        fill.fillInPlace(image, mask);
        ops++;
        return image;
    }

    @Setup(Level.Iteration)
    public void startCpu() {
        cpuAtStart = processCpuNanos();
        ops = 0;
    }

    /**
     * Processor time of the whole process per fill in the iteration, all threads together (JMH's own threads and
     * the JIT included): with both cores free, the wall time of a fill is about half of it.
     */
    @TearDown(Level.Iteration)
    public void reportCpu() {
        System.out.printf(" [cpu %.1f ms/op]", (processCpuNanos() - cpuAtStart) / 1e6 / Math.max(1, ops));
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
