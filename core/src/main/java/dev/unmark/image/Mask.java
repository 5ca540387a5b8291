package dev.unmark.image;

import java.util.Objects;

/**
 * A binary per-pixel mask: set pixels (stored as 255) are the ones to remove, clear ones (0) are kept.
 * Row-major bytes, mutable, the same size as the image it belongs to.
 */
public final class Mask {

    public static final byte ON = (byte) 255;

    private final int width;
    private final int height;
    private final byte[] data;

    private Mask(int width, int height, byte[] data) {
        this.width = width;
        this.height = height;
        this.data = data;
    }

    public static Mask empty(int width, int height) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("mask size must be positive, got " + width + "x" + height);
        }
        return new Mask(width, height, new byte[Math.multiplyExact(width, height)]);
    }

    /** Wraps row-major bytes; any non-zero byte counts as set and is normalised to 255. */
    public static Mask wrap(int width, int height, byte[] data) {
        Objects.requireNonNull(data, "data");
        if (width <= 0 || height <= 0 || data.length != (long) width * height) {
            throw new IllegalArgumentException("mask of " + width + "x" + height + " needs " + (long) width * height
                    + " bytes, got " + data.length);
        }
        for (int i = 0; i < data.length; i++) {
            if (data[i] != 0) {
                data[i] = ON;
            }
        }
        return new Mask(width, height, data);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Rect bounds() {
        return Rect.of(width, height);
    }

    /** The live bytes (0 or 255), row-major. */
    public byte[] data() {
        return data;
    }

    public boolean isSet(int x, int y) {
        return data[y * width + x] != 0;
    }

    public void set(int x, int y, boolean on) {
        data[y * width + x] = on ? ON : 0;
    }

    public long count() {
        long n = 0;
        for (byte b : data) {
            if (b != 0) {
                n++;
            }
        }
        return n;
    }

    public boolean isEmpty() {
        for (byte b : data) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** The smallest rectangle holding every set pixel; empty when nothing is set. */
    public Rect setBounds() {
        int minX = width, minY = height, maxX = -1, maxY = -1;
        for (int y = 0; y < height; y++) {
            int row = y * width;
            for (int x = 0; x < width; x++) {
                if (data[row + x] != 0) {
                    if (x < minX) minX = x;
                    if (x > maxX) maxX = x;
                    if (y < minY) minY = y;
                    maxY = y;
                }
            }
        }
        return maxX < 0 ? new Rect(0, 0, 0, 0) : new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1);
    }

    public Mask copy() {
        return new Mask(width, height, data.clone());
    }

    public Mask crop(Rect r) {
        if (r.x() < 0 || r.y() < 0 || r.right() > width || r.bottom() > height || r.isEmpty()) {
            throw new IllegalArgumentException(r + " is not inside the " + width + "x" + height + " mask");
        }
        byte[] out = new byte[(int) r.area()];
        for (int row = 0; row < r.height(); row++) {
            System.arraycopy(data, (r.y() + row) * width + r.x(), out, row * r.width(), r.width());
        }
        return new Mask(r.width(), r.height(), out);
    }

    /** Sets every pixel that is set in {@code other} (same size). */
    public Mask or(Mask other) {
        requireSameSize(other);
        for (int i = 0; i < data.length; i++) {
            data[i] |= other.data[i];
        }
        return this;
    }

    public void requireSameSize(Mask other) {
        if (other.width != width || other.height != height) {
            throw new IllegalArgumentException("mask sizes differ: " + width + "x" + height + " vs "
                    + other.width + "x" + other.height);
        }
    }

    public boolean sameContent(Mask o) {
        return o != null && o.width == width && o.height == height && java.util.Arrays.equals(data, o.data);
    }

    @Override
    public String toString() {
        return "Mask[" + width + "x" + height + "]";
    }
}
