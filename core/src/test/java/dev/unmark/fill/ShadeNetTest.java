package dev.unmark.fill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.UnmarkException;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped shade network ({@code shadenet.onnx}, trained by {@code train/} on photos that do not include this
 * fixture) brings the diffusion of wide holes in a real photo closer to the photo, and a model that is not one is
 * refused with a clear error.
 */
class ShadeNetTest {

    @Test
    void theNetworkBringsWideHolesInARealPhotoCloserToThePhoto() throws Exception {
        BufferedImage photo;
        try (InputStream in = ShadeNetTest.class.getResourceAsStream("/fixtures/mont-saint-michel-clean.png")) {
            photo = ImageIO.read(in);
        }
        int w = photo.getWidth(), h = photo.getHeight();
        float[] clean = new float[w * h * 3];
        for (int i = 0; i < w * h; i++) {
            int p = photo.getRGB(i % w, i / w);
            for (int c = 0; c < 3; c++) {
                clean[i * 3 + c] = (p >> (16 - 8 * c)) & 0xFF;
            }
        }
        // Discs 24 px across over the whole photo (sky, rock, buildings, water), one at a time.
        int diameter = 24;
        double before = 0, after = 0;
        int holes = 0;
        for (int cy = 30; cy < h - 20; cy += 40) {
            for (int cx = 30; cx < w - 20; cx += 40) {
                byte[] hole = new byte[w * h];
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        double dx = x - cx, dy = y - cy;
                        hole[y * w + x] = dx * dx + dy * dy <= diameter * diameter / 4.0 ? (byte) 255 : 0;
                    }
                }
                float[] diffused = ShadeNet.diffuse(clean, hole, w, h);
                double e0 = holeSquaredError(diffused, clean, hole);
                DiffusionLowPass.reshade(clean, diffused, hole, w, h, diameter);
                before += e0;
                after += holeSquaredError(diffused, clean, hole);
                holes++;
            }
        }
        assertThat(holes).isGreaterThan(20);
        // Measured with the shipped model: RMSE 18% lower than the diffusion's over these 28 holes.
        assertThat(Math.sqrt(after)).isLessThan(0.9 * Math.sqrt(before));
    }

    private static double holeSquaredError(float[] rgb, float[] truth, byte[] hole) {
        double se = 0;
        for (int i = 0; i < hole.length; i++) {
            if (hole[i] != 0) {
                for (int c = 0; c < 3; c++) {
                    double d = rgb[i * 3 + c] - truth[i * 3 + c];
                    se += d * d;
                }
            }
        }
        return se;
    }

    @Test
    void aModelWithAnotherContractIsRefusedNamingIt() throws Exception {
        byte[] markNet;
        try (InputStream in = ShadeNetTest.class.getResourceAsStream("/dev/unmark/detect/marknet.onnx")) {
            markNet = in.readAllBytes();
        }
        assertThatThrownBy(() -> ShadeNet.create(markNet, "marknet.onnx"))
                .isInstanceOf(UnmarkException.class)
                .hasMessageContaining("marknet.onnx")
                .hasMessageContaining("expected x -> residual");
    }

    @Test
    void aFileThatIsNotAModelIsRefusedNamingIt(@TempDir Path dir) throws Exception {
        Path junk = Files.writeString(dir.resolve("shade.onnx"), "not a model");
        assertThatThrownBy(() -> ShadeNet.create(Files.readAllBytes(junk), junk.toString()))
                .isInstanceOf(UnmarkException.class)
                .hasMessageContaining("cannot load model " + junk);
    }

    @Test
    void windowsWhoseSidesAreNotMultiplesOfFourAreRefused() {
        assertThatThrownBy(() -> ShadeNet.encode(new float[30 * 3], new byte[30], new float[30 * 3], 6, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
