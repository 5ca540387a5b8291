package dev.unmark.fill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import dev.unmark.testing.Scenes;
import org.junit.jupiter.api.Test;

/**
 * The {@link FillEngine} contract; every engine's test extends this and supplies {@link #engine()}.
 */
abstract class FillEngineContract {

    /** A fresh engine under test. */
    protected abstract FillEngine engine();

    /** Share by which the fill must cut the RMSE inside a text watermark's mask, against the marked input. */
    protected double minRmseReduction() {
        return 0.5;
    }

    /** Levels a filled pixel of a flat image may differ from the flat value. */
    protected float flatTolerance() {
        return 1f;
    }

    @Test
    void pixelsOutsideTheMaskAreExactlyTheInputs() {
        Image in = Scenes.photo(120, 90, 7);
        Mask mask = blob(120, 90, 60, 45, 12);
        Image out = engine().fill(in, mask);
        assertThat(out.width()).isEqualTo(in.width());
        assertThat(out.height()).isEqualTo(in.height());
        for (int y = 0; y < 90; y++) {
            for (int x = 0; x < 120; x++) {
                if (!mask.isSet(x, y)) {
                    for (int c = 0; c < 3; c++) {
                        assertThat(out.get(x, y, c)).as("(%d, %d, %d)", x, y, c).isEqualTo(in.get(x, y, c));
                    }
                }
            }
        }
    }

    @Test
    void emptyMaskReturnsAnEqualImage() {
        Image in = Scenes.photo(64, 48, 3);
        assertThat(engine().fill(in, Mask.empty(64, 48)).sameContent(in)).isTrue();
    }

    @Test
    void inputIsNotModified() {
        Image in = Scenes.photo(80, 60, 5);
        Mask mask = blob(80, 60, 40, 30, 10);
        Image before = in.copy();
        Mask maskBefore = mask.copy();
        engine().fill(in, mask);
        assertThat(in.sameContent(before)).isTrue();
        assertThat(mask.sameContent(maskBefore)).isTrue();
    }

    @Test
    void flatImageWithARingStaysFlat() {
        assertFlatAfterFill(ring(100, 80, 50, 40, 25, 6));
    }

    @Test
    void flatImageWithABlobStaysFlat() {
        assertFlatAfterFill(blob(100, 80, 50, 40, 15));
    }

    private void assertFlatAfterFill(Mask mask) {
        Image in = flat(mask.width(), mask.height(), 137.3f, 80.6f, 20f);
        Image out = engine().fill(in, mask);
        for (int i = 0; i < out.pixels(); i++) {
            assertThat(out.rgb()[i * 3]).isCloseTo(137.3f, within());
            assertThat(out.rgb()[i * 3 + 1]).isCloseTo(80.6f, within());
            assertThat(out.rgb()[i * 3 + 2]).isCloseTo(20f, within());
        }
    }

    @Test
    void maskTouchingTheBorderIsFilled() {
        Image in = flat(60, 40, 100, 150, 200);
        Mask mask = Mask.empty(60, 40);
        for (int y = 0; y < 40; y++) {
            for (int x = 0; x < 60; x++) {
                boolean corner = x < 8 && y < 8;
                boolean rightEdge = x >= 57 && y >= 10 && y < 30;
                boolean bottom = y == 39;
                mask.set(x, y, corner || rightEdge || bottom);
            }
        }
        Image holed = in.copy();
        paint(holed, mask, 0, 0, 0);
        Image out = engine().fill(holed, mask);
        for (int i = 0; i < out.pixels(); i++) {
            assertThat(out.rgb()[i * 3 + 2]).as("pixel %d", i).isCloseTo(200f, within());
        }
    }

