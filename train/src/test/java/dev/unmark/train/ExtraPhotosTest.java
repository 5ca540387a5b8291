package dev.unmark.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Staging more photos finds the images a Qt bundle embeds and leaves out copies of the benchmark's photos. */
class ExtraPhotosTest {

    @Test
    void embeddedWebpImagesAreCutOutWhole() {
        byte[] big = riff("WEBP", 70_000), small = riff("WEBP", 2_000), wave = riff("WAVE", 80_000);
        ByteBuffer bundle = ByteBuffer.allocate(big.length + small.length + wave.length + 300);
        bundle.put(new byte[100]).put(small).put(new byte[100]).put(wave).put(big).put(new byte[100]);
        var found = ExtraPhotos.embeddedWebp(bundle.array());
        assertThat(found).hasSize(1);
        assertThat(found.get(0)).isEqualTo(big);
    }

    @Test
    void aRescaledCropOfAKnownPhotoIsTheSamePhotoAndAnotherIsNot() {
        BufferedImage known = scene(1200, 800, 0), other = scene(1200, 800, 1);
        // The benchmark's copy: the same photo, slightly cropped and reduced, as a package may ship it again.
        BufferedImage copy = new BufferedImage(580, 390, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = copy.createGraphics();
        g.drawImage(known, 0, 0, 580, 390, 10, 6, 1190, 794, null);
        g.dispose();
        Map<String, double[]> reference = Map.of("known.jpg", ExtraPhotos.thumbnail(known));
        assertThat(ExtraPhotos.sameAs(ExtraPhotos.thumbnail(copy), reference)).isEqualTo("known.jpg");
        assertThat(ExtraPhotos.sameAs(ExtraPhotos.thumbnail(other), reference)).isNull();
    }

    /** A few soft blobs on a gradient; {@code variant} moves them. */
    private static BufferedImage scene(int w, int h, int variant) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(40, 80, 140), w, h, new Color(200, 180, 120)));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(30, 120, 40));
        g.fillOval(variant == 0 ? 100 : 700, 300, 400, 350);
        g.setColor(new Color(230, 220, 210));
        g.fillRect(variant == 0 ? 800 : 150, variant == 0 ? 80 : 500, 250, 200);
        g.dispose();
        return img;
    }

    private static byte[] riff(String form, int size) {
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(size - 8).put(form.getBytes(StandardCharsets.US_ASCII));
        for (int i = 12; i < size; i++) {
            b.put((byte) (i * 31 + size));
        }
        return b.array();
    }
}
