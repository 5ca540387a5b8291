package dev.unmark.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageFormatTest {

    @Test
    void extensionsAreCaseInsensitive() {
        assertThat(ImageFormat.fromExtension("a.JPG")).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.fromExtension("dir.x/a.jpeg")).contains(ImageFormat.JPEG);
        assertThat(ImageFormat.fromExtension("a.Tiff")).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.fromExtension("a.tif")).contains(ImageFormat.TIFF);
        assertThat(ImageFormat.fromExtension("a.webp")).contains(ImageFormat.WEBP);
        assertThat(ImageFormat.fromExtension("a.bmp")).contains(ImageFormat.BMP);
        assertThat(ImageFormat.fromExtension("a.png")).contains(ImageFormat.PNG);
        assertThat(ImageFormat.fromExtension("a.gif")).isEmpty();
        assertThat(ImageFormat.fromExtension("noext")).isEmpty();
    }

    @Test
    void alphaSupportAndCanonicalExtensions() {
        assertThat(ImageFormat.JPEG.supportsAlpha()).isFalse();
        assertThat(ImageFormat.BMP.supportsAlpha()).isFalse();
        assertThat(ImageFormat.PNG.supportsAlpha()).isTrue();
        assertThat(ImageFormat.JPEG.extension()).isEqualTo("jpg");
        assertThat(ImageFormat.TIFF.extension()).isEqualTo("tif");
    }
}
