package dev.unmark.image;

import java.util.Arrays;
import java.util.Objects;

/**
 * The one image type of the core: RGB with an optional alpha plane, samples as {@code float} on the
 * 0-255 scale (so 16-bit sources keep their precision), RGB interleaved row by row.
 *
 * <p>Mutable on purpose: engines work on crops and write results back; use {@link #copy()} when the
 * original must survive.
 */
public final class Image {

    private final int width;
    private final int height;
    private final float[] rgb;
    private final float[] alpha;

    private Image(int width, int height, float[] rgb, float[] alpha) {
        this.width = width;
        this.height = height;
        this.rgb = rgb;
        this.alpha = alpha;
    }

    /** A black, opaque image without an alpha plane. */
    public static Image blank(int width, int height) {
        checkSize(width, height);
        return new Image(width, height, new float[Math.multiplyExact(Math.multiplyExact(width, height), 3)], null);
    }

    /**
     * Wraps existing samples without copying.
     *
     * @param rgb   {@code 3 * width * height} samples, 0-255, interleaved R, G, B
     * @param alpha {@code width * height} samples, 0-255 (255 = opaque), or null for an opaque image
     */
    public static Image wrap(int width, int height, float[] rgb, float[] alpha) {
        checkSize(width, height);
        Objects.requireNonNull(rgb, "rgb");
        if (rgb.length != 3L * width * height) {
            throw new IllegalArgumentException("rgb has " + rgb.length + " samples, expected " + 3L * width * height);
        }
        if (alpha != null && alpha.length != (long) width * height) {
            throw new IllegalArgumentException("alpha has " + alpha.length + " samples, expected " + (long) width * height);
        }
        return new Image(width, height, rgb, alpha);
    }

    private static void checkSize(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long pixels() {
        return (long) width * height;
    }

    public Rect bounds() {
        return Rect.of(width, height);
    }

    /** The interleaved RGB samples, live (not a copy). */
    public float[] rgb() {
        return rgb;
    }

    /** The alpha plane, live, or null when the image is opaque. */
    public float[] alpha() {
        return alpha;
    }

    public boolean hasAlpha() {
        return alpha != null;
    }

    public float get(int x, int y, int channel) {
        return rgb[(y * width + x) * 3 + channel];
    }

    public void set(int x, int y, int channel, float value) {
        rgb[(y * width + x) * 3 + channel] = value;
    }

    public Image copy() {
        return new Image(width, height, rgb.clone(), alpha == null ? null : alpha.clone());
    }

    /** A copy of the pixels inside {@code r}, which must lie inside the image. */
    public Image crop(Rect r) {
        checkInside(r);
        float[] out = new float[(int) r.area() * 3];
        float[] outAlpha = alpha == null ? null : new float[(int) r.area()];
        for (int row = 0; row < r.height(); row++) {
            int src = (r.y() + row) * width + r.x();
            System.arraycopy(rgb, src * 3, out, row * r.width() * 3, r.width() * 3);
            if (outAlpha != null) {
                System.arraycopy(alpha, src, outAlpha, row * r.width(), r.width());
            }
        }
        return new Image(r.width(), r.height(), out, outAlpha);
    }

    /**
     * Copies the RGB of {@code patch} onto this image with its top-left corner at {@code (x, y)}, only where
     * {@code where} (same size as the patch) is set; alpha is left alone.
     */
    public void paste(Image patch, int x, int y, Mask where) {
        checkInside(new Rect(x, y, patch.width, patch.height));
        if (where.width() != patch.width || where.height() != patch.height) {
            throw new IllegalArgumentException("mask " + where.width() + "x" + where.height()
                    + " does not match patch " + patch.width + "x" + patch.height);
        }
        for (int row = 0; row < patch.height; row++) {
            for (int col = 0; col < patch.width; col++) {
                if (where.isSet(col, row)) {
                    int s = (row * patch.width + col) * 3;
                    int d = ((y + row) * width + x + col) * 3;
                    rgb[d] = patch.rgb[s];
                    rgb[d + 1] = patch.rgb[s + 1];
                    rgb[d + 2] = patch.rgb[s + 2];
                }
            }
        }
    }

    private void checkInside(Rect r) {
        if (r.x() < 0 || r.y() < 0 || r.right() > width || r.bottom() > height || r.isEmpty()) {
            throw new IllegalArgumentException(r + " is not inside the " + width + "x" + height + " image");
        }
    }

    /** Samples compared exactly; for tests and for "did anything change" checks. */
    public boolean sameContent(Image o) {
        return o != null && width == o.width && height == o.height && Arrays.equals(rgb, o.rgb)
                && Arrays.equals(alpha, o.alpha);
    }

    @Override
    public String toString() {
        return "Image[" + width + "x" + height + (alpha == null ? "" : ", alpha") + "]";
    }
}
