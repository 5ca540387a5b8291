package dev.unmark.bench.jmh;

import dev.unmark.image.Image;
import dev.unmark.matte.Template;
import dev.unmark.matte.TemplateConfig;
import dev.unmark.matte.TemplateMatch;
import dev.unmark.matte.TemplateMatcher;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@code TemplateMatcher.find} (coarse search, fine search, fit) of a 256 px RGBA star-shaped logo stamped at 7% of
 * the short side in the bottom-right corner (the bench's template rule) of a textured image, 1280x720 and 4000x3000.
 * Setup checks that the mark is located within a pixel, so a faster but wrong search does not pass for a win (the
 * stamp is drawn at its size rather than resampled from the template, so the fit's confidence stays below the
 * threshold: the position is what is checked).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class TemplateBenchmark {

    @Param({"1280x720", "4000x3000"})
    public String size;

    private TemplateMatcher matcher;
    private Image image;

    @Setup(Level.Trial)
    public void setUp() {
        int w = Integer.parseInt(size.substring(0, size.indexOf('x')));
        int h = Integer.parseInt(size.substring(size.indexOf('x') + 1));
        int side = (int) Math.round(0.07 * Math.min(w, h)), margin = (int) Math.round(0.04 * Math.min(w, h));
        matcher = new TemplateMatcher(Template.of("star", rgba(star(256))), TemplateConfig.defaults());
        image = Fixtures.texture(w, h, 5);
        stamp(image, star(side), w - margin - side, h - margin - side);
        TemplateMatch m = matcher.find(image);
        if (Math.abs(m.x() - (w - margin - side)) > 1 || Math.abs(m.y() - (h - margin - side)) > 1) {
            throw new IllegalStateException("the fixture's mark was not located: " + m);
        }
    }

    @Benchmark
    public TemplateMatch find() {
        return matcher.find(image);
    }

    /** A white four-pointed star at 60% opacity with a darker outline, antialiased, on transparent. */
    private static BufferedImage star(int n) {
        BufferedImage b = new BufferedImage(n, n, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = b.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        double c = n / 2.0, r = n * 0.48, q = n * 0.14;
        Polygon p = new Polygon();
        for (int k = 0; k < 8; k++) {
            double a = Math.PI / 4 * k - Math.PI / 2, d = k % 2 == 0 ? r : q;
            p.addPoint((int) Math.round(c + d * Math.cos(a)), (int) Math.round(c + d * Math.sin(a)));
        }
        g.setColor(new Color(255, 255, 255, 153));
        g.fillPolygon(p);
        g.setColor(new Color(40, 40, 40, 120));
        g.setStroke(new java.awt.BasicStroke(Math.max(1f, n / 40f)));
        g.drawPolygon(p);
        g.dispose();
        return b;
    }

    private static Image rgba(BufferedImage b) {
        int n = b.getWidth() * b.getHeight();
        float[] rgb = new float[n * 3], alpha = new float[n];
        for (int i = 0; i < n; i++) {
            int p = b.getRGB(i % b.getWidth(), i / b.getWidth());
            alpha[i] = p >>> 24;
            rgb[i * 3] = p >>> 16 & 0xFF;
            rgb[i * 3 + 1] = p >>> 8 & 0xFF;
            rgb[i * 3 + 2] = p & 0xFF;
        }
        return Image.wrap(b.getWidth(), b.getHeight(), rgb, alpha);
    }

    private static void stamp(Image image, BufferedImage mark, int x0, int y0) {
        float[] rgb = image.rgb();
        for (int y = 0; y < mark.getHeight(); y++) {
            for (int x = 0; x < mark.getWidth(); x++) {
                int p = mark.getRGB(x, y), i = ((y0 + y) * image.width() + x0 + x) * 3;
                float a = (p >>> 24) / 255f;
                for (int ch = 0; ch < 3; ch++) {
                    float wv = p >>> (16 - 8 * ch) & 0xFF;
                    rgb[i + ch] = Math.round((1 - a) * rgb[i + ch] + a * wv);
                }
            }
        }
    }
}
