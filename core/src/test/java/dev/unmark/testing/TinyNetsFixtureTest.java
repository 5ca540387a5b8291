package dev.unmark.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** The committed stand-in network (fixtures/lama-smooth-64.onnx) is what {@link TinyNets#fixture()} writes. */
class TinyNetsFixtureTest {

    @Test
    void theCommittedFixtureMatchesItsGenerator() throws IOException {
        byte[] committed;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/lama-smooth-64.onnx")) {
            assertThat(in).as("fixtures/lama-smooth-64.onnx on the test classpath").isNotNull();
            committed = in.readAllBytes();
        }
        assertThat(committed).as("regenerate with: java -cp core/target/test-classes dev.unmark.testing.TinyNets DIR")
                .isEqualTo(TinyNets.fixture().toBytes());
    }
}
