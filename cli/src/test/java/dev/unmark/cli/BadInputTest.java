package dev.unmark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Bad input gets one clear line on stderr naming the file, exit code 1, no output for it, nothing half-written,
 * the other files of the batch still done, and inputs untouched.
 */
class BadInputTest {

    @TempDir
    Path dir;

    Path good;
    Path mask;

    @BeforeEach
    void setUp() throws IOException {
        good = copyResource("mont-saint-michel.jpg", dir.resolve("good.jpg"));
        mask = copyResource("mont-saint-michel-mask.png", dir.resolve("mask.png"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"missing", "zero-byte", "text", "truncated-jpeg", "truncated-png"})
    void aBadFileFailsAloneWithOneLineNamingIt(String kind) throws IOException {
        Path bad = makeBad(kind);
        Path outDir = dir.resolve("out");
        byte[] goodBytes = Files.readAllBytes(good);

        CliRun run = CliRun.of("remove", good, bad, "-d", outDir, "--detector", "contours");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
        assertThat(run.errLines()).hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("unmark: ").contains(bad.toString());
        assertThat(outDir.resolve("good.jpg")).as("the rest of the batch is done").isRegularFile();
        assertThat(outDir.resolve(bad.getFileName())).doesNotExist();
        assertNoTempFiles(outDir);
        assertThat(Files.readAllBytes(good)).isEqualTo(goodBytes);
    }

    @Test
    void anImageOverThePixelLimitIsRefused() {
        Path out = dir.resolve("out.jpg");
        CliRun run = CliRun.of("remove", good, "--mask", mask, "-o", out, "--max-pixels", "10000");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains("good.jpg").contains("10000");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMaskOfTheWrongSizeIsAnErrorUnlessResizeIsAsked() throws IOException {
        Path small = dir.resolve("small-mask.png");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(32, 18,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", small.toFile());
        Path out = dir.resolve("out.jpg");

        CliRun run = CliRun.of("remove", good, "--mask", small, "-o", out);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().contains("small-mask.png").contains("320x180");
        assertThat(out).doesNotExist();

        CliRun resized = CliRun.of("remove", good, "--mask", small, "--resize-mask", "-o", out);
        assertThat(resized.exitCode()).as(resized.err()).isZero();
        assertThat(out).isRegularFile();
    }

    @Test
    void aFailedRunNeverReplacesAnExistingOutput() throws IOException {
        Path bad = makeBad("truncated-jpeg");
        Path out = dir.resolve("out.jpg");
        Files.writeString(out, "previous result");

        CliRun run = CliRun.of("remove", bad, "--detector", "contours", "-o", out);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(Files.readString(out)).isEqualTo("previous result");
        assertNoTempFiles(dir);
    }

    @Test
    void anUnwritableOutputIsReportedAndLeavesNothing() throws IOException {
        Path blocker = dir.resolve("blocker");
        Files.writeString(blocker, "a file where a folder should be");
        Path out = blocker.resolve("out.jpg");

        CliRun run = CliRun.of("remove", good, "--mask", mask, "-o", out);

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.errLines()).singleElement().asString().startsWith("unmark: " + good)
                .contains("blocker").doesNotContain("internal error");
        assertThat(Files.readString(blocker)).isEqualTo("a file where a folder should be");
        assertNoTempFiles(dir);
    }

    @Test
    void twoInputsWritingTheSameFileAreRefusedBeforeAnyWork() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.createDirectories(dir.resolve("b"));
        Path a = Files.copy(good, dir.resolve("a/x.jpg"));
        Path b = Files.copy(good, dir.resolve("b/x.jpg"));
        Path outDir = dir.resolve("out");

        CliRun run = CliRun.of("remove", a, b, "-d", outDir, "--detector", "contours");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("would both write");
        assertThat(outDir).doesNotExist();
    }

    @Test
    void aMaskOrOutputPathThatIsAnInputIsRefused() throws IOException {
        byte[] before = Files.readAllBytes(good);

        CliRun maskOverPhoto = CliRun.of("detect", good, "--detector", "contours", "--save-mask", good);
        assertThat(maskOverPhoto.exitCode()).isEqualTo(2);
        assertThat(maskOverPhoto.err()).contains("would overwrite the input");

        Path out = dir.resolve("out.png");
        CliRun maskOverOutput = CliRun.of("remove", good, "--mask", mask, "-o", out, "--save-mask", out);
        assertThat(maskOverOutput.exitCode()).isEqualTo(2);
        assertThat(out).doesNotExist();

        // --in-place allows replacing the input with the cleaned image, never with the mask
        CliRun inPlaceMask = CliRun.of("remove", good, "--mask", mask, "--in-place", "--save-mask", good);
        assertThat(inPlaceMask.exitCode()).isEqualTo(2);
        assertThat(Files.readAllBytes(good)).isEqualTo(before);
    }

    @Test
    void aFileNamedTwiceIsProcessedOnce() {
        CliRun run = CliRun.of("remove", good, good, "--mask", mask, "-d", dir.resolve("out"), "--json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.outLines()).hasSize(1);
    }

    private Path makeBad(String kind) throws IOException {
        byte[] jpeg = Files.readAllBytes(good);
        switch (kind) {
            case "missing":
                return dir.resolve("missing.jpg");
            case "zero-byte":
                return Files.write(dir.resolve("empty.jpg"), new byte[0]);
            case "text":
                return Files.writeString(dir.resolve("notes.jpg"), "this is not a JPEG\n");
            case "truncated-jpeg":
                return Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
            case "truncated-png": {
                byte[] png = Files.readAllBytes(mask);
                Path full = dir.resolve("full.png");
                Files.write(full, png);
                return Files.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length * 2 / 3));
            }
            default:
                throw new IllegalArgumentException(kind);
        }
    }

    private static void assertNoTempFiles(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> temps = s.filter(p -> p.getFileName().toString().contains(".tmp")).toList();
            assertThat(temps).as("temporary files left behind").isEmpty();
        }
    }

    private Path copyResource(String name, Path target) throws IOException {
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }
}
