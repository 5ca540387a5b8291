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

    /** A detector that reports each rectangle as one region of {@code kind} with its own pixel mask. */
    private static WatermarkDetector regions(String kind, double confidence, Rect... rects) {
        return new WatermarkDetector() {
            @Override
            public String name() {
                return kind;
            }

            @Override
            public Detection detect(Image image) {
                Mask m = Mask.empty(image.width(), image.height());
                List<Region> out = new java.util.ArrayList<>();
                for (Rect r : rects) {
                    Mask own = Mask.empty(r.width(), r.height());
                    for (int y = r.y(); y < r.bottom(); y++) {
                        for (int x = r.x(); x < r.right(); x++) {
                            m.set(x, y, true);
                            own.set(x - r.x(), y - r.y(), true);
                        }
                    }
                    out.add(new Region(r, kind, confidence, r.area(), own));
                }
                return new Detection(m, out);
            }
        };
    }

    @Test
    void textRegionsOnATiledGridAreDroppedWithTheirPixelsAndOthersKept() {
        Image image = Image.blank(100, 60);
        // The grid: strokes at x 10-19 and 50-59 (one region, as TiledDetector reports).
        WatermarkDetector grid = new WatermarkDetector() {
            @Override
            public String name() {
                return "tiled";
            }

            @Override
            public Detection detect(Image img) {
                Mask m = Mask.empty(img.width(), img.height());
                for (int y = 0; y < 60; y++) {
                    for (int x = 0; x < 100; x++) {
                        if ((x >= 10 && x < 20) || (x >= 50 && x < 60)) {
                            m.set(x, y, true);
                        }
                    }
                }
                Rect box = m.setBounds();
                return new Detection(m, List.of(new Region(box, TiledDetector.KIND, 0.8, m.count(), m.crop(box))));
            }
        };
        // A text line over a grid cell's stroke (slightly wider: 8-21) and one well off the grid (75-95).
        WatermarkDetector text = regions(TextDetector.KIND, 0.9, new Rect(8, 5, 14, 10), new Rect(75, 40, 20, 8));

        Detection d = new CombinedDetector("auto", List.of(text, grid)).detect(image);

        assertThat(d.regions()).extracting(Region::kind).containsExactly(TextDetector.KIND, TiledDetector.KIND);
        assertThat(d.regions().get(0).box()).isEqualTo(new Rect(75, 40, 20, 8));
        assertThat(d.mask().isSet(8, 5)).isFalse(); // the dropped text region's rim beside the grid stroke
        assertThat(d.mask().isSet(12, 5)).isTrue(); // the grid's own stroke
        assertThat(d.mask().isSet(80, 44)).isTrue(); // the off-grid line
        assertThat(d.mask().count()).isEqualTo(2 * 10 * 60 + 20 * 8);
    }

    @Test
    void withoutAGridTextRegionsAreKept() {
        Image image = Image.blank(100, 60);
        WatermarkDetector text = regions(TextDetector.KIND, 0.9, new Rect(8, 5, 14, 10));
        Detection d = new CombinedDetector("auto", List.of(text, regions("overlay", 0.7, new Rect(10, 0, 10, 60))))
                .detect(image);
        assertThat(d.regions()).hasSize(2);
        assertThat(d.mask().isSet(8, 5)).isTrue();
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
