package dev.unmark.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.detect.Detection;
import dev.unmark.detect.NoDetector;
import dev.unmark.detect.Region;
import dev.unmark.detect.WatermarkDetector;
import dev.unmark.fill.FillEngines;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {

    /** A detector that finds exactly one pixel. */
    private static final WatermarkDetector ONE_PIXEL = new WatermarkDetector() {
        @Override
        public String name() {
            return "one";
        }

        @Override
        public Detection detect(Image image) {
            Mask m = Mask.empty(image.width(), image.height());
            m.set(10, 10, true);
            return new Detection(m, List.of(new Region(new Rect(10, 10, 1, 1), "test", 1.0, 1)));
        }
    };

    private static Mask onePixelAt(int x, int y) {
        Mask m = Mask.empty(40, 40);
        m.set(x, y, true);
        return m;
    }

    @Test
    void byDefaultDetectedPixelsGrowByOneAndAUsersMaskByTwo() {
        Pipeline p = new Pipeline(ONE_PIXEL, FillEngines.create("telea"), Pipeline.AUTO_DILATION, 0);
        PipelineResult r = p.run(Image.blank(40, 40), onePixelAt(30, 30));

        Mask m = r.mask();
        assertThat(m.isSet(11, 10)).isTrue();
        assertThat(m.isSet(12, 10)).as("detected: 1 px").isFalse();
        assertThat(m.isSet(32, 30)).isTrue();
        assertThat(m.isSet(33, 30)).as("given: 2 px").isFalse();
        assertThat(r.regions()).extracting(Region::kind).containsExactly("test", "mask");
    }

    @Test
    void anExplicitDilationAppliesToBoth() {
        Pipeline p = new Pipeline(ONE_PIXEL, FillEngines.create("telea"), 3, 0);
        Mask m = p.run(Image.blank(40, 40), onePixelAt(30, 30)).mask();
        assertThat(m.isSet(13, 10)).isTrue();
        assertThat(m.isSet(33, 30)).isTrue();
        assertThat(m.isSet(14, 10)).isFalse();

        Mask none = new Pipeline(new NoDetector(), FillEngines.create("telea"), 0, 0)
                .run(Image.blank(40, 40), onePixelAt(30, 30)).mask();
        assertThat(none.count()).isEqualTo(1);
    }
}
