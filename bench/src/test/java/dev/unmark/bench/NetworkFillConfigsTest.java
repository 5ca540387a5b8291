package dev.unmark.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bench configurations with a network fill take their model file from {@code bench run --model}. */
class NetworkFillConfigsTest {

    @TempDir
    Path tmp;

    private Path fixtureModel() throws IOException {
        Path target = tmp.resolve("lama-smooth-64.onnx");
        try (InputStream in = getClass().getResourceAsStream("/fixtures/lama-smooth-64.onnx")) {
            assertThat(in).as("core's fixture on the test classpath").isNotNull();
            Files.copy(in, target);
        }
        return target;
    }

    @Test
    void gtMaskWithANetworkFillRunsTheGivenModelInsideTheGrownMaskOnly() throws IOException {
        BenchConfig config = BenchConfigs.create("gt-mask+lama", fixtureModel());
        Image input = Image.blank(60, 40);
        for (int i = 0; i < input.pixels(); i++) {
            input.rgb()[i * 3] = 90;
            input.rgb()[i * 3 + 1] = 120;
            input.rgb()[i * 3 + 2] = 150;
        }
        Mask mask = Mask.empty(60, 40);
        for (int y = 15; y < 25; y++) {
            for (int x = 20; x < 30; x++) {
                mask.set(x, y, true);
                input.set(x, y, 0, 255);
            }
        }
        Image out = config.apply(input, new BenchConfig.GroundTruth(mask, null, null)).output();
        Mask grown = Masks.dilate(mask, BenchConfigs.GT_DILATION);
        for (int i = 0; i < input.pixels(); i++) {
            if (grown.data()[i] == 0) {
                assertThat(out.rgb()[i * 3]).isEqualTo(input.rgb()[i * 3]);
            } else {
                assertThat(out.rgb()[i * 3]).as("filled from the flat surroundings").isCloseTo(90f,
                        org.assertj.core.data.Offset.offset(0.01f));
            }
        }
    }

    @Test
    void theModelGoesToNetworkConfigurationsOnlySoOneRunComparesThemWithTheBuiltInFills() throws IOException {
        Path model = fixtureModel();
        assertThat(BenchConfigs.create("gt-mask+telea", model).name()).isEqualTo("gt-mask+telea");
        assertThat(BenchConfigs.create("oracle", model).name()).isEqualTo("oracle");
        assertThat(BenchConfigs.create("none+lama", model).name()).isEqualTo("none+lama");
    }

    @Test
    void aMissingModelFailsBeforeAnyWorkNamingTheFile() {
        Path missing = tmp.resolve("deepfillv2_places_512x512.onnx");
        assertThatThrownBy(() -> BenchConfigs.create("gt-mask+deepfill", missing))
                .isInstanceOf(UnmarkException.class)
                .hasMessage(missing + ": no such model file");
        assertThatThrownBy(() -> BenchConfigs.create("auto+deepfill", missing)).hasMessageContaining("no such model");
    }
}
