package dev.unmark.io;

import dev.unmark.image.Image;

/** EXIF orientation: turning stored pixels upright, and marking EXIF blocks as upright. */
final class Orientations {

    static final int TAG_ORIENTATION = 0x0112;
    private static final int TYPE_SHORT = 3;

    private Orientations() {
    }

    /**
     * The upright image for pixels stored with EXIF {@code orientation}: 1 none, 2 mirrored, 3 rotated 180,
     * 4 flipped, 5 transposed, 6 rotated 90 clockwise to display, 7 transversed, 8 rotated 90 counter-clockwise.
     * Values outside 1-8 are treated as 1, as viewers do.
     */
    static Image apply(Image in, int orientation) {
        if (orientation <= 1 || orientation > 8) {
            return in;
        }
        int w = in.width(), h = in.height();
        boolean swap = orientation >= 5;
        int ow = swap ? h : w, oh = swap ? w : h;
        float[] src = in.rgb();
        float[] srcAlpha = in.alpha();
        float[] rgb = new float[src.length];
        float[] alpha = srcAlpha == null ? null : new float[srcAlpha.length];
        for (int oy = 0; oy < oh; oy++) {
            for (int ox = 0; ox < ow; ox++) {
                int ix, iy;
                switch (orientation) {
                    case 2 -> { ix = w - 1 - ox; iy = oy; }
                    case 3 -> { ix = w - 1 - ox; iy = h - 1 - oy; }
                    case 4 -> { ix = ox; iy = h - 1 - oy; }
                    case 5 -> { ix = oy; iy = ox; }
                    case 6 -> { ix = oy; iy = h - 1 - ox; }
                    case 7 -> { ix = w - 1 - oy; iy = h - 1 - ox; }
                    default -> { ix = w - 1 - oy; iy = ox; }
                }
                int s = iy * w + ix, d = oy * ow + ox;
                rgb[d * 3] = src[s * 3];
                rgb[d * 3 + 1] = src[s * 3 + 1];
                rgb[d * 3 + 2] = src[s * 3 + 2];
                if (alpha != null) {
                    alpha[d] = srcAlpha[s];
                }
            }
        }
        return Image.wrap(ow, oh, rgb, alpha);
    }

    /**
     * A copy of a raw EXIF block (TIFF structure) whose IFD0 orientation tag says 1, or the block unchanged when it
     * has no such tag; null when the block is not a well-formed TIFF header, as writing it would produce a bad file.
     */
    static byte[] resetInExif(byte[] exif) {
        if (exif == null || exif.length < 8) {
            return null;
        }
        boolean little;
        if (exif[0] == 'I' && exif[1] == 'I') {
            little = true;
        } else if (exif[0] == 'M' && exif[1] == 'M') {
            little = false;
        } else {
            return null;
        }
        if (u16(exif, 2, little) != 42) {
            return null;
        }
        long ifd = u32(exif, 4, little);
        if (ifd < 8 || ifd + 2 > exif.length) {
            return null;
        }
        int entries = u16(exif, (int) ifd, little);
        byte[] out = exif.clone();
        for (int i = 0; i < entries; i++) {
            int e = (int) ifd + 2 + i * 12;
            if (e + 12 > exif.length) {
                return null;
            }
            if (u16(exif, e, little) == TAG_ORIENTATION) {
                if (u16(exif, e + 2, little) == TYPE_SHORT && u32(exif, e + 4, little) == 1) {
                    // A single SHORT sits left-justified in the 4-byte value field, in the block's byte order.
                    put16(out, e + 8, 1, little);
                }
                return out;
            }
        }
        return out;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int b0 = b[at] & 0xFF, b1 = b[at + 1] & 0xFF;
        return little ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    private static long u32(byte[] b, int at, boolean little) {
        long hi = u16(b, little ? at + 2 : at, little), lo = u16(b, little ? at : at + 2, little);
        return hi << 16 | lo;
    }

    private static void put16(byte[] b, int at, int v, boolean little) {
        b[at + (little ? 0 : 1)] = (byte) v;
        b[at + (little ? 1 : 0)] = (byte) (v >>> 8);
    }
}
