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
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code remove --fill lama|deepfill|migan --model PATH} end to end, with the committed stand-in network
 * (fixtures/lama-smooth-64.onnx: LaMa's inputs and outputs, a local-mean fill).
 */
class NetFillCommandTest {

    @TempDir
    Path dir;

    Path marked;
    Path truthMask;
    Path model;

    @BeforeEach
    void copyFixtures() throws IOException {
        marked = copy("/fixtures/mont-saint-michel.jpg", "mont-saint-michel.jpg");
        truthMask = copy("/fixtures/mont-saint-michel-mask.png", "mask.png");
        model = copy("/fixtures/lama-smooth-64.onnx", "lama-smooth-64.onnx");
    }

    private Path copy(String resource, String name) throws IOException {
        Path target = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            Files.copy(in, target);
        }
        return target;
    }

    private static Image read(Path p) {
        return ImageFiles.read(p, ReadOptions.defaults()).image();
    }

    @Test
    void aNetworkFillChangesOnlyTheGrownMaskAndReportsItsName() throws IOException {
        Path out = dir.resolve("out.png");
        Path finalMask = dir.resolve("final-mask.png");
        CliRun run = CliRun.of("remove", marked, "--mask", truthMask, "--fill", "lama", "--model", model,
                "--save-mask", finalMask, "--json", "-o", out);

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode line = new ObjectMapper().readTree(run.outLines().get(0));
        assertThat(line.get("fill").asText()).isEqualTo("lama");
        Image in = read(marked);
        Image result = read(out);
        Mask grown = MaskFiles.read(finalMask, in.width(), in.height(), false);
        long changed = 0;
        for (int i = 0; i < in.pixels(); i++) {
            boolean same = true;
            for (int c = 0; c < 3; c++) {
                same &= result.rgb()[i * 3 + c] == in.rgb()[i * 3 + c];
            }
            if (grown.data()[i] == 0) {
                assertThat(same).as("pixel %d outside the mask", i).isTrue();
            } else if (!same) {
                changed++;
            }
        }
        assertThat(changed).isGreaterThan(grown.count() / 2);
    }

    @Test
    void aModelOfAnotherNetworkIsAUsageErrorWithOneLine() {
        Path out = dir.resolve("out.jpg");
        CliRun run = CliRun.of("remove", marked, "--mask", truthMask, "--fill", "deepfill", "--model", model,
                "-o", out);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).doesNotContain("Exception");
        assertThat(run.errLines()).as("one line, no usage text").hasSize(1);
        assertThat(run.errLines().get(0)).startsWith("unmark: " + model + ": this is a LaMa model, not DeepFill v2")
                .contains("use the fill engine 'lama'");
        assertThat(out).doesNotExist();
    }

    @Test
    void aCorruptOrMissingModelIsAUsageErrorNamingTheFile() throws IOException {
        Path corrupt = Files.writeString(dir.resolve("corrupt.onnx"), "this is not protobuf");
        CliRun bad = CliRun.of("remove", marked, "--mask", truthMask, "--fill", "migan", "--model", corrupt,
                "-o", dir.resolve("a.jpg"));
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.errLines().get(0)).startsWith("unmark: " + corrupt + ": not an ONNX model ONNX Runtime can load");

        Path missing = dir.resolve("deepfillv2_places_512x512.onnx");
        CliRun none = CliRun.of("remove", marked, "--mask", truthMask, "--fill", "deepfill", "--model", missing,
                "-o", dir.resolve("b.jpg"));
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.errLines().get(0)).startsWith("unmark: " + missing + ": no such model file");
    }

    @Test
    void anOnnxModelThatIsNoInpainterIsRefused() throws IOException {
        // The text detector's network: a real ONNX model, but one image in and one probability map out.
        Path detector = copy("/models/ch_PP-OCRv4_det_infer.onnx", "det.onnx");
        CliRun run = CliRun.of("remove", marked, "--mask", truthMask, "--fill", "lama", "--model", detector,
                "-o", dir.resolve("c.jpg"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).startsWith("unmark: " + detector + ": not an inpainting model unmark can run")
                .contains("found inputs [x: float32 [?, 3, ?, ?]]");
    }

    @Test
    void aModelForABuiltInFillIsAUsageError() {
        CliRun run = CliRun.of("remove", marked, "--mask", truthMask, "--fill", "telea", "--model", model,
                "-o", dir.resolve("d.jpg"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).contains("fill engine 'telea' takes no model file");
    }

    @Test
    void aNetworkFillWithoutAModelSaysWhereOneComesFrom() {
        Assumptions.assumeTrue(System.getenv("UNMARK_MIGAN_MODEL") == null, "UNMARK_MIGAN_MODEL is set here");
        CliRun run = CliRun.of("remove", marked, "--mask", truthMask, "--fill", "migan", "-o", dir.resolve("e.jpg"));
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.errLines().get(0)).contains("--model PATH or set UNMARK_MIGAN_MODEL");
    }
}
