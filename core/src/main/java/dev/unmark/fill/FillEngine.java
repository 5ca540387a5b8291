package dev.unmark.fill;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.util.List;

/**
 * Fills (inpaints) the masked pixels of an image. Registered by a lower-case name in {@link FillEngines}.
 *
 * <p>Contract, checked by the shared contract test every engine runs: the result has the input's size; pixels
 * outside the mask are exactly the input's; an empty mask returns an equal image; the input is not modified;
 * a mask of another size is rejected. Implementations must be safe to call from several threads at once.
 */
public interface FillEngine {

    /** The registry name, e.g. {@code "telea"}. */
    String name();

    /** Returns a new image with the masked pixels filled. */
    Image fill(Image image, Mask mask);

    /**
     * Fills the masked pixels of {@code image} itself, for callers that no longer need the original: it saves a
     * copy of the whole image, which on a 12-megapixel photo costs more than filling a small mark. The default
     * copies {@link #fill}'s result back; engines that work on crops override it.
     */
    default void fillInPlace(Image image, Mask mask) {
        Image filled = fill(image, mask);
        System.arraycopy(filled.rgb(), 0, image.rgb(), 0, image.rgb().length);
    }

    /**
     * As {@link #fillInPlace}, also saying which method filled which hole. Engines that choose per hole
     * ({@code auto}) list one {@link FillRegion} per connected component of the mask; the others return an empty
     * list.
     */
    default List<FillRegion> fillInPlaceReporting(Image image, Mask mask) {
        fillInPlace(image, mask);
        return List.of();
    }
}
