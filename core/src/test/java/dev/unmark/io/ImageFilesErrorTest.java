package dev.unmark.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.unmark.UnmarkException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImageFilesErrorTest {

    @TempDir
    Path dir;

    private static UnmarkException readFails(Path file) {
        return org.junit.jupiter.api.Assertions.assertThrows(UnmarkException.class,
                () -> ImageFiles.read(file, ReadOptions.defaults()));
    }

    private static void assertOneLineNaming(UnmarkException e, Path file, String reason) {
        assertThat(e.getMessage()).startsWith(file + ": ").contains(reason).doesNotContain("\n");
    }

    @Test
    void missingFile() {
        Path file = dir.resolve("nope.jpg");
        assertOneLineNaming(readFails(file), file, "no such file");
    }

    @Test
    void directoryIsNotARegularFile() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub.png"));
        assertOneLineNaming(readFails(sub), sub, "not a regular file");
    }

    @Test
    void zeroByteFile() throws IOException {
        Path file = Files.createFile(dir.resolve("empty.png"));
        assertOneLineNaming(readFails(file), file, "empty file (0 bytes)");
    }

    @Test
    void textFileNamedJpg() {
        Path file = Fixtures.write(dir.resolve("notes.jpg"),
                "these are not the pixels you are looking for\n".getBytes(StandardCharsets.UTF_8));
        assertOneLineNaming(readFails(file), file, "not an image, or an unsupported format");
    }

    @Test
    void gifIsRefusedByName() {
        Path file = Fixtures.write(dir.resolve("a.gif"), Fixtures.encode(Fixtures.rgbImage(8, 8), "gif"));
        assertOneLineNaming(readFails(file), file, "unsupported image format GIF");
    }

    @ParameterizedTest(name = "cut to {0}%")
    @ValueSource(ints = {30, 60, 90, 99})
    void truncatedJpegFailsInsteadOfPaddingWithGrey(int percent) {
        byte[] jpeg = Fixtures.encode(noise(96, 64), "jpeg");
        Path file = Fixtures.write(dir.resolve("cut.jpg"), Arrays.copyOf(jpeg, jpeg.length * percent / 100));
        assertOneLineNaming(readFails(file), file, "truncated or corrupt JPEG data");
    }

    @ParameterizedTest(name = "cut to {0}%")
    @ValueSource(ints = {30, 60, 90})
    void truncatedPngFails(int percent) {
        byte[] png = Fixtures.encode(noise(96, 64), "png");
        Path file = Fixtures.write(dir.resolve("cut.png"), Arrays.copyOf(png, png.length * percent / 100));
        assertOneLineNaming(readFails(file), file, "truncated or corrupt PNG data");
    }

    @Test
    void corruptPngDataFails() {
        byte[] png = Fixtures.encode(noise(96, 64), "png");
        for (int i = png.length / 2; i < png.length / 2 + 64; i++) {
            png[i] ^= 0x5A; // inside IDAT: breaks the zlib stream / CRC
        }
        Path file = Fixtures.write(dir.resolve("bad.png"), png);
        assertOneLineNaming(readFails(file), file, "truncated or corrupt PNG data");
    }

    @Test
    void truncatedWebpFails() {
        Path good = dir.resolve("good.webp");
        ImageFiles.write(good, Fixtures.gradient(64, 64), WriteOptions.defaults(ImageFormat.WEBP));
        byte[] webp = readAll(good);
        Path file = Fixtures.write(dir.resolve("cut.webp"), Arrays.copyOf(webp, webp.length / 2));
        assertThat(readFails(file).getMessage()).startsWith(file + ": ").doesNotContain("\n");
    }

    @Test
    @Timeout(5)
    void decompressionBombIsRefusedFromTheHeader() throws IOException {
        Path file = Fixtures.write(dir.resolve("bomb.png"), pngHeaderOnly(100_000, 100_000));
        UnmarkException e = readFails(file);
        assertOneLineNaming(e, file, "100000x100000 = 10000000000 pixels");
        assertThat(e.getMessage()).contains("limit of 100000000").contains("--max-pixels");
    }

    @Test
    void limitIsConfigurable() {
        Path file = Fixtures.write(dir.resolve("small.png"), Fixtures.encode(Fixtures.rgbImage(20, 10), "png"));
        assertThatThrownBy(() -> ImageFiles.read(file, new ReadOptions(199)))
                .isInstanceOf(UnmarkException.class).hasMessageContaining("20x10 = 200 pixels");
        assertThat(ImageFiles.read(file, new ReadOptions(200)).image().pixels()).isEqualTo(200);
    }

    @Test
    void optionsAreValidated() {
        assertThatThrownBy(() -> new ReadOptions(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WriteOptions.defaults(ImageFormat.JPEG).withQuality(0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WriteOptions.defaults(ImageFormat.JPEG).withQuality(101))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WriteOptions.defaults(ImageFormat.PNG).withBitsPerSample(12))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ImageMetadata(null, null, 9)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void damageWarningsAreTellingApartFromBenignOnes() {
        assertThat(ImageFiles.reportsDamage("Premature end of JPEG file")).isTrue();
        assertThat(ImageFiles.reportsDamage("Truncated File - Missing EOI marker")).isTrue();
        assertThat(ImageFiles.reportsDamage("Corrupt JPEG data: bad Huffman code")).isTrue();
        assertThat(ImageFiles.reportsDamage("Corrupt JPEG data: 3 extraneous bytes before marker 0xd9")).isFalse();
        assertThat(ImageFiles.reportsDamage("Ignoring unknown ICC profile rendering intent")).isFalse();
    }

    static BufferedImage noise(int w, int h) {
        Random r = new Random(42);
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                bi.setRGB(x, y, r.nextInt(1 << 24));
            }
        }
        return bi;
    }

    /** A PNG whose IHDR claims {@code w x h} RGB pixels, followed by a tiny IDAT and IEND. */
    private static byte[] pngHeaderOnly(int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(out);
        d.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream ihdr = new ByteArrayOutputStream();
        DataOutputStream i = new DataOutputStream(ihdr);
        i.writeInt(w);
        i.writeInt(h);
        i.write(new byte[] {8, 2, 0, 0, 0});
        chunk(d, "IHDR", ihdr.toByteArray());
        chunk(d, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(d, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(DataOutputStream d, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        d.writeInt(data.length);
        d.write(t);
        d.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        d.writeInt((int) crc.getValue());
    }

    private static byte[] readAll(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
