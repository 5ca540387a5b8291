package dev.unmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.MaskFiles;
import dev.unmark.io.ReadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The remove command end to end on the committed Mont Saint-Michel fixture (see fixtures/README.md). */
class RemoveCommandTest {

    @TempDir
    Path dir;

    Path marked;
    Path truthMask;
    Image clean;
    Mask truth;

    @BeforeEach
    void copyFixtures() throws IOException {
        marked = copyResource("mont-saint-michel.jpg");
        truthMask = copyResource("mont-saint-michel-mask.png");
        Path cleanFile = copyResource("mont-saint-michel-clean.png");
        clean = read(cleanFile);
        truth = MaskFiles.read(truthMask, clean.width(), clean.height(), false);
    }

    @Test
    void givenMaskRemovesTheTextCloserToTheCleanPhoto() throws IOException {
        Path out = dir.resolve("out.png");
        CliRun run = CliRun.of("remove", marked, "--mask", truthMask, "-o", out);

        assertThat(run.exitCode()).as(run.err()).isZero();
        double before = rmseInside(read(marked), clean, truth);
        double after = rmseInside(read(out), clean, truth);
        // White text at opacity 0.5 is far from the photo; Telea from the true mask gets most of the way back.
        assertThat(after).as("RMSE inside the mask, before %.1f", before).isLessThan(0.65 * before);
    }

    @Test
    void contourDetectorFindsAndRemovesTheTextWithoutAMask() throws IOException {
        Path out = dir.resolve("out.jpg");
        CliRun run = CliRun.of("remove", marked, "--detector", "contours", "-o", out);

        assertThat(run.exitCode()).as(run.err()).isZero();
        double before = rmseInside(read(marked), clean, truth);
        double after = rmseInside(read(out), clean, truth);
        assertThat(after).as("RMSE inside the true mask, before %.1f", before).isLessThan(0.7 * before);
    }

