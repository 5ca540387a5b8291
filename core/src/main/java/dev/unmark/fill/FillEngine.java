package dev.unmark.fill;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;

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
}
