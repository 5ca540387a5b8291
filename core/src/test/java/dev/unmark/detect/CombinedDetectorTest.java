package dev.unmark.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;

class CombinedDetectorTest {

    /** A detector that always reports the given rectangle, with the given opacity or none. */
    private static WatermarkDetector fixed(String name, Rect r, Float opacity) {
        return new WatermarkDetector() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Detection detect(Image image) {
                Mask m = Mask.empty(image.width(), image.height());
                float[] alpha = opacity == null ? null : new float[image.width() * image.height()];
                for (int y = r.y(); y < r.bottom(); y++) {
                    for (int x = r.x(); x < r.right(); x++) {
                        m.set(x, y, true);
                        if (alpha != null) {
                            alpha[y * image.width() + x] = opacity;
                        }
                    }
                }
                return new Detection(m, List.of(new Region(r, name, 0.9, r.area())), alpha);
            }
        };
    }

    @Test
    void joinsMasksRegionsAndTakesTheLargerOpacity() {
        Image image = Image.blank(20, 10);
        CombinedDetector both = new CombinedDetector("both", List.of(
                fixed("a", new Rect(0, 0, 6, 10), 0.3f), fixed("b", new Rect(4, 0, 6, 10), 0.6f),
                fixed("c", new Rect(15, 0, 2, 2), null)));

        Detection d = both.detect(image);

        assertThat(d.mask().count()).isEqualTo(10 * 10 + 4);
        assertThat(d.regions()).extracting(Region::kind).containsExactly("a", "b", "c");
        assertThat(d.alpha()[0]).isEqualTo(0.3f);
        assertThat(d.alpha()[5]).isEqualTo(0.6f); // overlap: the larger
        assertThat(d.alpha()[9]).isEqualTo(0.6f);
        assertThat(d.alpha()[15]).isZero(); // c gave no estimate
    }

    @Test
    void commaSeparatedNamesMakeACombinedDetectorAndUnknownNamesListTheValidOnes() {
        WatermarkDetector d = Detectors.create("none, none");
        assertThat(d).isInstanceOf(CombinedDetector.class);
        assertThat(((CombinedDetector) d).members()).hasSize(2);
        assertThat(d.detect(Image.blank(8, 8)).isEmpty()).isTrue();
        assertThatThrownBy(() -> Detectors.create("text,magic")).isInstanceOf(UnmarkException.class)
                .hasMessageContaining("magic").hasMessageContaining("tiled").hasMessageContaining("contours");
    }
}