    @Test
    void tinyImageWorks() {
        Image in = flat(5, 5, 50, 60, 70);
        Mask mask = Mask.empty(5, 5);
        mask.set(2, 2, true);
        mask.set(0, 4, true);
        Image holed = in.copy();
        paint(holed, mask, 255, 255, 255);
        Image out = engine().fill(holed, mask);
        assertThat(out.width()).isEqualTo(5);
        assertThat(out.get(2, 2, 0)).isCloseTo(50f, within());
        assertThat(out.get(0, 4, 2)).isCloseTo(70f, within());
    }

    @Test
    void maskOfAnotherSizeIsRejected() {
        Image in = flat(20, 20, 1, 2, 3);
        assertThatThrownBy(() -> engine().fill(in, Mask.empty(20, 21))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine().fill(in, Mask.empty(19, 20))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fillingInPlaceGivesTheSameAsFill() {
        Image in = Scenes.photo(90, 70, 13);
        Mask mask = ring(90, 70, 45, 35, 20, 4);
        Image expected = engine().fill(in, mask);
        Image target = in.copy();
        engine().fillInPlace(target, mask);
        assertThat(target.sameContent(expected)).isTrue();
        assertThat(target.sameContent(in)).isFalse();
    }

    @Test
    void sameInputGivesIdenticalOutput() {
        Image in = Scenes.photo(90, 70, 11);
        Mask mask = ring(90, 70, 45, 35, 20, 4);
        assertThat(engine().fill(in, mask).sameContent(engine().fill(in, mask))).isTrue();
    }

    /** The truth test: a text watermark on a smooth gradient, masked by its strokes grown by 2 px. */
    @Test
    void removesASemiTransparentTextWatermark() {
        int w = 320, h = 160;
        Image clean = Scenes.gradient(w, h);
        float[] cov = Scenes.textCoverage(w, h, "SAMPLE", 56f, 30, 100);
        Image marked = Scenes.blend(clean, cov, 0.5, 255, 255, 255);
        Mask mask = Masks.dilate(Scenes.maskWhere(cov, w, h, 0f), 2);
        Image out = engine().fill(marked, mask);
        double before = rmseInside(marked, clean, mask);
        double after = rmseInside(out, clean, mask);
        assertThat(after).as("RMSE %.2f -> %.2f", before, after).isLessThan((1 - minRmseReduction()) * before);
    }

    private org.assertj.core.data.Offset<Float> within() {
        return org.assertj.core.data.Offset.offset(flatTolerance());
    }

    static double rmseInside(Image a, Image b, Mask mask) {
        double sum = 0;
        long n = 0;
        for (int i = 0; i < a.pixels(); i++) {
            if (mask.data()[i] != 0) {
                for (int c = 0; c < 3; c++) {
                    double d = a.rgb()[i * 3 + c] - b.rgb()[i * 3 + c];
                    sum += d * d;
                }
                n += 3;
            }
        }
        return Math.sqrt(sum / n);
    }

    static Image flat(int w, int h, float r, float g, float b) {
        Image img = Image.blank(w, h);
        for (int i = 0; i < img.pixels(); i++) {
            img.rgb()[i * 3] = r;
            img.rgb()[i * 3 + 1] = g;
            img.rgb()[i * 3 + 2] = b;
        }
        return img;
    }

    static void paint(Image img, Mask mask, float r, float g, float b) {
        for (int i = 0; i < img.pixels(); i++) {
            if (mask.data()[i] != 0) {
                img.rgb()[i * 3] = r;
                img.rgb()[i * 3 + 1] = g;
                img.rgb()[i * 3 + 2] = b;
            }
        }
    }

    static Mask blob(int w, int h, int cx, int cy, int radius) {
        Mask m = Mask.empty(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                m.set(x, y, (x - cx) * (x - cx) + (y - cy) * (y - cy) <= radius * radius);
            }
        }
        return m;
    }

    static Mask ring(int w, int h, int cx, int cy, int radius, int width) {
        Mask m = Mask.empty(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.hypot(x - cx, y - cy);
                m.set(x, y, d <= radius && d > radius - width);
            }
        }
        return m;
    }
}
