package dev.unmark.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training samples are what the network is told they are: the blend, the benchmark's mask rule, the seed. */
class MarkSynthTest {

    private static List<BufferedImage> photos() {
        BufferedImage p = new BufferedImage(900, 600, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 900; x++) {
                int v = (x / 7 + y / 5) % 200;
                p.setRGB(x, y, new Color(30 + v / 2, 60 + (x % 97), 40 + v / 3).getRGB());
            }
        }
        return List.of(p);
    }

    private static List<BufferedImage> logos() {
        BufferedImage l = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = l.createGraphics();
        g.setColor(new Color(200, 30, 40));
        g.fillOval(4, 4, 56, 56);
        g.dispose();
        return List.of(l);
    }

    private static MarkSynth synth(long seed) {
        return new MarkSynth(photos(), logos(), List.of(new Font(Font.SANS_SERIF, Font.BOLD, 12)), 128, seed);
    }

    @Test
    void theBlendAndTheMaskRuleHoldForEverySample() {
        MarkSynth s = synth(3).withJpegShare(0);
        int marked = 0;
        for (int k = 0; k < 40; k++) {
            MarkSynth.Sample x = s.next();
            for (int p = 0; p < x.target().length; p++) {
                double moved = 0;
                for (int c = 0; c < 3; c++) {
                    float i = x.clean()[p * 3 + c], j = x.rgb()[p * 3 + c];
                    double model = (1 - x.alpha()[p]) * i + x.alpha()[p] * x.w()[p * 3 + c];
                    // Each mark's blend is rounded to 8 bits: at most two marks, so within one level.
                    assertThat(Math.abs(j - model)).isLessThanOrEqualTo(1.0 + 1e-4);
                    moved += Math.abs(j - i);
                }
                assertThat(x.target()[p]).isEqualTo(moved > 15 ? 1f : 0f);
                assertThat(x.alpha()[p]).isBetween(0f, 1f);
            }
            if (sum(x.target()) > 0) {
                marked++;
            }
        }
        // Most samples carry a mark; a few are clean on purpose.
        assertThat(marked).isBetween(20, 39);
    }

    @Test
    void noWindowLiesMostlyInsideAMark() {
        // The test's logo is a solid disc drawn up to 0.8 of a small frame: without the redraw, windows inside it
        // come out fully marked.
        MarkSynth s = synth(5).withEmptyShare(0);
        for (int k = 0; k < 60; k++) {
            assertThat(MarkSynth.markedShare(s.next())).isLessThanOrEqualTo(MarkSynth.MAX_MARKED_SHARE);
        }
    }

    @Test
    void theEmptyShareSetsHowManySamplesCarryNoMark() {
        MarkSynth none = synth(7).withEmptyShare(1), all = synth(7).withEmptyShare(0);
        for (int k = 0; k < 20; k++) {
            assertThat(sum(none.next().target())).isZero();
        }
        int marked = 0;
        for (int k = 0; k < 20; k++) {
            marked += sum(all.next().target()) > 0 ? 1 : 0;
        }
        // Windows away from the mark are still drawn (a fifth of them), so not every sample is marked.
        assertThat(marked).isGreaterThanOrEqualTo(12);
    }

    @Test
    void theSameSeedGivesTheSameSamples() {
        MarkSynth a = synth(11), b = synth(11), c = synth(12);
        MarkSynth.Sample x = a.next(), y = b.next(), z = c.next();
        assertThat(x.rgb()).isEqualTo(y.rgb());
        assertThat(x.target()).isEqualTo(y.target());
        assertThat(x.rgb()).isNotEqualTo(z.rgb());
    }

    private static double sum(float[] v) {
        double s = 0;
        for (float f : v) {
            s += f;
        }
        return s;
    }
}
