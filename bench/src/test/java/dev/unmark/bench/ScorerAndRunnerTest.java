package dev.unmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScorerAndRunnerTest {

    @TempDir
    Path tmp;

    /** A 2-image set: a textured 40x30 photo with a half-transparent white square blended in. */
    private Path tinySet() throws Exception {
        Path set = tmp.resolve("sets").resolve("tiny");
        StringBuilder meta = new StringBuilder();
        SplittableRandom rnd = new SplittableRandom(1);
        for (String name : List.of("a", "b")) {
            Image clean = Image.blank(40, 30);
            for (int i = 0; i < clean.rgb().length; i++) {
                clean.rgb()[i] = 60 + rnd.nextInt(120);
            }
            Image input = clean.copy();
            Image wm = Image.blank(40, 30);
            byte[] alpha = new byte[40 * 30];
            Mask mask = Mask.empty(40, 30);
            for (int y = 10; y < 20; y++) {
                for (int x = 10; x < 20; x++) {
                    alpha[y * 40 + x] = (byte) 128;
                    mask.set(x, y, true);
                    for (int c = 0; c < 3; c++) {
                        wm.set(x, y, c, 255);
                        input.set(x, y, c, Math.round(clean.get(x, y, c) * (1 - 128 / 255f) + 255 * 128 / 255f));
                    }
                }
            }
            BenchImages.writePng(clean, set.resolve("clean/" + name + ".png"));
            BenchImages.writePng(input, set.resolve("input/" + name + ".png"));
            BenchImages.writePng(wm, set.resolve("wm/" + name + ".png"));
            BenchImages.writePng(mask, set.resolve("mask/" + name + ".png"));
            BenchImages.writePng(BenchImages.grey(40, 30, alpha), set.resolve("alpha/" + name + ".png"));
            meta.append(String.format("{\"name\":\"%s\",\"input\":\"input/%<s.png\",\"clean\":\"clean/%<s.png\","
                    + "\"mask\":\"mask/%<s.png\",\"alpha\":\"alpha/%<s.png\",\"wm\":\"wm/%<s.png\","
                    + "\"width\":40,\"height\":30}%n", name));
        }
        Files.writeString(set.resolve("meta.jsonl"), meta);
        return set;
    }

    @Test
    void missingAndWrongSizeOutputsAreFailuresScoredAsTheInput() throws Exception {
        BenchSet set = BenchSet.load(tinySet());
        assertThat(set.label()).isEqualTo("tiny");
        Path pred = tmp.resolve("pred");
        BenchImages.writePng(Image.blank(7, 7), pred.resolve("b.png")); // wrong size; a.png missing
        BenchSet.Item a = set.items().get(0);
        ImageScore missing = Scorer.score(a, pred, null);
        ImageScore wrong = Scorer.score(set.items().get(1), pred, null);
        assertThat(missing.failed()).isTrue();
        assertThat(wrong.failed()).isTrue();
        assertThat(wrong.failure()).contains("7x7");
        Image input = BenchImages.read(a.input());
        Image clean = BenchImages.read(a.clean());
        assertThat(missing.psnr()).isCloseTo(Metrics.psnr(input, clean), within(1e-9));
        SetSummary s = SetSummary.of("tiny", "x", List.of(missing, wrong), Double.NaN);
        assertThat(s.failures()).isEqualTo(2);
    }

    @Test
    void masksReadAs0255Or01() throws Exception {
        Path f = tmp.resolve("m01.png");
        byte[] v = new byte[12];
        v[5] = 1;
        BenchImages.writePng(BenchImages.grey(4, 3, v), f);
        assertThat(BenchImages.readMask(f).count()).isEqualTo(1);
        v[5] = (byte) 127;
        v[6] = (byte) 128;
        BenchImages.writePng(BenchImages.grey(4, 3, v), f);
        assertThat(BenchImages.readMask(f).isSet(2, 1)).isTrue();
        assertThat(BenchImages.readMask(f).isSet(1, 1)).isFalse();
    }

    @Test
    void runWritesOutputsAndReportsAndTheOracleInvertsTheBlend() throws Exception {
        Path setDir = tinySet();
        Path out = tmp.resolve("out");
        List<BenchConfig> configs = List.of(BenchConfigs.create("identity"), BenchConfigs.create("gt-mask+telea"),
                BenchConfigs.create("oracle"), BenchConfigs.create("none+telea"));
        List<SetSummary> rows = BenchRunner.run(new BenchRunner.Options(BenchSet.open(setDir), configs, out, 0, 2),
                line -> { });
        Reports.write(out, Reports.withPooled(rows), "# test");
        assertThat(rows).hasSize(4);
        assertThat(rows).allSatisfy(r -> assertThat(r.failures()).isZero());
        SetSummary identity = rows.get(0), telea = rows.get(1), oracle = rows.get(2), none = rows.get(3);
        assertThat(telea.rmseMasked()).isLessThan(identity.rmseMasked());
        // 8-bit rounding of the blend leaves at most ~1 level of error after inversion at alpha 0.5.
        assertThat(oracle.rmseMasked()).isLessThan(1.5);
        assertThat(oracle.psnr()).isGreaterThan(45);
        // The no-op detector predicts nothing: mask F1 0 on marked images, scores present.
        assertThat(none.maskF1()).isZero();
        assertThat(Files.exists(out.resolve("tiny/oracle/a.png"))).isTrue();
        assertThat(Files.exists(out.resolve("tiny/none+telea/mask/a.png"))).isTrue();
        assertThat(Files.readString(out.resolve("report.md"))).contains("| tiny | 2 | oracle |");
        assertThat(Files.readAllLines(out.resolve("report.csv"))).hasSize(5);
        HtmlReport.write(out, rows, java.util.Map.of("tiny", BenchSet.load(setDir)));
        assertThat(Files.readString(out.resolve("report.html"))).contains("thumbs/tiny/oracle/a-output.png");
        assertThat(BenchImages.read(out.resolve("charts/tiny.png")).width()).isEqualTo(640);
    }

    /**
     * A 2-image template set: a 20x20 RGBA ring (white, opacity 0.5) stamped unscaled at (50, 30) on a smooth 96x72
     * photo with grain, the meta naming it as the generator does ({@code kind: template}, {@code logo: wm.png}).
     */
    private Path templateSet() throws Exception {
        Path set = tmp.resolve("sets").resolve("tpl");
        Files.createDirectories(set);
        int n = 20;
        float[] ring = new float[n * n];
        float[] white = new float[n * n * 3];
        java.util.Arrays.fill(white, 255);
        for (int y = 0; y < n; y++) {
            for (int x = 0; x < n; x++) {
                double r = Math.hypot(x - 9.5, y - 9.5);
                ring[y * n + x] = r > 4 && r < 8.5 ? 128 : 0;
            }
        }
        BenchImages.writePng(Image.wrap(n, n, white, ring), set.resolve("wm.png"));
        StringBuilder meta = new StringBuilder();
        SplittableRandom rnd = new SplittableRandom(3);
        for (String name : List.of("a", "b")) {
            Image clean = Image.blank(96, 72);
            for (int y = 0; y < 72; y++) {
                for (int x = 0; x < 96; x++) {
                    for (int c = 0; c < 3; c++) {
                        clean.set(x, y, c, 40 + x + 30 * c + y / 2 + rnd.nextInt(5));
                    }
                }
            }
            Image input = clean.copy();
            Mask mask = Mask.empty(96, 72);
            byte[] alpha = new byte[96 * 72];
            Image wm = Image.blank(96, 72);
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    float a = ring[y * n + x] / 255f;
                    if (a == 0) {
                        continue;
                    }
                    mask.set(50 + x, 30 + y, true);
                    alpha[(30 + y) * 96 + 50 + x] = (byte) 128;
                    for (int c = 0; c < 3; c++) {
                        wm.set(50 + x, 30 + y, c, 255);
                        input.set(50 + x, 30 + y, c, Math.round((1 - a) * clean.get(50 + x, 30 + y, c) + a * 255));
                    }
                }
            }
            BenchImages.writePng(clean, set.resolve("clean/" + name + ".png"));
            BenchImages.writePng(input, set.resolve("input/" + name + ".png"));
            BenchImages.writePng(wm, set.resolve("wm/" + name + ".png"));
            BenchImages.writePng(mask, set.resolve("mask/" + name + ".png"));
            BenchImages.writePng(BenchImages.grey(96, 72, alpha), set.resolve("alpha/" + name + ".png"));
            meta.append(String.format("{\"name\":\"%s\",\"input\":\"input/%<s.png\",\"clean\":\"clean/%<s.png\","
                    + "\"mask\":\"mask/%<s.png\",\"alpha\":\"alpha/%<s.png\",\"wm\":\"wm/%<s.png\","
                    + "\"width\":96,\"height\":72,\"kind\":\"template\",\"logo\":\"wm.png\"}%n", name));
        }
        Files.writeString(set.resolve("meta.jsonl"), meta);
        return set;
    }

    @Test
    void theTemplateConfigurationReadsEachItemsTemplateAndReversesIt() throws Exception {
        Path setDir = templateSet();
        assertThat(BenchSet.load(setDir).items())
                .allSatisfy(i -> assertThat(i.template()).isEqualTo(setDir.resolve("wm.png")));
        List<SetSummary> rows = BenchRunner.run(new BenchRunner.Options(BenchSet.open(setDir),
                List.of(BenchConfigs.create("gt-mask+telea"), BenchConfigs.create("template+telea")),
                tmp.resolve("out"), 0, 1), line -> { });

        SetSummary telea = rows.get(0), template = rows.get(1);
        assertThat(template.failures()).isZero();
        assertThat(template.rmseMasked()).as("Telea with the true mask: %.2f", telea.rmseMasked())
                .isLessThan(0.3 * telea.rmseMasked());
        assertThat(template.maskF1()).isGreaterThan(0.9);
    }

    @Test
    void theTemplateConfigurationFailsItemsWithoutATemplate() throws Exception {
        List<SetSummary> rows = BenchRunner.run(new BenchRunner.Options(BenchSet.open(tinySet()),
                List.of(BenchConfigs.create("template")), tmp.resolve("out"), 0, 1), line -> { });
        assertThat(rows.get(0).failures()).isEqualTo(2);
    }
}
