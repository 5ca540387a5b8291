package dev.unmark.io;

import com.drew.imaging.jpeg.JpegProcessingException;
import com.drew.imaging.jpeg.JpegSegmentData;
import com.drew.imaging.jpeg.JpegSegmentReader;
import com.drew.imaging.jpeg.JpegSegmentType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The raw EXIF (APP1) and ICC profile (APP2) segments of JPEG files: pulled out on read, put back on write. */
final class JpegSegments {

    private static final byte[] EXIF_PREFIX = "Exif\0\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] ICC_PREFIX = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);
    private static final int MAX_SEGMENT_PAYLOAD = 65535 - 2;
    private static final int MAX_ICC_CHUNK = MAX_SEGMENT_PAYLOAD - ICC_PREFIX.length - 2;

    /** The two blocks found in a file, either may be null. */
    record Found(byte[] exif, byte[] icc) {
    }

    private JpegSegments() {
    }

    /** Reads the APP1 Exif and APP2 ICC segments; damaged or missing ones give nulls, never an error. */
    static Found read(Path file) {
        JpegSegmentData data;
        try {
            data = JpegSegmentReader.readSegments(file.toFile(), List.of(JpegSegmentType.APP1, JpegSegmentType.APP2));
        } catch (JpegProcessingException | IOException e) {
            return new Found(null, null);
        }
        byte[] exif = null;
        for (byte[] payload : data.getSegments(JpegSegmentType.APP1)) {
            if (startsWith(payload, EXIF_PREFIX)) {
                exif = Arrays.copyOfRange(payload, EXIF_PREFIX.length, payload.length);
                break;
            }
        }
        return new Found(exif, assembleIcc(data.getSegments(JpegSegmentType.APP2)));
    }

    /*
     * A profile larger than one segment is split into numbered chunks ("ICC_PROFILE\0", sequence 1..n, n); they are
     * joined in sequence order. An incomplete or inconsistent set is dropped rather than guessed at.
     */
    private static byte[] assembleIcc(Iterable<byte[]> app2) {
        byte[][] chunks = null;
        for (byte[] payload : app2) {
            if (!startsWith(payload, ICC_PREFIX) || payload.length < ICC_PREFIX.length + 2) {
                continue;
            }
            int seq = payload[ICC_PREFIX.length] & 0xFF;
            int count = payload[ICC_PREFIX.length + 1] & 0xFF;
            if (chunks == null) {
                chunks = new byte[count][];
            }
            if (count != chunks.length || seq < 1 || seq > count || chunks[seq - 1] != null) {
                return null;
            }
            chunks[seq - 1] = Arrays.copyOfRange(payload, ICC_PREFIX.length + 2, payload.length);
        }
        if (chunks == null || chunks.length == 0) {
            return null;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] c : chunks) {
            if (c == null) {
                return null;
            }
            out.writeBytes(c);
        }
        return out.toByteArray();
    }

    /**
     * The JPEG with an APP1 Exif segment and APP2 ICC segments inserted after SOI (and after a JFIF APP0 right
     * behind it, which must come first). An EXIF block too large for one segment is left out.
     */
    static byte[] insert(byte[] jpeg, byte[] exif, byte[] icc) {
        if (exif == null && icc == null) {
            return jpeg;
        }
        if (jpeg.length < 4 || (jpeg[0] & 0xFF) != 0xFF || (jpeg[1] & 0xFF) != 0xD8) {
            throw new IllegalArgumentException("not a JPEG stream");
        }
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) {
            at = 4 + ((jpeg[4] & 0xFF) << 8 | (jpeg[5] & 0xFF));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(jpeg.length + 1024
                + (icc == null ? 0 : icc.length + 64) + (exif == null ? 0 : exif.length));
        out.write(jpeg, 0, at);
        if (exif != null && EXIF_PREFIX.length + exif.length <= MAX_SEGMENT_PAYLOAD) {
            segment(out, 0xE1, EXIF_PREFIX, null, exif, 0, exif.length);
        }
        if (icc != null) {
            int count = (icc.length + MAX_ICC_CHUNK - 1) / MAX_ICC_CHUNK;
            if (count <= 255) {
                for (int i = 0; i < count; i++) {
                    int from = i * MAX_ICC_CHUNK;
                    segment(out, 0xE2, ICC_PREFIX, new byte[] {(byte) (i + 1), (byte) count}, icc, from,
                            Math.min(icc.length, from + MAX_ICC_CHUNK) - from);
                }
            }
        }
        out.write(jpeg, at, jpeg.length - at);
        return out.toByteArray();
    }

    private static void segment(ByteArrayOutputStream out, int marker, byte[] prefix, byte[] extra, byte[] body,
            int offset, int length) {
        int size = 2 + prefix.length + (extra == null ? 0 : extra.length) + length;
        out.write(0xFF);
        out.write(marker);
        out.write(size >>> 8);
        out.write(size & 0xFF);
        out.writeBytes(prefix);
        if (extra != null) {
            out.writeBytes(extra);
        }
        out.write(body, offset, length);
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }
}
