package dev.unmark.fill;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.fill.FillWindows.Window;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a 512 x 512 network looks ({@link FillWindows}), with 128 px of context wanted around each hole. */
class FillWindowsTest {

    private static final int NET = 512;
    private static final int MARGIN = 128;

    private static Mask mask(int w, int h, Rect... rects) {
        Mask m = Mask.empty(w, h);
        for (Rect r : rects) {
            for (int y = r.y(); y < r.bottom(); y++) {
                for (int x = r.x(); x < r.right(); x++) {
                    m.set(x, y, true);
                }
            }
        }
        return m;
    }

    private static List<Window> plan(Mask m) {
        return FillWindows.plan(m, NET, NET, MARGIN);
    }

    private static void assertHoldsWithMargin(Window w, Rect hole, Rect image) {
        Rect wanted = hole.expand(MARGIN).intersect(image);
        assertThat(w.crop().intersect(wanted)).as("%s holds %s", w.crop(), wanted).isEqualTo(wanted);
        assertThat(w.crop().intersect(image)).as("inside the image").isEqualTo(w.crop());
    }

    @Test
    void aSmallHoleGetsAFullNativeWindowAroundIt() {
        Rect hole = new Rect(2500, 1700, 80, 12);
        List<Window> ws = plan(mask(4000, 3000, hole));
        assertThat(ws).hasSize(1);
        Window w = ws.get(0);
        assertThat(w.crop().width()).isEqualTo(NET);
        assertThat(w.crop().height()).isEqualTo(NET);
        assertThat(w.downscaled()).isFalse();
        assertThat(w.holes()).containsExactly(hole);
        assertHoldsWithMargin(w, hole, Rect.of(4000, 3000));
        // centred on the hole
        assertThat(w.crop().x() + NET / 2).isCloseTo(2540, org.assertj.core.data.Offset.offset(1));
        assertThat(w.crop().y() + NET / 2).isCloseTo(1706, org.assertj.core.data.Offset.offset(1));
    }

    @Test
    void holesCloseTogetherShareAWindowAndDistantOnesDoNot() {
        Rect a = new Rect(1000, 1000, 40, 20), b = new Rect(1100, 1030, 40, 20), far = new Rect(3000, 2000, 30, 30);
        List<Window> ws = plan(mask(4000, 3000, a, b, far));
        assertThat(ws).hasSize(2);
        assertThat(ws.get(0).holes()).containsExactlyInAnyOrder(a, b);
        assertThat(ws.get(1).holes()).containsExactly(far);
        assertHoldsWithMargin(ws.get(0), a.union(b), Rect.of(4000, 3000));
        assertThat(ws).noneMatch(Window::downscaled);
    }

    @Test
    void aLongRowOfHolesIsSplitIntoNativeWindowsRatherThanOneDownscaledOne() {
        // Letters 30 px wide every 50 px along 1500 px: one window would have to shrink three times.
        Rect[] letters = new Rect[30];
        for (int i = 0; i < letters.length; i++) {
            letters[i] = new Rect(500 + 50 * i, 800, 30, 40);
        }
        List<Window> ws = plan(mask(3000, 2000, letters));
        assertThat(ws.size()).isBetween(3, 30);
        assertThat(ws).noneMatch(Window::downscaled);
        int filled = 0;
        for (Window w : ws) {
            Rect union = w.holes().stream().reduce(new Rect(0, 0, 0, 0), Rect::union);
            assertHoldsWithMargin(w, union, Rect.of(3000, 2000));
            filled += w.holes().size();
        }
        assertThat(filled).isEqualTo(letters.length);
    }

    @Test
    void aHoleLargerThanTheNetworkGetsOneDownscaledWindowWithItsMargin() {
        Rect hole = new Rect(900, 700, 1200, 300);
        List<Window> ws = plan(mask(4000, 3000, hole));
        assertThat(ws).hasSize(1);
        Window w = ws.get(0);
        assertThat(w.downscaled()).isTrue();
        assertHoldsWithMargin(w, hole, Rect.of(4000, 3000));
        assertThat(w.inputWidth()).isEqualTo(NET);
        assertThat(w.inputHeight()).isEqualTo(NET);
        // The network's aspect ratio is kept: a square window, not a stretched strip.
        assertThat(w.crop().width()).isEqualTo(w.crop().height());
    }

    @Test
    void aPhotoSmallerThanTheNetworkIsOneWindowOverAllOfIt() {
        Rect hole = new Rect(10, 10, 200, 20);
        List<Window> ws = plan(mask(300, 200, hole, new Rect(250, 150, 20, 20)));
        assertThat(ws).hasSize(1);
        assertThat(ws.get(0).crop()).isEqualTo(Rect.of(300, 200));
        assertThat(ws.get(0).downscaled()).isFalse();
    }

    @Test
    void aHoleAtTheCornerGetsAWindowMovedInsideThePhoto() {
        Rect hole = new Rect(0, 2980, 30, 20);
        List<Window> ws = plan(mask(4000, 3000, hole));
        assertThat(ws.get(0).crop()).isEqualTo(new Rect(0, 3000 - NET, NET, NET));
    }

    @Test
    void holesWhoseBoxesOverlapShareAWindowWhateverTheirSize() {
        // A frame around a dot: the dot lies inside the frame's box, so one window must fill both.
        Mask m = mask(4000, 3000, new Rect(500, 500, 900, 10), new Rect(500, 1390, 900, 10),
                new Rect(500, 500, 10, 900), new Rect(1390, 500, 10, 900), new Rect(900, 900, 8, 8));
        List<Window> ws = plan(m);
        assertThat(ws).hasSize(1);
        assertThat(ws.get(0).holes()).hasSize(2);
    }

    @Test
    void anEmptyMaskNeedsNoWindow() {
        assertThat(plan(Mask.empty(100, 100))).isEmpty();
    }
}
