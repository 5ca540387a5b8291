package dev.unmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unmark.image.Image;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.ImageFormat;
import dev.unmark.io.MaskFiles;
import dev.unmark.io.ReadOptions;
import dev.unmark.io.WriteOptions;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --template}: a known RGBA mark stamped on the committed clean fixture is found, reversed and reported. */
class TemplateCommandTest {

    private static final int X = 120, Y = 70, SIZE = 48;

    @TempDir
    Path dir;

    Path wm;
    Path marked;
    Image clean;
    BufferedImage logo;

    @BeforeEach
    void stampALogo() throws IOException {
        Path cleanFile = dir.resolve("clean.png");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/mont-saint-michel-clean.png")) {
            Files.copy(in, cleanFile);
        }
        clean = ImageFiles.read(cleanFile, ReadOptions.defaults()).image();
        logo = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = logo.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(new Color(255, 255, 255, 150));
        g.fill(new Ellipse2D.Double(4, 4, 40, 40));
        g.setColor(new Color(20, 40, 200, 120));
        g.fillRect(10, 20, 28, 8);
        g.dispose();
        wm = dir.resolve("wm.png");
        ImageIO.write(logo, "png", wm.toFile());
        // J = (1 - a) I + a W, rounded: what a tool stamping the logo unscaled at (X, Y) writes
        Image out = clean.copy();
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int p = logo.getRGB(x, y);
                float a = (p >>> 24) / 255f;
                int[] w = {p >>> 16 & 0xFF, p >>> 8 & 0xFF, p & 0xFF};
                for (int c = 0; c < 3; c++) {
                    out.set(X + x, Y + y, c, Math.round((1 - a) * clean.get(X + x, Y + y, c) + a * w[c]));
                }
            }
        }
        marked = dir.resolve("marked.png");
        ImageFiles.write(marked, out, WriteOptions.defaults(ImageFormat.PNG));
    }

    @Test
    void removeWithATemplateRecoversTheMarkAndReportsFractions() throws IOException {
        Path out = dir.resolve("out.png");
        CliRun run = CliRun.of("remove", marked, "--template", wm, "-o", out, "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode line = new ObjectMapper().readTree(run.outLines().get(0));
        assertThat(line.get("template").get("found").asBoolean()).isTrue();
        assertThat(line.get("template").get("x").asDouble()).isEqualTo(X);
        assertThat(line.get("template").get("y").asDouble()).isEqualTo(Y);
        JsonNode region = line.get("regions").get(0);
        assertThat(region.get("kind").asText()).isEqualTo("template");
        assertThat(region.get("recovered_fraction").asDouble()).isEqualTo(1.0);
        assertThat(region.get("inpainted_fraction").asDouble()).isEqualTo(0.0);
        assertThat(line.get("mask_pixels").asLong()).as("nothing left to fill").isZero();
        Image result = ImageFiles.read(out, ReadOptions.defaults()).image();
        assertThat(maxErrorInside(result)).as("largest error under the logo").isLessThanOrEqualTo(3);
    }

    @Test
    void detectWithATemplateWritesWhereItLies() throws IOException {
        Path mask = dir.resolve("mask.png");
        CliRun run = CliRun.of("detect", marked, "--template", wm, "--save-mask", mask);

        assertThat(run.exitCode()).as(run.err()).isZero();
        var m = MaskFiles.read(mask, clean.width(), clean.height(), false);
        assertThat(m.isSet(X + SIZE / 2, Y + SIZE / 2)).isTrue();
        assertThat(m.isSet(X - 5, Y - 5)).isFalse();
    }

    @Test
    void anUnreadableTemplateIsAUsageErrorNamingTheFileAndNothingIsWritten() throws IOException {
        Path out = dir.resolve("out.png");
        Path bad = dir.resolve("bad.png");
        Files.writeString(bad, "not a png");

        CliRun missing = CliRun.of("remove", marked, "--template", dir.resolve("nope.png"), "-o", out);
        CliRun broken = CliRun.of("remove", marked, "--template", bad, "-o", out);
        CliRun opaque = CliRun.of("remove", marked, "--template", marked, "-o", out);

        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.png").contains("no such file");
        assertThat(broken.exitCode()).isEqualTo(2);
        assertThat(broken.err()).contains("bad.png");
        assertThat(opaque.exitCode()).isEqualTo(2);
        assertThat(opaque.err()).contains("alpha channel");
        assertThat(out).doesNotExist();
    }

    @Test
    void templateSolvesTheMarkFromTwoStampedFlatImagesAndItRemovesTheStamp() throws IOException {
        Path black = dir.resolve("black.png"), white = dir.resolve("white.png");
        ImageFiles.write(black, stampOnFlat(0), WriteOptions.defaults(ImageFormat.PNG));
        ImageFiles.write(white, stampOnFlat(255), WriteOptions.defaults(ImageFormat.PNG));
        Path made = dir.resolve("made.png");

        CliRun make = CliRun.of("template", "--dark", black, "--light", white, "-o", made);

        assertThat(make.exitCode()).as(make.err()).isZero();
        Image rgba = ImageFiles.read(made, ReadOptions.defaults()).image();
        assertThat(rgba.hasAlpha()).isTrue();
        // cropped to the mark (the ellipse spans 4..44 of the 48 px logo) with a 1 px border
        assertThat(rgba.width()).isBetween(40, 44);
        Path out = dir.resolve("out.png");
        CliRun run = CliRun.of("remove", marked, "--template", made, "-o", out);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(maxErrorInside(ImageFiles.read(out, ReadOptions.defaults()).image())).isLessThanOrEqualTo(4);
    }

    @Test
    void templateRefusesTwoBackgroundsAlike() throws IOException {
        Path a = dir.resolve("a.png"), b = dir.resolve("b.png");
        ImageFiles.write(a, stampOnFlat(128), WriteOptions.defaults(ImageFormat.PNG));
        ImageFiles.write(b, stampOnFlat(140), WriteOptions.defaults(ImageFormat.PNG));

        CliRun run = CliRun.of("template", "--dark", a, "--light", b, "-o", dir.resolve("t.png"));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("too alike");
        assertThat(dir.resolve("t.png")).doesNotExist();
    }

    /** The logo stamped at (20, 10) on a flat 96x64 image of grey level {@code v}, rounded to 8 bits. */
    private Image stampOnFlat(int v) {
        Image img = Image.blank(96, 64);
        java.util.Arrays.fill(img.rgb(), v);
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int p = logo.getRGB(x, y);
                float a = (p >>> 24) / 255f;
                int[] w = {p >>> 16 & 0xFF, p >>> 8 & 0xFF, p & 0xFF};
                for (int c = 0; c < 3; c++) {
                    img.set(20 + x, 10 + y, c, Math.round((1 - a) * v + a * w[c]));
                }
            }
        }
        return img;
    }

    private double maxErrorInside(Image result) {
        double max = 0;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                if (logo.getRGB(x, y) >>> 24 == 0) {
                    continue;
                }
                for (int c = 0; c < 3; c++) {
                    max = Math.max(max, Math.abs(result.get(X + x, Y + y, c) - clean.get(X + x, Y + y, c)));
                }
            }
        }
        return max;
    }
}
