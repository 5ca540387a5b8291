package dev.unmark.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.testing.MaskScore;
import dev.unmark.testing.Scenes;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class LogoDetectorTest {

    private static final int W = 640;
    private static final int H = 480;

    private final LogoDetector detector = new LogoDetector();

    /**
     * Antialiased coverage (0-1) of a simple logo: a thick ring with a bar across its inside (a "no entry" sign),
     * centred at (cx, cy), mid-radius r.
     */
    private static float[] ringAndBar(int cx, int cy, int r) {
        BufferedImage bi = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = bi.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke(r * 0.5f));
        g.draw(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        g.fill(new Rectangle2D.Double(cx - 0.8 * r, cy - 0.2 * r, 1.6 * r, 0.4 * r));
        g.dispose();
        return coverage(bi);
    }

    /** Coverage of a filled disc (a solid mark or, pasted opaque, a scene object). */
    private static float[] disc(int cx, int cy, int r) {
        BufferedImage bi = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = bi.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r));
        g.dispose();
        return coverage(bi);
    }

    private static float[] coverage(BufferedImage bi) {
        int[] px = bi.getRaster().getPixels(0, 0, W, H, (int[]) null);
        float[] cov = new float[W * H];
        for (int i = 0; i < cov.length; i++) {
            cov[i] = px[i] / 255f;
        }
        return cov;
    }

    @Test
    void findsSemiTransparentWhiteRingAndBar() {
        float[] cov = ringAndBar(400, 200, 70);
        Image img = Scenes.blend(Scenes.photo(W, H, 11), cov, 0.5, 255, 255, 255);
        Detection d = detector.detect(img);
        MaskScore s = MaskScore.of(d.mask(), cov, 0.5f);
        assertThat(s.recall()).as("recall").isGreaterThan(0.7);
        assertThat(s.precision()).as("precision").isGreaterThan(0.6);
        assertThat(d.regions()).allSatisfy(r -> assertThat(r.kind()).isEqualTo(LogoDetector.KIND));
        assertThat(d.alpha()).isNotNull();
        int centre = 200 * W + 400 + 70; // on the ring
        assertThat(d.alpha()[centre]).isBetween(0.35f, 0.65f);
    }

    @Test
    void findsSemiTransparentBrandBlueDisc() {
        float[] cov = disc(220, 300, 80);
        Image img = Scenes.blend(Scenes.photo(W, H, 23), cov, 0.5, 20, 80, 230);
        Detection d = detector.detect(img);
        MaskScore s = MaskScore.of(d.mask(), cov, 0.5f);
        assertThat(s.recall()).as("recall").isGreaterThan(0.7);
        assertThat(s.precision()).as("precision").isGreaterThan(0.6);
    }

    @Test
    void cleanSceneGivesNothing() {
        for (long seed : new long[] {3, 5, 8}) {
            Detection d = detector.detect(Scenes.photo(W, H, seed));
            assertThat(d.isEmpty()).as("seed %d", seed).isTrue();
        }
    }

    @Test
    void opaqueObjectIsNoOverlay() {
        // The same disc pasted opaque in a brand colour: its colour is not a blend of the photo towards one W.
        float[] cov = disc(220, 300, 80);
        Image img = Scenes.blend(Scenes.photo(W, H, 23), cov, 1.0, 20, 80, 230);
        Detection d = detector.detect(img);
        Image marked = Scenes.blend(Scenes.photo(W, H, 23), cov, 0.5, 20, 80, 230);
        double markConfidence = detector.detect(marked).regions().stream().mapToDouble(Region::confidence).max()
                .orElse(0);
        double objectConfidence = d.regions().stream().mapToDouble(Region::confidence).max().orElse(0);
        assertThat(objectConfidence).isLessThan(markConfidence * 0.7);
    }

    @Test
    void minConfidenceOneLeavesNoMask() {
        float[] cov = disc(220, 300, 80);
        Image img = Scenes.blend(Scenes.photo(W, H, 23), cov, 0.5, 20, 80, 230);
        Detection d = detector.detect(img);
        assertThat(d.isEmpty()).isFalse();
        assertThat(d.regions()).allSatisfy(r -> assertThat(r.confidence()).isLessThan(1));
        Detection none = d.withMinConfidence(1);
        assertThat(none.mask().isEmpty()).as("no pixel of a dropped region, its dilation ring included").isTrue();
        assertThat(none.alpha() == null || allZero(none.alpha())).isTrue();
    }

    @Test
    void regionsOwnTheirDilatedPixels() {
        // Two marks: dropping one leaves only the other's pixels, not the first one's 1 px dilation ring.
        float[] ring = ringAndBar(440, 160, 70);
        float[] dot = disc(150, 330, 80);
        Image img = Scenes.blend(Scenes.blend(Scenes.photo(W, H, 11), ring, 0.5, 255, 255, 255), dot, 0.5, 20, 80,
                230);
        Detection d = detector.detect(img);
        assertThat(d.regions()).hasSizeGreaterThanOrEqualTo(2);
        Mask union = Mask.empty(W, H);
        for (Region r : d.regions()) {
            assertThat(r.mask()).as("own mask").isNotNull();
            assertThat(r.mask().count()).isEqualTo(r.pixels());
            paste(union, r);
        }
        assertThat(union.sameContent(d.mask())).as("the regions' masks make up the detection's").isTrue();
        Region dropped = d.regions().get(0);
        Detection kept = d.keep(r -> r != dropped);
        Mask keptUnion = Mask.empty(W, H);
        for (Region r : kept.regions()) {
            paste(keptUnion, r);
        }
        assertThat(kept.mask().sameContent(keptUnion)).as("only the kept regions' pixels remain").isTrue();
    }

    private static void paste(Mask into, Region r) {
        for (int y = 0; y < r.box().height(); y++) {
            for (int x = 0; x < r.box().width(); x++) {
                if (r.mask().isSet(x, y)) {
                    into.set(r.box().x() + x, r.box().y() + y, true);
                }
            }
        }
    }

    private static boolean allZero(float[] a) {
        for (float v : a) {
            if (v != 0) {
                return false;
            }
        }
        return true;
    }

    @Test
    void tinyImageIsSafe() {
        assertThat(detector.detect(Scenes.gradient(8, 8)).isEmpty()).isTrue();
    }

    @Test
    void registered() {
        assertThat(Detectors.create("logo")).isInstanceOf(LogoDetector.class);
    }
}
