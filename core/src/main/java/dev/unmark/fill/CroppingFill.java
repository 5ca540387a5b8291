package dev.unmark.fill;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import dev.unmark.image.Rect;
import java.util.ArrayList;
import java.util.List;

/**
 * Base for engines that only need the neighbourhood of each hole (the crop strategy of IOPaint's
 * {@code InpaintModel}): the mask's connected components are grown by a margin, crops that touch are merged,
 * the engine fills each crop, and only the masked pixels are pasted back. Cost follows the marked area, not
 * the image size. Subclasses implement {@link #fillCrop}.
 */
public abstract class CroppingFill implements FillEngine {

    private final int margin;

    /** @param margin context in pixels around each hole that the engine gets to see; at least 1 */
    protected CroppingFill(int margin) {
        if (margin < 1) {
            throw new IllegalArgumentException("margin must be at least 1 px, got " + margin);
        }
        this.margin = margin;
    }

    public int margin() {
        return margin;
    }

    @Override
    public final Image fill(Image image, Mask mask) {
        Image out = image.copy();
        fillInPlace(out, mask);
        return out;
    }

    @Override
    public final void fillInPlace(Image image, Mask mask) {
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height() + " but image is "
                    + image.width() + "x" + image.height());
        }
        Rect marked = mask.setBounds();
        if (marked.isEmpty()) {
            return;
        }
        // Components are labelled inside the marked box only, so a small mark on a large photo costs one byte scan
        // of the mask, not a labelling pass over the whole image.
        List<Rect> boxes = new ArrayList<>();
        for (Rect b : Masks.componentBoxes(mask.crop(marked))) {
            boxes.add(new Rect(b.x() + marked.x(), b.y() + marked.y(), b.width(), b.height()));
        }
        // Merged crops are disjoint, so filling one never changes what another sees.
        for (Rect crop : Masks.mergedCrops(boxes, margin, image.bounds())) {
            Mask holes = mask.crop(crop);
            image.paste(fillCrop(image.crop(crop), holes), crop.x(), crop.y(), holes);
        }
    }

    /**
     * Fills the set pixels of {@code holes} in {@code crop} (same size); may return {@code crop} itself, modified.
     * Only pixels under the mask are used from the result.
     */
    protected abstract Image fillCrop(Image crop, Mask holes);
}
