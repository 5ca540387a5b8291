package dev.unmark.matte;

import dev.unmark.image.Image;
import dev.unmark.image.Rect;
import java.util.Objects;

/**
 * One watermark's blend model over a box of the image: per pixel {@code J = (1 - alpha) I + alpha W}.
 *
 * @param box   where the mark lies in the image
 * @param alpha opacity 0-1 per pixel of {@code box}, row-major; not copied
 * @param layer the watermark's colour {@code W} per pixel of {@code box} (0-255 RGB; its alpha plane is ignored)
 */
public record Matte(Rect box, float[] alpha, Image layer) {

    public Matte {
        Objects.requireNonNull(box, "box");
        Objects.requireNonNull(alpha, "alpha");
        Objects.requireNonNull(layer, "layer");
        if (box.isEmpty() || alpha.length != box.area()) {
            throw new IllegalArgumentException("alpha has " + alpha.length + " values for the box " + box);
        }
        if (layer.width() != box.width() || layer.height() != box.height()) {
            throw new IllegalArgumentException("layer is " + layer.width() + "x" + layer.height() + " but the box is "
                    + box.width() + "x" + box.height());
        }
    }

    /** A mark of one colour {@code (r, g, b)} (0-255), as most text and mono logos are. */
    public static Matte constant(Rect box, float[] alpha, float r, float g, float b) {
        Image layer = Image.blank(box.width(), box.height());
        float[] rgb = layer.rgb();
        for (int i = 0; i < rgb.length; i += 3) {
            rgb[i] = r;
            rgb[i + 1] = g;
            rgb[i + 2] = b;
        }
        return new Matte(box, alpha, layer);
    }

    /** Pixels that are part of the mark (opacity above {@link ReverseBlend#MIN_ALPHA}). */
    public long support() {
        long n = 0;
        for (float a : alpha) {
            if (a > ReverseBlend.MIN_ALPHA) {
                n++;
            }
        }
        return n;
    }
}