    @Test
    void jsonReportsOneObjectPerImageWithRegionsAndTimings() throws IOException {
        Path out = dir.resolve("out.png");
        CliRun run = CliRun.of("remove", marked, "--mask", truthMask, "-o", out, "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.outLines()).hasSize(1);
        JsonNode line = new ObjectMapper().readTree(run.outLines().get(0));
        assertThat(line.get("status").asText()).isEqualTo("ok");
        assertThat(line.get("mask_pixels").asLong()).isGreaterThanOrEqualTo(truth.count());
        assertThat(line.get("regions").size()).isPositive();
        assertThat(line.get("regions").get(0).get("kind").asText()).isEqualTo("mask");
        assertThat(line.get("millis").has("fill")).isTrue();
    }

    @Test
    void jsonReportsTheFillChosenForEachHoleUnderAuto() throws IOException {
        CliRun auto = CliRun.of("remove", marked, "--mask", truthMask, "-o", dir.resolve("a.png"), "--json",
                "--fill", "auto");
        CliRun telea = CliRun.of("remove", marked, "--mask", truthMask, "-o", dir.resolve("t.png"), "--json",
                "--fill", "telea");

        assertThat(auto.exitCode()).as(auto.err()).isZero();
        JsonNode fills = new ObjectMapper().readTree(auto.outLines().get(0)).get("fill_regions");
        assertThat(fills.size()).isPositive();
        long pixels = 0;
        for (JsonNode f : fills) {
            assertThat(f.get("fill").asText()).isIn("telea", "patch");
            assertThat(f.get("width").asDouble()).isPositive();
            assertThat(f.get("box").size()).isEqualTo(4);
            pixels += f.get("pixels").asLong();
        }
        assertThat(pixels).isEqualTo(new ObjectMapper().readTree(auto.outLines().get(0)).get("mask_pixels").asLong());
        assertThat(new ObjectMapper().readTree(telea.outLines().get(0)).has("fill_regions")).isFalse();
    }

    @Test
    void outDirMirrorsFoldersAndSaveMaskWritesOnePerImage() throws IOException {
        Path in = dir.resolve("in");
        Files.createDirectories(in.resolve("a/b"));
        Files.copy(marked, in.resolve("one.jpg"));
        Files.copy(marked, in.resolve("a/b/two.jpg"));
        Files.writeString(in.resolve("notes.txt"), "not an image, and not picked up from a folder");
        Path outDir = dir.resolve("out");
        Path masks = dir.resolve("masks");

        CliRun run = CliRun.of("remove", in, "-d", outDir, "--detector", "contours", "--save-mask", masks);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(outDir.resolve("one.jpg")).isRegularFile();
        assertThat(outDir.resolve("a/b/two.jpg")).isRegularFile();
        assertThat(masks.resolve("one.png")).isRegularFile();
        assertThat(masks.resolve("a/b/two.png")).isRegularFile();
        assertThat(outDir.resolve("notes.txt")).doesNotExist();
    }

    @Test
    void detectWritesTheMaskAndTheSoftOpacityWithoutTouchingTheImage() throws IOException {
        byte[] original = Files.readAllBytes(marked);
        Path mask = dir.resolve("m.png");
        Path alpha = dir.resolve("a.png");

        CliRun run = CliRun.of("detect", marked, "--detector", "text", "--save-mask", mask, "--save-alpha", alpha,
                "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Files.readAllBytes(marked)).isEqualTo(original);
        Mask found = MaskFiles.read(mask, clean.width(), clean.height(), false);
        long hit = 0;
        for (int i = 0; i < found.data().length; i++) {
            if (found.data()[i] != 0 && truth.data()[i] != 0) {
                hit++;
            }
        }
        assertThat(hit).as("found pixels on the true text").isGreaterThan(truth.count() / 3);
        Image opacity = read(alpha);
        assertThat(opacity.width()).isEqualTo(clean.width());
        assertThat(new ObjectMapper().readTree(run.out()).get("alpha").asText()).isEqualTo(alpha.toString());
    }

    @Test
    void detectorsSharedAcrossThreadsGiveTheSameMasksAsOneThread() throws IOException {
        Path in = dir.resolve("many");
        Files.createDirectories(in);
        for (int i = 0; i < 4; i++) {
            Files.copy(marked, in.resolve("p" + i + ".jpg"));
        }
        for (String detector : List.of("auto", "contours", "logo")) {
            Path one = dir.resolve(detector + "-1");
            Path four = dir.resolve(detector + "-4");
            assertThat(CliRun.of("detect", in, "--detector", detector, "--save-mask", one, "--threads", "1")
                    .exitCode()).isZero();
            assertThat(CliRun.of("detect", in, "--detector", detector, "--save-mask", four, "--threads", "4")
                    .exitCode()).isZero();
            for (int i = 0; i < 4; i++) {
                Mask a = MaskFiles.read(one.resolve("p" + i + ".png"), clean.width(), clean.height(), false);
                Mask b = MaskFiles.read(four.resolve("p" + i + ".png"), clean.width(), clean.height(), false);
                assertThat(b.sameContent(a)).as("%s, image %d", detector, i).isTrue();
            }
        }
    }

    @Test
    void maskFolderIsMatchedByStem() throws IOException {
        Path masks = dir.resolve("masks");
        Files.createDirectories(masks);
        Files.copy(truthMask, masks.resolve("mont-saint-michel.png"));
        Path outDir = dir.resolve("out");

        CliRun run = CliRun.of("remove", marked, "--mask", masks, "-d", outDir);

        assertThat(run.exitCode()).as(run.err()).isZero();
        double after = rmseInside(read(outDir.resolve("mont-saint-michel.jpg")), clean, truth);
        assertThat(after).isLessThan(0.65 * rmseInside(read(marked), clean, truth));
    }

    @Test
    void inputIsNeverModifiedUnlessInPlace() throws IOException {
        byte[] original = Files.readAllBytes(marked);
        CliRun run = CliRun.of("remove", marked, "--mask", truthMask, "-o", dir.resolve("o.jpg"));
        assertThat(run.exitCode()).isZero();
        assertThat(Files.readAllBytes(marked)).isEqualTo(original);

        CliRun sameFile = CliRun.of("remove", marked, "--mask", truthMask, "-o", marked);
        assertThat(sameFile.exitCode()).as("refused before any work").isEqualTo(2);
        assertThat(sameFile.err()).contains("--in-place");
        assertThat(Files.readAllBytes(marked)).isEqualTo(original);

        CliRun inPlace = CliRun.of("remove", marked, "--mask", truthMask, "--in-place");
        assertThat(inPlace.exitCode()).as(inPlace.err()).isZero();
        assertThat(Files.readAllBytes(marked)).isNotEqualTo(original);
        assertThat(rmseInside(read(marked), clean, truth)).isLessThan(0.65 * rmseInside(
                readBytes(original), clean, truth));
    }

    @Test
    void usageErrorsExitWithTwo() {
        assertThat(CliRun.of("remove", marked).exitCode()).isEqualTo(2);
        assertThat(CliRun.of("remove", marked, truthMask, "-o", dir.resolve("x.jpg")).exitCode()).isEqualTo(2);
        assertThat(CliRun.of("remove", marked, "--detector", "none", "-o", dir.resolve("x.jpg")).exitCode())
                .isEqualTo(2);
        CliRun badFill = CliRun.of("remove", marked, "--fill", "magic", "-o", dir.resolve("x.jpg"));
        assertThat(badFill.exitCode()).isEqualTo(2);
        assertThat(badFill.err()).contains("telea").contains("ns");
        CliRun badDetector = CliRun.of("remove", marked, "--detector", "magic", "-o", dir.resolve("x.jpg"));
        assertThat(badDetector.exitCode()).isEqualTo(2);
        assertThat(badDetector.err()).contains("contours");
        assertThat(CliRun.of("frobnicate").exitCode()).isEqualTo(2);
        assertThat(dir.resolve("x.jpg")).doesNotExist();
    }

    @Test
    void minConfidenceMustBeBetweenZeroAndOne() {
        for (String bad : new String[] {"-0.1", "1.5", "NaN", "high"}) {
            CliRun remove = CliRun.of("remove", marked, "--min-confidence", bad, "-o", dir.resolve("x.jpg"));
            assertThat(remove.exitCode()).as(bad).isEqualTo(2);
            CliRun detect = CliRun.of("detect", marked, "--min-confidence", bad, "--save-mask", dir.resolve("m.png"));
            assertThat(detect.exitCode()).as(bad).isEqualTo(2);
        }
        assertThat(CliRun.of("remove", marked, "--min-confidence", "1.5", "-o", dir.resolve("x.jpg")).err())
                .contains("--min-confidence");
        assertThat(dir.resolve("x.jpg")).doesNotExist();
        assertThat(dir.resolve("m.png")).doesNotExist();
    }

    @Test
    void minConfidenceOneDropsEveryDetectedRegionButKeepsTheGivenMask() throws IOException {
        Path mask = dir.resolve("m.png");
        CliRun detect = CliRun.of("detect", marked, "--detector", "contours", "--min-confidence", "1",
                "--save-mask", mask);
        assertThat(detect.exitCode()).as(detect.err()).isZero();
        assertThat(MaskFiles.read(mask, 320, 180, true).isEmpty()).isTrue();
        CliRun remove = CliRun.of("remove", marked, "--detector", "contours", "--mask", truthMask,
                "--min-confidence", "1", "--save-mask", mask, "-o", dir.resolve("x.jpg"));
        assertThat(remove.exitCode()).as(remove.err()).isZero();
        assertThat(MaskFiles.read(mask, 320, 180, true).count()).isPositive();
    }

    @Test
    void versionAndHelpWork() {
        CliRun version = CliRun.of("--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.out()).startsWith("unmark ");
        CliRun help = CliRun.of("help", "remove");
        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).contains("--mask").contains("--detector").contains("--in-place")
                .contains("--min-confidence");
    }

    static double rmseInside(Image a, Image b, Mask m) {
        double sum = 0;
        long n = 0;
        for (int y = 0; y < m.height(); y++) {
            for (int x = 0; x < m.width(); x++) {
                if (m.isSet(x, y)) {
                    for (int c = 0; c < 3; c++) {
                        double d = a.get(x, y, c) - b.get(x, y, c);
                        sum += d * d;
                        n++;
                    }
                }
            }
        }
        return Math.sqrt(sum / n);
    }

    static Image read(Path p) {
        return ImageFiles.read(p, ReadOptions.defaults()).image();
    }

    Image readBytes(byte[] jpeg) throws IOException {
        Path p = Files.write(dir.resolve("original-copy.jpg"), jpeg);
        return read(p);
    }

    Path copyResource(String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource fixtures/" + name);
            }
            Files.copy(in, target);
        }
        return target;
    }

}
