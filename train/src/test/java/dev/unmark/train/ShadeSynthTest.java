package dev.unmark.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.fill.ShadeNet;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The shade network's samples: holes of the width it is used at, and an input that hides the hole. */
class ShadeSynthTest {

    private static ShadeSynth synth(long seed) {
        BufferedImage p = new BufferedImage(900, 600, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 900; x++) {
                int v = (x / 7 + y / 5) % 200;
                p.setRGB(x, y, new Color(30 + v / 2, 60 + (x % 97), 40 + v / 3).getRGB());
            }
        }
        BufferedImage logo = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = logo.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(8, 8, 48, 20);
        g.fillRect(8, 36, 20, 20);
        g.dispose();
        return new ShadeSynth(List.of(p), List.of(logo), List.of(new Font(Font.SANS_SERIF, Font.BOLD, 12)), 64, seed);
    }

    @Test
    void holesAreAboutTheWidthTheNetworkIsUsedAtAndTheInputHidesThem() {
        ShadeSynth s = synth(4);
        int plane = 64 * 64, ok = 0, n = 30;
        for (int k = 0; k < n; k++) {
            ShadeSynth.Sample x = s.next();
            float[] in = x.input().planar();
            int set = 0;
            for (int i = 0; i < plane; i++) {
                boolean hole = x.hole()[i] != 0;
                set += hole ? 1 : 0;
                assertThat(in[3 * plane + i]).isEqualTo(hole ? 1f : 0f);
                for (int c = 0; c < 3; c++) {
                    if (hole) {
                        assertThat(in[c * plane + i]).isZero();
                    } else {
                        // Outside the hole the diffusion is the photo, and the known channel shows it.
                        assertThat(x.input().base()[i * 3 + c]).isCloseTo(x.clean()[i * 3 + c], within(0.01f));
                        assertThat(in[c * plane + i]).isCloseTo(x.clean()[i * 3 + c] / 255f - 0.5f, within(1e-6f));
                    }
                }
            }
            double share = set / (double) plane;
            float width = 2 * maxDistance(x.hole()) - 1;
            if (share >= 0.03 && share <= 0.45 && width >= 4 && width <= 16) {
                ok++;
            }
        }
        assertThat(ok).as("samples whose hole is 3-45% of the window and 4-16 cells wide")
                .isGreaterThanOrEqualTo(n * 9 / 10);
    }

    @Test
    void theSameSeedGivesTheSameSamples() {
        ShadeSynth a = synth(11), b = synth(11);
        for (int k = 0; k < 3; k++) {
            ShadeSynth.Sample x = a.next(), y = b.next();
            assertThat(x.hole()).isEqualTo(y.hole());
            assertThat(x.input().planar()).isEqualTo(y.input().planar());
        }
    }

    private static org.assertj.core.data.Offset<Float> within(float v) {
        return org.assertj.core.data.Offset.offset(v);
    }

    /** Largest Euclidean distance from a hole cell to the nearest clear cell (searched up to 16 cells away). */
    private static float maxDistance(byte[] hole) {
        float best = 0;
        for (int i = 0; i < hole.length; i++) {
            if (hole[i] == 0) {
                continue;
            }
            int x0 = i % 64, y0 = i / 64;
            float d = 16;
            for (int y = Math.max(0, y0 - 16); y <= Math.min(63, y0 + 16); y++) {
                for (int x = Math.max(0, x0 - 16); x <= Math.min(63, x0 + 16); x++) {
                    if (hole[y * 64 + x] == 0) {
                        d = Math.min(d, (float) Math.hypot(x - x0, y - y0));
                    }
                }
            }
            best = Math.max(best, d);
        }
        return best;
    }
}
