package dev.unmark.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.UnmarkException;
import dev.unmark.image.Mask;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaskFilesTest {

    @TempDir
    Path dir;

    /** A gray image with {@code value} in a 3x2 block at (1,1), 0 elsewhere. */
    private Path grayMask(String name, int w, int h, int value) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 1; y < 3; y++) {
            for (int x = 1; x < 4; x++) {
                bi.getRaster().setSample(x, y, 0, value);
            }
        }
        return Fixtures.write(dir.resolve(name), Fixtures.encode(bi, "png"));
    }

    @Test
    void blackAndWhiteMask() {
        Mask m = MaskFiles.read(grayMask("m.png", 6, 4, 255), 6, 4, false);
        assertThat(m.count()).isEqualTo(6);
        assertThat(m.isSet(1, 1)).isTrue();
        assertThat(m.isSet(3, 2)).isTrue();
        assertThat(m.isSet(0, 0)).isFalse();
        assertThat(m.isSet(4, 1)).isFalse();
    }

    @Test
    void zeroOneMaskWorksToo() {
        Mask m = MaskFiles.read(grayMask("m01.png", 6, 4, 1), 6, 4, false);
        assertThat(m.count()).isEqualTo(6);
        assertThat(m.isSet(2, 2)).isTrue();
    }

    @Test
    void colourMaskCountsAnyChannelAndTransparentPixelsAreOff() {
        BufferedImage bi = new BufferedImage(3, 1, BufferedImage.TYPE_INT_ARGB);
        bi.setRGB(0, 0, 0xFF0000FF); // opaque blue: set
        bi.setRGB(1, 0, 0x00FFFFFF); // transparent white: not set
        bi.setRGB(2, 0, 0xFF000000); // opaque black: not set
        Path file = Fixtures.write(dir.resolve("rgba.png"), Fixtures.encode(bi, "png"));
        Mask m = MaskFiles.read(file, 3, 1, false);
        assertThat(m.data()).containsExactly(Mask.ON, 0, 0);
    }

    @Test
    void wrongSizeIsAnErrorNamingBothSizesAndTheOption() {
        Path file = grayMask("mask.png", 100, 80, 255);
        assertThatThrownBy(() -> MaskFiles.read(file, 640, 480, false))
                .isInstanceOf(UnmarkException.class)
                .hasMessage(file + ": mask is 100x80 but image is 640x480 (use --resize-mask to scale it)");
    }

    @Test
    void resizeScalesWithNearestNeighbour() {
        Mask m = MaskFiles.read(grayMask("small.png", 6, 4, 255), 12, 8, true);
        assertThat(m.width()).isEqualTo(12);
        assertThat(m.count()).isEqualTo(24);
        assertThat(m.setBounds()).isEqualTo(new dev.unmark.image.Rect(2, 2, 6, 4));
    }

    @Test
    void resizeDownKeepsTheBlockInPlace() {
        Mask m = MaskFiles.read(grayMask("big.png", 6, 4, 255), 3, 2, true);
        // Pixel centres 1, 3, 5 (x) and 1, 3 (y) sample the source; the block covers x 1-3, y 1-2.
        assertThat(m.data()).containsExactly(Mask.ON, Mask.ON, 0, 0, 0, 0);
    }

    @Test
    void jpegMaskIsThresholdedSoCompressionNoiseIsNotMasked() {
        BufferedImage bi = new BufferedImage(32, 32, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 8; y < 24; y++) {
            for (int x = 8; x < 24; x++) {
                bi.getRaster().setSample(x, y, 0, 255);
            }
        }
        Path file = Fixtures.write(dir.resolve("m.jpg"), Fixtures.encode(bi, "jpeg"));
        Mask m = MaskFiles.read(file, 32, 32, false);
        assertThat(m.count()).isBetween(16L * 16 - 16, 16L * 16 + 16);
        assertThat(m.isSet(0, 0)).isFalse();
        assertThat(m.isSet(16, 16)).isTrue();
    }

    @Test
    void writeRoundTripsAsGrayPng() throws Exception {
        Mask m = Mask.empty(7, 5);
        m.set(0, 0, true);
        m.set(6, 4, true);
        m.set(3, 2, true);
        Path file = dir.resolve("out-mask.png");
        MaskFiles.write(file, m);
        BufferedImage bi = javax.imageio.ImageIO.read(file.toFile());
        assertThat(bi.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
        assertThat(bi.getRaster().getSample(3, 2, 0)).isEqualTo(255);
        assertThat(bi.getRaster().getSample(1, 2, 0)).isZero();
        assertThat(MaskFiles.read(file, 7, 5, false).sameContent(m)).isTrue();
        assertThat(Fixtures.listNames(dir)).containsExactly("out-mask.png");
    }
}
