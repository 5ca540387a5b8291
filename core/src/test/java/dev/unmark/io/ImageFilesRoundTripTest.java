package dev.unmark.io;

import static dev.unmark.io.Fixtures.gradient;
import static dev.unmark.io.Fixtures.gradientWithAlpha;
import static org.assertj.core.api.Assertions.assertThat;

import dev.unmark.image.Image;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageFilesRoundTripTest {

    @TempDir
    Path dir;

    private LoadedImage roundTrip(Image image, WriteOptions options, String name) {
        Path file = dir.resolve(name);
        ImageFiles.write(file, image, options);
        return ImageFiles.read(file, ReadOptions.defaults());
    }

    @Test
    void png8BitIsExact() {
        Image img = gradient(61, 37);
        LoadedImage back = roundTrip(img, WriteOptions.defaults(ImageFormat.PNG), "a.png");
        assertThat(back.format()).isEqualTo(ImageFormat.PNG);
        assertThat(back.bitsPerSample()).isEqualTo(8);
        assertThat(back.image().sameContent(img)).isTrue();
    }

    @Test
    void png16BitKeepsFractionalSamples() {
        Image img = gradient(50, 20);
        for (int i = 0; i < img.rgb().length; i++) {
            // Values k/257 are exactly representable in 16 bits; 8 bits would round them to integers.
            img.rgb()[i] = (i * 7919 % 65536) / 257f;
        }
        LoadedImage back = roundTrip(img, WriteOptions.defaults(ImageFormat.PNG).withBitsPerSample(16), "a16.png");
        assertThat(back.bitsPerSample()).isEqualTo(16);
        assertThat(Fixtures.maxDiff(back.image(), img)).isLessThan(1e-4f);
        boolean fractional = false;
        for (float v : back.image().rgb()) {
            fractional |= v != Math.round(v);
        }
        assertThat(fractional).as("some samples between 8-bit levels").isTrue();
    }

    @Test
    void pngKeepsAlpha() {
        Image img = gradientWithAlpha(40, 10);
        LoadedImage back = roundTrip(img, WriteOptions.defaults(ImageFormat.PNG), "alpha.png");
        assertThat(back.image().hasAlpha()).isTrue();
        assertThat(back.image().alpha()).containsExactly(img.alpha());
        assertThat(back.image().sameContent(img)).isTrue();
    }

    @Test
    void png16BitKeepsAlpha() {
        Image img = gradientWithAlpha(40, 10);
        LoadedImage back = roundTrip(img, WriteOptions.defaults(ImageFormat.PNG).withBitsPerSample(16), "a16.png");
        assertThat(back.bitsPerSample()).isEqualTo(16);
        assertThat(back.image().sameContent(img)).isTrue();
    }

    @Test
    void jpegIsCloseAndDropsAlpha() {
        Image img = gradientWithAlpha(64, 48);
        LoadedImage back = roundTrip(img, WriteOptions.defaults(ImageFormat.JPEG), "a.jpg");
        assertThat(back.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(back.image().hasAlpha()).isFalse();
        assertThat(back.image().width()).isEqualTo(64);
        assertThat(Fixtures.meanDiff(back.image(), img)).isLessThan(2f);
        assertThat(Fixtures.maxDiff(back.image(), img)).isLessThan(16f);
    }

    @Test
    void jpegQualityChangesTheFile() throws Exception {
        Image img = gradient(128, 128);
        ImageFiles.write(dir.resolve("q95.jpg"), img, WriteOptions.defaults(ImageFormat.JPEG));
        ImageFiles.write(dir.resolve("q20.jpg"), img, WriteOptions.defaults(ImageFormat.JPEG).withQuality(20));
        assertThat(Files.size(dir.resolve("q20.jpg"))).isLessThan(Files.size(dir.resolve("q95.jpg")));
    }

    @Test
    void webpIsCloseAndKeepsAlpha() {
        Image img = gradientWithAlpha(64, 48);
        LoadedImage back = roundTrip(img, WriteOptions.defaults(ImageFormat.WEBP), "a.webp");
        assertThat(back.format()).isEqualTo(ImageFormat.WEBP);
        assertThat(back.image().width()).isEqualTo(64);
        assertThat(back.image().hasAlpha()).isTrue();
        // Colour under fully transparent pixels may be discarded by the encoder; compare where it is visible.
        double sum = 0;
        int n = 0;
        for (int i = 0; i < img.pixels(); i++) {
            if (img.alpha()[i] > 64) {
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs(back.image().rgb()[i * 3 + c] - img.rgb()[i * 3 + c]);
                    n++;
                }
            }
        }
        assertThat(sum / n).isLessThan(3);
    }

    @Test
    void webpLowerQualityIsSmaller() throws Exception {
        Image img = gradient(128, 128);
        for (int i = 0; i < img.rgb().length; i++) {
            img.rgb()[i] = (img.rgb()[i] + (i * 31 % 17)) % 256; // some texture to compress
        }
        ImageFiles.write(dir.resolve("q95.webp"), img, WriteOptions.defaults(ImageFormat.WEBP));
        ImageFiles.write(dir.resolve("q10.webp"), img, WriteOptions.defaults(ImageFormat.WEBP).withQuality(10));
        assertThat(Files.size(dir.resolve("q10.webp"))).isLessThan(Files.size(dir.resolve("q95.webp")));
    }

    @Test
    void tiffIsExactWithAlpha() {
        Image img = gradientWithAlpha(33, 21);
        LoadedImage back = roundTrip(img, WriteOptions.defaults(ImageFormat.TIFF), "a.tif");
        assertThat(back.format()).isEqualTo(ImageFormat.TIFF);
        assertThat(back.image().sameContent(img)).isTrue();
    }

    @Test
    void bmpIsExactAndDropsAlpha() {
        Image img = gradientWithAlpha(33, 21);
        LoadedImage back = roundTrip(img, WriteOptions.defaults(ImageFormat.BMP), "a.bmp");
        assertThat(back.format()).isEqualTo(ImageFormat.BMP);
        assertThat(back.image().hasAlpha()).isFalse();
        assertThat(Fixtures.maxDiff(back.image(), img)).isZero();
    }

    @Test
    void samplesOutOfRangeAreClampedAndRounded() {
        Image img = Image.blank(2, 1);
        img.set(0, 0, 0, -20f);
        img.set(1, 0, 0, 300f);
        img.set(0, 0, 1, 10.6f);
        LoadedImage back = roundTrip(img, WriteOptions.defaults(ImageFormat.PNG), "clamp.png");
        assertThat(back.image().get(0, 0, 0)).isZero();
        assertThat(back.image().get(1, 0, 0)).isEqualTo(255f);
        assertThat(back.image().get(0, 0, 1)).isEqualTo(11f);
    }

    @Test
    void formatComesFromContentNotExtension() {
        Image img = gradient(20, 10);
        Path file = dir.resolve("actually-png.jpg");
        ImageFiles.write(file, img, WriteOptions.defaults(ImageFormat.PNG));
        LoadedImage back = ImageFiles.read(file, ReadOptions.defaults());
        assertThat(back.format()).isEqualTo(ImageFormat.PNG);
        assertThat(back.image().sameContent(img)).isTrue();
    }
}
