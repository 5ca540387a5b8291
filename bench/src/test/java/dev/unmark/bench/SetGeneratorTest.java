package dev.unmark.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.image.Image;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetGeneratorTest {

    @TempDir
    Path tmp;

    private void sources() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int k = 0; k < 2; k++) {
            Image photo = Image.blank(96, 72);
            for (int i = 0; i < photo.rgb().length; i++) {
                photo.rgb()[i] = (i / 3 % 96) + rnd.nextInt(40);
            }
            BenchImages.writeJpeg(photo, tmp.resolve("photos/p" + k + ".jpg"), 92);
            BufferedImage logo = new BufferedImage(20, 12, BufferedImage.TYPE_INT_ARGB);
            for (int y = 2; y < 10; y++) {
                for (int x = 2; x < 18; x++) {
                    logo.setRGB(x, y, 0xFF000000 | (k == 0 ? 0xE03030 : 0x3060E0));
                }
            }
            BenchImages.writePng(logo, tmp.resolve("logos/l" + k + ".png"));
        }
    }

    private Path generate(String run, SetGenerator.Kind kind, long seed) {
        Path out = tmp.resolve(run).resolve(kind.name());
        SetGenerator.generate(new SetGenerator.Spec(tmp.resolve("photos"), tmp.resolve("logos"), null, out, kind,
                2, seed));
        return out;
    }

    @Test
    void aJitteredCollectionVariesTheSharedMarksOpacityAndPlaceWithinTheBounds() throws Exception {
        sources();
        Path out = tmp.resolve("jitter");
        SetGenerator.generate(new SetGenerator.Spec(tmp.resolve("photos"), tmp.resolve("logos"), null, out,
                SetGenerator.Kind.COLLECTION, 8, 7, 20, 3));
        List<String> lines = Files.readAllLines(out.resolve("meta.jsonl"));
        assertThat(lines).hasSize(8);
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        java.util.Set<Double> opacities = new java.util.HashSet<>();
        java.util.Set<String> shifts = new java.util.HashSet<>();
        java.util.Set<String> boxes = new java.util.HashSet<>();
        for (String line : lines) {
            var node = json.readTree(line);
            opacities.add(node.get("opacity").asDouble());
            int dx = node.get("shift").get(0).asInt(), dy = node.get("shift").get(1).asInt();
            assertThat(Math.abs(dx)).isLessThanOrEqualTo(3);
            assertThat(Math.abs(dy)).isLessThanOrEqualTo(3);
            shifts.add(dx + "," + dy);
            boxes.add(node.get("alpha_bbox").toString());
        }
        // Opacities spread at most 2 x 20/255 around the group's, and really vary; so do the places.
        double lo = opacities.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double hi = opacities.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(hi - lo).isGreaterThan(0.01).isLessThanOrEqualTo(40 / 255.0 + 1e-4);
        assertThat(shifts.size()).isGreaterThan(1);
        assertThat(boxes.size()).isGreaterThan(1);
    }

    @Test
    void jitterIsRefusedForKindsWithoutASharedMark() {
        sources();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SetGenerator.Spec(tmp.resolve("photos"),
                tmp.resolve("logos"), null, tmp.resolve("x"), SetGenerator.Kind.LOGO_HD, 2, 1, 20, 0))
                .hasMessageContaining("collection only");
    }

    @Test
    void theSameSeedGivesByteIdenticalSetsAndTheBlendHolds() throws Exception {
        sources();
        for (SetGenerator.Kind kind : List.of(SetGenerator.Kind.CLWD256, SetGenerator.Kind.COLLECTION,
                SetGenerator.Kind.TEMPLATE, SetGenerator.Kind.TEXT_HD)) {
            Path a = generate("a", kind, 42);
            Path b = generate("b", kind, 42);
            List<Path> files = files(a);
            assertThat(files).as(kind.name()).isEqualTo(files(b)).isNotEmpty();
            for (Path f : files) {
                assertThat(Files.readAllBytes(a.resolve(f))).as(kind + " " + f).isEqualTo(Files.readAllBytes(b.resolve(f)));
            }
            BenchSet set = BenchSet.load(a);
            assertThat(set.items()).hasSize(2);
            // The stored layers reproduce the input: J = I (1 - A) + W A, up to 8-bit rounding (PNG inputs).
            if (kind == SetGenerator.Kind.CLWD256) {
                BenchSet.Item item = set.items().get(0);
                Image j = BenchImages.read(item.input()), i = BenchImages.read(item.clean()), w = BenchImages.read(item.wm());
                int[] alpha = BenchImages.readPlane(item.alpha(), null);
                double worst = 0;
                for (int p = 0; p < alpha.length; p++) {
                    for (int c = 0; c < 3; c++) {
                        double aa = alpha[p] / 255.0;
                        double expect = i.rgb()[p * 3 + c] * (1 - aa) + w.rgb()[p * 3 + c] * aa;
                        worst = Math.max(worst, Math.abs(expect - j.rgb()[p * 3 + c]));
                    }
                }
                assertThat(worst).isLessThanOrEqualTo(0.5 + 1e-9);
                assertThat(j.width()).isEqualTo(256);
            }
        }
        Path c = generate("c", SetGenerator.Kind.CLWD256, 43);
        assertThat(Files.readAllBytes(c.resolve("input/clwd_0001.png")))
                .isNotEqualTo(Files.readAllBytes(tmp.resolve("a/CLWD256/input/clwd_0001.png")));
    }

    private static List<Path> files(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }
}
