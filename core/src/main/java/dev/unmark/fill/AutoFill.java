package dev.unmark.fill;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code --fill auto}: picks a method per hole (connected component of the mask) from its width, the diameter of
 * the largest disc inside it (distance transform). Thin strokes go to diffusion, which is exact enough there and
 * fast; wider holes go to the exemplar fill, which keeps texture and structure where diffusion smears; a network
 * engine, when one is supplied, takes the wide holes instead.
 *
 * <p>Wide holes are filled first, with every masked pixel a hole (so a thin stroke next to a wide hole is never a
 * source); the thin ones then diffuse from their surroundings, wide holes included, now filled.
 */
public final class AutoFill implements FillEngine {

    /**
     * Widest hole, in pixels, that diffusion fills. Measured on the dev bench (docs/BENCHMARKS.md, "The threshold of
     * auto"): before the exemplar fill took its low frequencies from diffusion, up to 12 px neither won and Telea,
     * ten times faster, had them; with it, 6 px gave the pipeline's detected masks ALL PSNR256 30.85 against 30.79
     * (collection/g2 and g3 +0.3 dB, text-hd +0.12) and the true masks text-hd RMSEw 21.03 against 21.24 (logo-hd
     * equal).
     */
    public static final float DEFAULT_THIN_WIDTH = 6f;

    private final FillEngine diffusion;
    private final PatchMatchFill exemplar;
    private final FillEngine network;
    private final float thinWidth;

    /**
     * @param diffusion fills the thin holes (Telea by default)
     * @param exemplar  fills the wide holes when there is no network
     * @param network   a learned engine for the wide holes, or null when the user supplied no model. The hook for
     *                  model-based engines: it is given the whole mask and only its wide holes are kept
     * @param thinWidth holes up to this width in pixels are thin; 0-1000
     */
    public AutoFill(FillEngine diffusion, PatchMatchFill exemplar, FillEngine network, float thinWidth) {
        this.diffusion = Objects.requireNonNull(diffusion, "diffusion");
        this.exemplar = Objects.requireNonNull(exemplar, "exemplar");
        this.network = network;
        if (!(thinWidth >= 0 && thinWidth <= 1000)) {
            throw new IllegalArgumentException("thin width must be 0-1000 px, got " + thinWidth);
        }
        this.thinWidth = thinWidth;
    }

    /** Telea for holes up to {@link #DEFAULT_THIN_WIDTH} px wide, the default exemplar fill above, no network. */
    public static AutoFill defaults() {
        return new AutoFill(OpenCvInpaintFill.telea(), PatchMatchFill.defaults(), null, DEFAULT_THIN_WIDTH);
    }

    @Override
    public String name() {
        return "auto";
    }

    @Override
    public Image fill(Image image, Mask mask) {
        Image out = image.copy();
        fillInPlace(out, mask);
        return out;
    }

    @Override
    public void fillInPlace(Image image, Mask mask) {
        fillInPlaceReporting(image, mask);
    }

    @Override
    public List<FillRegion> fillInPlaceReporting(Image image, Mask mask) {
        PatchMatchFill.checkSize(image, mask);
        HoleComponents holes = HoleComponents.of(mask);
        int n = holes.count();
        boolean[] wide = new boolean[n + 1];
        boolean anyWide = false, anyThin = false;
        List<FillRegion> report = new ArrayList<>(n);
        String wideName = network != null ? network.name() : exemplar.name();
        for (int k = 1; k <= n; k++) {
            wide[k] = holes.width(k) > thinWidth;
            anyWide |= wide[k];
            anyThin |= !wide[k];
            report.add(new FillRegion(holes.box(k), holes.pixels(k), Math.round(holes.width(k) * 10) / 10.0,
                    wide[k] ? wideName : diffusion.name()));
        }
        if (anyWide) {
            if (network != null) {
                Image filled = network.fill(image, mask);
                paste(filled, image, holes, wide, true);
            } else {
                exemplar.fillComponents(image, mask, holes, wide);
            }
        }
        if (anyThin) {
            diffusion.fillInPlace(image, anyWide ? select(mask, holes, wide, false) : mask);
        }
        return report;
    }

    /** The pixels of the components whose {@code wide} flag equals {@code which}. */
    private static Mask select(Mask mask, HoleComponents holes, boolean[] wide, boolean which) {
        Mask out = Mask.empty(mask.width(), mask.height());
        byte[] d = out.data();
        for (int k = 1; k <= holes.count(); k++) {
            if (wide[k] != which) {
                continue;
            }
            var b = holes.box(k);
            for (int y = b.y(); y < b.bottom(); y++) {
                for (int x = b.x(); x < b.right(); x++) {
                    if (holes.labelAt(x, y) == k) {
                        d[y * mask.width() + x] = Mask.ON;
                    }
                }
            }
        }
        return out;
    }

    private static void paste(Image from, Image to, HoleComponents holes, boolean[] wide, boolean which) {
        Mask where = select(Mask.empty(to.width(), to.height()), holes, wide, which);
        to.paste(from, 0, 0, where);
    }
}
