package dev.unmark.io;

import com.drew.imaging.ImageMetadataReader;
import com.drew.imaging.ImageProcessingException;
import com.drew.metadata.MetadataException;
import com.drew.metadata.exif.ExifIFD0Directory;
import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.w3c.dom.Node;

/** Reads image files into the core {@link Image} and writes them back; see the package documentation. */
public final class ImageFiles {

    private static final String PNG_METADATA = "javax_imageio_png_1.0";
    private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private ImageFiles() {
    }

    /**
     * Reads an image file, identifying its format from the content, and returns it upright.
     *
     * @throws UnmarkException with a one-line message naming the file when it is missing, empty, not an image,
     *                         of an unsupported format, truncated or corrupt, or larger than
     *                         {@link ReadOptions#maxPixels()}
     */
    public static LoadedImage read(Path file, ReadOptions options) {
        checkReadable(file);
        ImageReader reader = null;
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            reader = pickReader(file, in);
            String formatName = reader.getFormatName();
            ImageFormat format = ImageFormat.fromReaderFormatName(formatName).orElseThrow(
                    () -> new UnmarkException(file + ": unsupported image format "
                            + formatName.toUpperCase(Locale.ROOT) + " (supported: JPEG, PNG, WEBP, TIFF, BMP)"));
            reader.setInput(in);
            checkSize(file, reader, options);
            ImageReadParam param = reader.getDefaultReadParam();
            keepSourceColourSpace(reader, param);
            List<String> damage = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> {
                if (reportsDamage(warning)) {
                    damage.add(warning);
                }
            });
            BufferedImage decoded = decode(file, format, reader, param);
            if (!damage.isEmpty()) {
                throw new UnmarkException(file + ": truncated or corrupt " + format + " data ("
                        + Messages.oneLine(damage.get(0)) + ")");
            }
            ImageMetadata metadata = metadata(file, format, reader, decoded);
            Image image = Orientations.apply(BufferedImages.toImage(decoded), metadata.orientation());
            return new LoadedImage(image, format, BufferedImages.bitsPerSample(decoded), metadata);
        } catch (IOException e) {
            throw new UnmarkException(file + ": cannot read: " + Messages.oneLine(e), e);
        } finally {
            if (reader != null) {
                reader.dispose();
            }
        }
    }

    private static void checkReadable(Path file) {
        if (!Files.exists(file)) {
            throw new UnmarkException(file + ": no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new UnmarkException(file + ": not a regular file");
        }
        if (!Files.isReadable(file)) {
            throw new UnmarkException(file + ": not readable (permission denied)");
        }
        try {
            if (Files.size(file) == 0) {
                throw new UnmarkException(file + ": empty file (0 bytes)");
            }
        } catch (IOException e) {
            throw new UnmarkException(file + ": cannot read: " + Messages.oneLine(e), e);
        }
    }

    /*
     * Both TwelveMonkeys and the webp-imageio library register a WebP reader; the pure-Java TwelveMonkeys one is
     * preferred (no native code for reading). For JPEG the TwelveMonkeys reader is what handles CMYK and YCCK.
     */
    private static ImageReader pickReader(Path file, ImageInputStream in) {
        ImageReader first = null;
        for (Iterator<ImageReader> it = ImageIO.getImageReaders(in); it.hasNext(); ) {
            ImageReader r = it.next();
            if (r.getClass().getName().startsWith("com.twelvemonkeys.")) {
                return r;
            }
            if (first == null) {
                first = r;
            }
        }
        if (first == null) {
            throw new UnmarkException(file + ": not an image, or an unsupported format");
        }
        return first;
    }

    /** Refuses oversized images from the header alone, before any pixel data is decoded. */
    private static void checkSize(Path file, ImageReader reader, ReadOptions options) {
        int w, h;
        try {
            w = reader.getWidth(0);
            h = reader.getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw new UnmarkException(file + ": corrupt image header (" + Messages.oneLine(e) + ")", e);
        }
        long pixels = (long) w * h;
        if (w <= 0 || h <= 0) {
            throw new UnmarkException(file + ": corrupt image header (size " + w + "x" + h + ")");
        }
        if (pixels > options.maxPixels()) {
            throw new UnmarkException(file + ": image is " + w + "x" + h + " = " + pixels
                    + " pixels, more than the limit of " + options.maxPixels() + " (raise it with --max-pixels)");
        }
        if (pixels * 4 > MAX_ARRAY) {
            throw new UnmarkException(file + ": image is " + w + "x" + h + " = " + pixels
                    + " pixels, too large to hold in memory");
        }
    }

    /*
     * TwelveMonkeys converts RGB JPEGs with an embedded non-sRGB profile to sRGB by default. Asking for the raw type
     * keeps the original samples instead, so the profile can travel with them to the output unchanged (no gamut
     * clipping, no double conversion). CMYK/YCCK raw types are not RGB and still get converted.
     */
    private static void keepSourceColourSpace(ImageReader reader, ImageReadParam param) throws IOException {
        ImageTypeSpecifier raw;
        try {
            raw = reader.getRawImageType(0);
        } catch (IOException | RuntimeException e) {
            return;
        }
        if (raw == null || !(raw.getColorModel().getColorSpace() instanceof ICC_ColorSpace cs)
                || cs.getType() != ColorSpace.TYPE_RGB || cs.isCS_sRGB()) {
            return;
        }
        for (Iterator<ImageTypeSpecifier> it = reader.getImageTypes(0); it.hasNext(); ) {
            ImageTypeSpecifier t = it.next();
            if (t.equals(raw)) {
                param.setDestinationType(t);
                return;
            }
        }
    }

    /*
     * Decoders report truncation inconsistently: the PNG reader throws, the JPEG reader may only warn ("Premature
     * end of JPEG file") and pad with grey. Such warnings are failures here. Benign ones (odd markers, ICC quirks,
     * "extraneous bytes" that libjpeg skips) are not, since refusing real-world files for them would help no one.
     */
    static boolean reportsDamage(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        if (w.contains("extraneous bytes")) {
            return false;
        }
        return w.contains("premature") || w.contains("truncat") || w.contains("end of file") || w.contains("eof")
                || w.contains("corrupt") || w.contains("huffman") || w.contains("missing eoi");
    }

    private static BufferedImage decode(Path file, ImageFormat format, ImageReader reader, ImageReadParam param) {
        try {
            return reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            // Corrupt data surfaces as anything from IIOException to IndexOutOfBounds inside a codec.
            throw new UnmarkException(file + ": truncated or corrupt " + format + " data (" + Messages.oneLine(e)
                    + ")", e);
        }
    }

    private static ImageMetadata metadata(Path file, ImageFormat format, ImageReader reader, BufferedImage decoded) {
        boolean rgb = BufferedImages.colorSpaceType(decoded) == ColorSpace.TYPE_RGB;
        byte[] icc = null;
        byte[] exif = null;
        if (format == ImageFormat.JPEG) {
            JpegSegments.Found found = JpegSegments.read(file);
            exif = found.exif();
            // Only while the samples are in that profile's space; an sRGB result means there was nothing to keep.
            if (rgb && decoded.getColorModel().getColorSpace() instanceof ICC_ColorSpace cs && !cs.isCS_sRGB()) {
                icc = found.icc() != null ? found.icc() : cs.getProfile().getData();
            }
        } else if (format == ImageFormat.PNG) {
            // The PNG reader never colour-converts, so an RGB iCCP profile always describes the samples.
            byte[] png = pngIccProfile(reader);
            icc = rgb && png != null && isRgbProfile(png) ? png : null;
        } else if (rgb && decoded.getColorModel().getColorSpace() instanceof ICC_ColorSpace cs && !cs.isCS_sRGB()) {
            icc = cs.getProfile().getData();
        }
        return new ImageMetadata(icc, exif, orientation(file));
    }

    private static boolean isRgbProfile(byte[] icc) {
        try {
            return ICC_Profile.getInstance(icc).getColorSpaceType() == ColorSpace.TYPE_RGB;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] pngIccProfile(ImageReader reader) {
        try {
            IIOMetadata md = reader.getImageMetadata(0);
            if (md == null) {
                return null;
            }
            for (Node n = md.getAsTree(PNG_METADATA).getFirstChild(); n != null; n = n.getNextSibling()) {
                if ("iCCP".equals(n.getNodeName()) && n instanceof IIOMetadataNode node
                        && node.getUserObject() instanceof byte[] compressed) {
                    return inflate(compressed);
                }
            }
        } catch (IOException | RuntimeException | DataFormatException e) {
            // A damaged profile is dropped; the pixels are still good.
        }
        return null;
    }

    /** The EXIF orientation (1-8), 1 when there is none or it cannot be read. */
    private static int orientation(Path file) {
        try {
            ExifIFD0Directory dir = ImageMetadataReader.readMetadata(file.toFile())
                    .getFirstDirectoryOfType(ExifIFD0Directory.class);
            if (dir != null && dir.containsTag(ExifIFD0Directory.TAG_ORIENTATION)) {
                int o = dir.getInt(ExifIFD0Directory.TAG_ORIENTATION);
                return o >= 1 && o <= 8 ? o : 1;
            }
        } catch (ImageProcessingException | IOException | MetadataException | RuntimeException e) {
            // Metadata is optional; a file whose pixels decode is not refused for it.
        }
        return 1;
    }

    /**
     * Writes {@code image} atomically (see {@link AtomicFiles}) in {@code options.format()}.
     *
     * @throws UnmarkException naming the file when encoding or writing fails; an existing file is then untouched
     */
    public static void write(Path file, Image image, WriteOptions options) {
        ImageFormat format = options.format();
        ImageWriter writer = writerFor(file, format);
        try {
            AtomicFiles.write(file, out -> encode(writer, image, options, out));
        } catch (UnmarkException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UnmarkException(file + ": cannot encode " + format + ": " + Messages.oneLine(e), e);
        } finally {
            writer.dispose();
        }
    }

    private static ImageWriter writerFor(Path file, ImageFormat format) {
        String name = switch (format) {
            case JPEG -> "jpeg";
            case PNG -> "png";
            case WEBP -> "webp";
            case TIFF -> "tiff";
            case BMP -> "bmp";
        };
        Iterator<ImageWriter> it = ImageIO.getImageWritersByFormatName(name);
        if (!it.hasNext()) {
            throw new UnmarkException(file + ": no " + format + " encoder available");
        }
        return it.next();
    }

    private static void encode(ImageWriter writer, Image image, WriteOptions options, OutputStream out)
            throws IOException {
        ImageFormat format = options.format();
        int bits = format == ImageFormat.PNG ? options.bitsPerSample() : 8;
        BufferedImage bi = BufferedImages.fromImage(image, format.supportsAlpha(), bits);
        ImageWriteParam param = writer.getDefaultWriteParam();
        IIOMetadata metadata = null;
        switch (format) {
            case JPEG, WEBP -> {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                if (format == ImageFormat.WEBP) {
                    param.setCompressionType(lossyType(param));
                }
                param.setCompressionQuality(options.quality() / 100f);
            }
            case PNG -> metadata = pngMetadata(writer, bi, param, options.metadata().iccProfile());
            default -> {
            }
        }
        if (format == ImageFormat.JPEG) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            writeWith(writer, bi, param, metadata, buffer);
            ImageMetadata md = options.metadata();
            out.write(JpegSegments.insert(buffer.toByteArray(), Orientations.resetInExif(md.exif()),
                    md.iccProfile()));
        } else {
            writeWith(writer, bi, param, metadata, out);
        }
    }

    private static String lossyType(ImageWriteParam param) {
        for (String t : param.getCompressionTypes()) {
            if (t.equalsIgnoreCase("lossy")) {
                return t;
            }
        }
        return param.getCompressionTypes()[0];
    }

    private static void writeWith(ImageWriter writer, BufferedImage bi, ImageWriteParam param, IIOMetadata metadata,
            OutputStream out) throws IOException {
        // An explicit memory-cached stream: ImageIO's default would spill to a temp file outside our control.
        try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(bi, null, metadata), param);
            ios.flush();
        }
    }

    /* The ICC profile goes into an iCCP chunk, which the JDK's PNG writer takes zlib-compressed in the tree. */
    private static IIOMetadata pngMetadata(ImageWriter writer, BufferedImage bi, ImageWriteParam param, byte[] icc)
            throws IIOInvalidTreeException {
        if (icc == null) {
            return null;
        }
        IIOMetadata md = writer.getDefaultImageMetadata(new ImageTypeSpecifier(bi), param);
        IIOMetadataNode iccp = new IIOMetadataNode("iCCP");
        iccp.setAttribute("profileName", "ICC profile");
        iccp.setAttribute("compressionMethod", "deflate");
        iccp.setUserObject(deflate(icc));
        IIOMetadataNode root = new IIOMetadataNode(PNG_METADATA);
        root.appendChild(iccp);
        md.mergeTree(PNG_METADATA, root);
        return md;
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        try {
            d.setInput(data);
            d.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buf = new byte[8192];
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
            return out.toByteArray();
        } finally {
            d.end();
        }
    }

    private static byte[] inflate(byte[] data) throws DataFormatException {
        Inflater inf = new Inflater();
        try {
            inf.setInput(data);
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length * 2 + 64);
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                int n = inf.inflate(buf);
                if (n == 0 && (inf.needsInput() || inf.needsDictionary())) {
                    throw new DataFormatException("truncated profile");
                }
                out.write(buf, 0, n);
            }
            return out.toByteArray();
        } finally {
            inf.end();
        }
    }
}
