package dev.unmark.io;

import static org.assertj.core.api.Assertions.assertThat;

import com.drew.imaging.ImageMetadataReader;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.ExifIFD0Directory;
import com.twelvemonkeys.imageio.color.ColorSpaces;
import dev.unmark.image.Image;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageFilesReadTest {

    @TempDir
    Path dir;

    private LoadedImage read(Path file) {
        return ImageFiles.read(file, ReadOptions.defaults());
    }

    @Test
    void palettePngReadsAsRgbWithTransparency() {
        byte[] r = {(byte) 255, 0, 0}, g = {0, (byte) 255, 0}, b = {0, 0, (byte) 255}, a = {(byte) 255, (byte) 255, 0};
        IndexColorModel cm = new IndexColorModel(2, 3, r, g, b, a);
        BufferedImage bi = new BufferedImage(3, 1, BufferedImage.TYPE_BYTE_BINARY, cm);
        for (int x = 0; x < 3; x++) {
            bi.getRaster().setSample(x, 0, 0, x);
        }
        LoadedImage img = read(Fixtures.write(dir.resolve("p.png"), Fixtures.encode(bi, "png")));
        assertThat(img.bitsPerSample()).isEqualTo(8);
        assertThat(img.image().rgb()).containsExactly(255, 0, 0, 0, 255, 0, 0, 0, 255);
        assertThat(img.image().alpha()).containsExactly(255, 255, 0);
    }

    @Test
    void sixteenBitGrayPngKeepsPrecision() {
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), false, false,
                Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
        WritableRaster raster = cm.createCompatibleWritableRaster(3, 1);
        raster.setSample(0, 0, 0, 0);
        raster.setSample(1, 0, 0, 1000);
        raster.setSample(2, 0, 0, 65535);
        BufferedImage bi = new BufferedImage(cm, raster, false, null);
        LoadedImage img = read(Fixtures.write(dir.resolve("g16.png"), Fixtures.encode(bi, "png")));
        assertThat(img.bitsPerSample()).isEqualTo(16);
        assertThat(img.image().get(1, 0, 0)).isEqualTo(1000 / 257f);
        assertThat(img.image().get(1, 0, 2)).isEqualTo(1000 / 257f);
        assertThat(img.image().get(2, 0, 1)).isEqualTo(255f);
    }

    @Test
    void eightBitGrayPngExpandsToEqualChannels() {
        BufferedImage bi = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
        bi.getRaster().setSample(0, 0, 0, 17);
        bi.getRaster().setSample(1, 0, 0, 200);
        LoadedImage img = read(Fixtures.write(dir.resolve("g.png"), Fixtures.encode(bi, "png")));
        assertThat(img.image().rgb()).containsExactly(17, 17, 17, 200, 200, 200);
        assertThat(img.image().hasAlpha()).isFalse();
    }

    @Test
    void cmykJpegReadsAsPlausibleRgb() throws Exception {
        ColorSpace cmyk = ColorSpaces.getColorSpace(ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel cm = new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE,
                DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(32, 16);
        for (int y = 0; y < 16; y++) {
            for (int x = 0; x < 32; x++) {
                // Left half pure cyan ink, right half pure yellow ink.
                raster.setPixel(x, y, x < 16 ? new int[] {255, 0, 0, 0} : new int[] {0, 0, 255, 0});
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(new BufferedImage(cm, raster, false, null));
        } finally {
            writer.dispose();
        }
        LoadedImage img = read(Fixtures.write(dir.resolve("cmyk.jpg"), out.toByteArray()));
        Image rgb = img.image();
        assertThat(img.format()).isEqualTo(ImageFormat.JPEG);
        assertThat(img.metadata().iccProfile()).as("a CMYK profile does not describe RGB output").isNull();
        // Cyan: little red, much green and blue. Yellow: much red and green, little blue.
        assertThat(rgb.get(4, 8, 0)).isLessThan(100);
        assertThat(rgb.get(4, 8, 1)).isGreaterThan(120);
        assertThat(rgb.get(4, 8, 2)).isGreaterThan(180);
        assertThat(rgb.get(28, 8, 0)).isGreaterThan(200);
        assertThat(rgb.get(28, 8, 1)).isGreaterThan(180);
        assertThat(rgb.get(28, 8, 2)).isLessThan(100);
    }

    /**
     * Stored 48x32 with a red block at the stored top-left and a green one at the stored top-right; where they land
     * after each orientation is worked out from the EXIF definition.
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        // orientation, big-endian?, out width, out height, red corner x,y, green corner x,y (as fractions 0/1)
        "1, true,  48, 32, 0, 0, 1, 0",
        "2, false, 48, 32, 1, 0, 0, 0",
        "3, true,  48, 32, 1, 1, 0, 1",
        "4, false, 48, 32, 0, 1, 1, 1",
        "5, true,  32, 48, 0, 0, 0, 1",
        "6, true,  32, 48, 1, 0, 1, 1",
        "6, false, 32, 48, 1, 0, 1, 1",
        "7, false, 32, 48, 1, 1, 1, 0",
        "8, true,  32, 48, 0, 1, 0, 0"})
    void exifOrientationIsApplied(int orientation, boolean bigEndian, int w, int h, int redX, int redY, int greenX,
            int greenY) {
        BufferedImage bi = new BufferedImage(48, 32, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 48; x++) {
                int rgb = x < 12 && y < 12 ? 0xFF0000 : x >= 36 && y < 12 ? 0x00FF00 : 0x808080;
                bi.setRGB(x, y, rgb);
            }
        }
        byte[] jpeg = Fixtures.withExifOrientation(Fixtures.encode(bi, "jpeg"), orientation, !bigEndian);
        LoadedImage img = read(Fixtures.write(dir.resolve("o.jpg"), jpeg));

        assertThat(img.metadata().orientation()).isEqualTo(orientation);
        assertThat(img.image().width()).isEqualTo(w);
        assertThat(img.image().height()).isEqualTo(h);
        // Probe 4 px in from each corner, inside the 12x12 blocks but clear of JPEG ringing at their edges.
        int rx = redX == 0 ? 4 : w - 5, ry = redY == 0 ? 4 : h - 5;
        int gx = greenX == 0 ? 4 : w - 5, gy = greenY == 0 ? 4 : h - 5;
        assertThat(img.image().get(rx, ry, 0)).as("red at %d,%d", rx, ry).isGreaterThan(200);
        assertThat(img.image().get(rx, ry, 1)).isLessThan(60);
        assertThat(img.image().get(gx, gy, 1)).as("green at %d,%d", gx, gy).isGreaterThan(200);
        assertThat(img.image().get(gx, gy, 0)).isLessThan(60);
    }

    @Test
    void jpegToJpegKeepsIccAndExifWithOrientationReset() throws Exception {
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        BufferedImage bi = Fixtures.rgbImage(40, 20);
        byte[] jpeg = Fixtures.withExifOrientation(Fixtures.encode(bi, "jpeg"), 6, false);
        jpeg = withIcc(jpeg, icc);
        Path in = Fixtures.write(dir.resolve("in.jpg"), jpeg);

        LoadedImage loaded = read(in);
        assertThat(loaded.metadata().iccProfile()).isEqualTo(icc);
        assertThat(loaded.metadata().exif()).isEqualTo(Fixtures.exifWithOrientation(6, false));
        // Samples are the file's own, not converted to sRGB (which would lift this mid-grey red of 130 to ~188).
        // Stored (20, 10) lands at (20 - 1 - 10, 20) after the 90-degree turn.
        assertThat(loaded.image().get(9, 20, 0)).isCloseTo(130f, org.assertj.core.data.Offset.offset(6f));

        Path out = dir.resolve("out.jpg");
        ImageFiles.write(out, loaded.image(), WriteOptions.keeping(loaded, ImageFormat.JPEG));
        LoadedImage again = read(out);
        assertThat(again.metadata().iccProfile()).isEqualTo(icc);
        assertThat(again.metadata().orientation()).isEqualTo(1);
        assertThat(again.image().width()).as("not rotated a second time").isEqualTo(20);
        assertThat(Fixtures.meanDiff(again.image(), loaded.image())).isLessThan(2f);

        Metadata md = ImageMetadataReader.readMetadata(out.toFile());
        ExifIFD0Directory ifd0 = md.getFirstDirectoryOfType(ExifIFD0Directory.class);
        assertThat(ifd0.getInt(ExifIFD0Directory.TAG_ORIENTATION)).isEqualTo(1);
        assertThat(ifd0.getString(ExifIFD0Directory.TAG_MAKE)).isEqualTo("unmark");
        assertThat(again.metadata().exif()).isEqualTo(Fixtures.exifWithOrientation(1, false));
    }

    @Test
    void largeIccProfileIsSplitAcrossSegmentsAndReassembled() {
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        byte[] big = java.util.Arrays.copyOf(icc, 150_000); // padding after the tagged data is harmless
        Image img = Fixtures.gradient(16, 16);
        Path out = dir.resolve("bigicc.jpg");
        ImageFiles.write(out, img, WriteOptions.defaults(ImageFormat.JPEG)
                .withMetadata(new ImageMetadata(big, null, 1)));
        assertThat(JpegSegments.read(out).icc()).isEqualTo(big);
    }

    @Test
    void pngKeepsIccProfile() {
        byte[] icc = ICC_Profile.getInstance(ColorSpace.CS_LINEAR_RGB).getData();
        Image img = Fixtures.gradient(16, 8);
        Path out = dir.resolve("icc.png");
        ImageFiles.write(out, img, WriteOptions.defaults(ImageFormat.PNG).withMetadata(new ImageMetadata(icc, null, 1)));
        LoadedImage back = read(out);
        assertThat(back.metadata().iccProfile()).isEqualTo(icc);
        assertThat(back.image().sameContent(img)).as("samples are not colour-converted").isTrue();
    }

    @Test
    void untaggedFilesHaveNoMetadata() {
        LoadedImage img = read(Fixtures.write(dir.resolve("plain.jpg"), Fixtures.encode(Fixtures.rgbImage(8, 8),
                "jpeg")));
        assertThat(img.metadata().iccProfile()).isNull();
        assertThat(img.metadata().exif()).isNull();
        assertThat(img.metadata().orientation()).isEqualTo(1);
    }

    @Test
    void exifResetHandlesBothByteOrdersAndLeavesOtherTagsAlone() {
        for (boolean little : new boolean[] {true, false}) {
            byte[] reset = Orientations.resetInExif(Fixtures.exifWithOrientation(8, little));
            assertThat(reset).isEqualTo(Fixtures.exifWithOrientation(1, little));
        }
        assertThat(Orientations.resetInExif("not a tiff".getBytes(StandardCharsets.US_ASCII))).isNull();
    }

    private static byte[] withIcc(byte[] jpeg, byte[] icc) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, 2);
        byte[] prefix = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
        int len = 2 + prefix.length + 2 + icc.length;
        out.write(0xFF);
        out.write(0xE2);
        out.write(len >>> 8);
        out.write(len & 0xFF);
        out.writeBytes(prefix);
        out.write(1);
        out.write(1);
        out.writeBytes(icc);
        out.write(jpeg, 2, jpeg.length - 2);
        return out.toByteArray();
    }
}
