package dev.unmark.io;

import dev.unmark.image.Image;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;

/** Conversions between AWT images and the core {@link Image}. */
final class BufferedImages {

    private BufferedImages() {
    }

    /**
     * The samples of {@code bi} as an Image. RGB and gray images with 8 or 16-bit (or fewer) components are copied
     * without colour conversion, scaled to 0-255 (16-bit as v/257, keeping the fraction); anything else (palette,
     * packed, float) goes through AWT's sRGB conversion at 8 bits.
     */
    static Image toImage(BufferedImage bi) {
        if (bi.getColorModel().isAlphaPremultiplied()) {
            bi.coerceData(false);
        }
        int w = bi.getWidth(), h = bi.getHeight();
        float[] rgb = new float[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        float[] alpha = bi.getColorModel().hasAlpha() ? new float[w * h] : null;
        if (isPlainComponent(bi)) {
            copyComponents(bi, rgb, alpha);
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                bi.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int p = row[x], i = y * w + x;
                    rgb[i * 3] = p >>> 16 & 0xFF;
                    rgb[i * 3 + 1] = p >>> 8 & 0xFF;
                    rgb[i * 3 + 2] = p & 0xFF;
                    if (alpha != null) {
                        alpha[i] = p >>> 24;
                    }
                }
            }
        }
        return Image.wrap(w, h, rgb, alpha);
    }

    /** 16 when any colour component of the source has more than 8 bits, else 8. */
    static int bitsPerSample(BufferedImage bi) {
        if (bi.getColorModel() instanceof IndexColorModel) {
            return 8;
        }
        int[] sizes = bi.getColorModel().getComponentSize();
        int colour = bi.getColorModel().getNumColorComponents();
        for (int i = 0; i < colour && i < sizes.length; i++) {
            if (sizes[i] > 8) {
                return 16;
            }
        }
        return 8;
    }

    /** The colour space type of the decoded samples (ColorSpace.TYPE_RGB, TYPE_GRAY, ...). */
    static int colorSpaceType(BufferedImage bi) {
        return bi.getColorModel().getColorSpace().getType();
    }

    private static boolean isPlainComponent(BufferedImage bi) {
        if (!(bi.getColorModel() instanceof ComponentColorModel cm)) {
            return false;
        }
        int type = cm.getColorSpace().getType();
        int transfer = cm.getTransferType();
        return (type == ColorSpace.TYPE_RGB || type == ColorSpace.TYPE_GRAY)
                && (transfer == DataBuffer.TYPE_BYTE || transfer == DataBuffer.TYPE_USHORT)
                && bi.getRaster().getNumBands() == cm.getNumComponents();
    }

    private static void copyComponents(BufferedImage bi, float[] rgb, float[] alpha) {
        ComponentColorModel cm = (ComponentColorModel) bi.getColorModel();
        int w = bi.getWidth(), h = bi.getHeight();
        int bands = cm.getNumComponents();
        boolean gray = cm.getColorSpace().getType() == ColorSpace.TYPE_GRAY;
        float[] scale = new float[bands];
        for (int b = 0; b < bands; b++) {
            scale[b] = ((1 << cm.getComponentSize(b)) - 1) / 255f;
        }
        WritableRaster raster = bi.getRaster();
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int s = x * bands, d = y * w + x;
                if (gray) {
                    float v = row[s] / scale[0];
                    rgb[d * 3] = v;
                    rgb[d * 3 + 1] = v;
                    rgb[d * 3 + 2] = v;
                } else {
                    rgb[d * 3] = row[s] / scale[0];
                    rgb[d * 3 + 1] = row[s + 1] / scale[1];
                    rgb[d * 3 + 2] = row[s + 2] / scale[2];
                }
                if (alpha != null) {
                    alpha[d] = row[s + bands - 1] / scale[bands - 1];
                }
            }
        }
    }

    /**
     * An sRGB-tagged AWT image of the samples: 8 bits ({@code TYPE_3BYTE_BGR} / {@code TYPE_4BYTE_ABGR}) or 16 bits
     * per component, with alpha only when {@code withAlpha} and the image has it. Samples are rounded and clamped.
     */
    static BufferedImage fromImage(Image image, boolean withAlpha, int bitsPerSample) {
        int w = image.width(), h = image.height();
        boolean a = withAlpha && image.hasAlpha();
        BufferedImage bi;
        int max;
        if (bitsPerSample == 16) {
            ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_sRGB), a, false,
                    a ? Transparency.TRANSLUCENT : Transparency.OPAQUE, DataBuffer.TYPE_USHORT);
            bi = new BufferedImage(cm, cm.createCompatibleWritableRaster(w, h), false, null);
            max = 65535;
        } else {
            bi = new BufferedImage(w, h, a ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
            max = 255;
        }
        float toScale = max / 255f;
        int bands = a ? 4 : 3;
        float[] rgb = image.rgb();
        float[] alpha = image.alpha();
        int[] row = new int[w * bands];
        WritableRaster raster = bi.getRaster();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int s = y * w + x, d = x * bands;
                row[d] = clamp(rgb[s * 3] * toScale, max);
                row[d + 1] = clamp(rgb[s * 3 + 1] * toScale, max);
                row[d + 2] = clamp(rgb[s * 3 + 2] * toScale, max);
                if (a) {
                    row[d + 3] = clamp(alpha[s] * toScale, max);
                }
            }
            raster.setPixels(0, y, w, 1, row);
        }
        return bi;
    }

    private static int clamp(float v, int max) {
        int r = Math.round(v);
        return r < 0 ? 0 : Math.min(r, max);
    }
}
