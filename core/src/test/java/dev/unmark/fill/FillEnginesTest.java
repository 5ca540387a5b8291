package dev.unmark.fill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.UnmarkException;
import dev.unmark.testing.TinyNets;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FillEnginesTest {

    private static final Path LAMA = TinyNets.fixture().writeTemporary();

    @Test
    void theNetworkEnginesAreRegisteredBesideTheBuiltInOnes() {
        assertThat(FillEngines.names()).contains("telea", "ns", "deepfill", "lama", "migan");
        FillEngine lama = FillEngines.create("LaMa", LAMA);
        assertThat(lama.name()).isEqualTo("lama");
        assertThat(lama).isInstanceOf(OnnxInpaintFill.class);
    }

    @Test
    void anUnknownNameListsTheValidOnesNetworksIncluded() {
        assertThatThrownBy(() -> FillEngines.create("deepfil"))
                .isInstanceOf(UnmarkException.class)
                .hasMessage("unknown fill engine 'deepfil'; valid: auto, telea, ns, patch, deepfill, lama, migan");
    }

    @Test
    void aModelFileForAnEngineThatTakesNoneIsRefused() {
        assertThatThrownBy(() -> FillEngines.create("telea", LAMA))
                .isInstanceOf(UnmarkException.class)
                .hasMessage("fill engine 'telea' takes no model file; the network engines do: deepfill, lama, migan");
    }

    @Test
    void theDefaultModelComesFromTheEngineEnvironmentVariable() {
        assertThat(NetContract.MIGAN.environmentVariable()).isEqualTo("UNMARK_MIGAN_MODEL");
        assertThat(NetContract.DEEPFILL.defaultModel(k -> k.equals("UNMARK_DEEPFILL_MODEL") ? " /m/df.onnx " : null))
                .isEqualTo(Path.of("/m/df.onnx"));
        assertThatThrownBy(() -> NetContract.LAMA.defaultModel(k -> ""))
                .isInstanceOf(UnmarkException.class)
                .hasMessage("fill engine 'lama' needs a LaMa model file: give --model PATH or set UNMARK_LAMA_MODEL"
                        + " (where to get one: docs/FILL-MODELS.md)");
    }

    @Test
    void withoutAModelOrTheVariableTheRegistrySaysHowToGiveOne() {
        Assumptions.assumeTrue(System.getenv("UNMARK_DEEPFILL_MODEL") == null, "UNMARK_DEEPFILL_MODEL is set here");
        assertThatThrownBy(() -> FillEngines.create("deepfill"))
                .isInstanceOf(UnmarkException.class)
                .hasMessageContaining("UNMARK_DEEPFILL_MODEL");
    }
}
