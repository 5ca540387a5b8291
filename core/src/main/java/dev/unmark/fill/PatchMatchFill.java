package dev.unmark.fill;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ForkJoinTask;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;

/**
 * Exemplar-based completion, {@code --fill patch}: multi-scale PatchMatch with iterated voting (Barnes et al. 2009,
 * Wexler et al. 2007; the algorithm is in {@link PatchMatchCompletion}). Copies texture and continues edges from
 * around each hole, where diffusion fills (Telea, Navier-Stokes) smear anything wider than a few pixels.
 *
 * <p>Each connected component of the mask is filled from its own neighbourhood: its box grown by
 * {@link PatchConfig#neighbourhood()} times its width (within the configured margins), so the cost follows the mark,
 * not the photo, and content from far away does not leak in. Neighbourhoods that overlap are merged; merged
 * neighbourhoods are disjoint, so they are filled in parallel and the result does not depend on their order. Every
 * masked pixel in a neighbourhood is a hole, never a source. The same seed gives the same output.
 */
public final class PatchMatchFill implements FillEngine {

    private final PatchConfig config;

    public PatchMatchFill(PatchConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public static PatchMatchFill defaults() {
        return new PatchMatchFill(PatchConfig.defaults());
    }

    public PatchConfig config() {
        return config;
    }

    @Override
    public String name() {
        return "patch";
    }

    @Override
    public Image fill(Image image, Mask mask) {
        Image out = image.copy();
        fillInPlace(out, mask);
        return out;
    }

    @Override
    public void fillInPlace(Image image, Mask mask) {
        checkSize(image, mask);
        HoleComponents holes = HoleComponents.of(mask);
        boolean[] all = new boolean[holes.count() + 1];
        java.util.Arrays.fill(all, true);
        fillComponents(image, mask, holes, all);
    }

    static void checkSize(Image image, Mask mask) {
        if (mask.width() != image.width() || mask.height() != image.height()) {
            throw new IllegalArgumentException("mask is " + mask.width() + "x" + mask.height() + " but image is "
                    + image.width() + "x" + image.height());
        }
    }

    /**
     * Fills the components {@code k} with {@code selected[k]}, writing only their pixels; every pixel of {@code mask}
     * counts as a hole, so the others are never sources either.
     */
    void fillComponents(Image image, Mask mask, HoleComponents holes, boolean[] selected) {
        fillComponents(image, mask, holes, selected, AHEAD_PIXELS);
    }

    /** As above, forking ahead the diffusions of up to {@code aheadPixels} of crops (tests vary it). */
    void fillComponents(Image image, Mask mask, HoleComponents holes, boolean[] selected, long aheadPixels) {
        List<Group> groups = groups(holes, selected, image.bounds());
        // Each wide neighbourhood's diffusion (one core: OpenCV's Telea, then the shade network) is independent of
        // its completion. When running in parallel, those of the first AHEAD_PIXELS of crops are forked before the
        // completions start, so a core that runs out of completions takes them up (a 12 MP photo with three lines
        // of text: three neighbourhoods on two cores); the others are forked when their completion starts, so a
        // photo with many large neighbourhoods does not hold all their copies at once.
        AtomicReferenceArray<ForkJoinTask<DiffusionLowPass>> ahead = new AtomicReferenceArray<>(groups.size());
        if (config.parallel()) {
            long room = aheadPixels;
            for (int i = 0; i < groups.size(); i++) {
                long pixels = (long) groups.get(i).crop().width() * groups.get(i).crop().height();
                ForkJoinTask<DiffusionLowPass> d = pixels <= room ? diffusion(image, mask, groups.get(i)) : null;
                if (d != null) {
                    room -= pixels;
                    ahead.set(i, d.fork());
                }
            }
        }
        IntStream ids = IntStream.range(0, groups.size());
        // getAndSet: a finished group's crops and diffusion are released as soon as it is written back.
        (config.parallel() ? ids.parallel() : ids).forEach(
                g -> fillGroup(image, mask, holes, selected, groups.get(g), ahead.getAndSet(g, null)));
    }

    /**
     * Most crop pixels whose diffusions are forked before the completions start: a crop pixel held that way costs
     * about 30 bytes (the crop, its hole and the diffusion), so about 120 MB.
     */
    static final long AHEAD_PIXELS = 4_000_000;

    /** The diffusion whose low frequencies a neighbourhood's completion takes, or null for holes too narrow. */
    private ForkJoinTask<DiffusionLowPass> diffusion(Image image, Mask mask, Group g) {
        double sigma = config.lowPass() * g.width();
        if (sigma < DiffusionLowPass.MIN_SIGMA) {
            return null;
        }
        Image before = image.crop(g.crop());
        byte[] hole = mask.crop(g.crop()).data();
        double shadeWidth = config.shade() ? g.width() : 0;
        return ForkJoinTask.adapt(() -> DiffusionLowPass.of(before, hole, sigma, shadeWidth));
    }

    /** A neighbourhood: the crop that one or more components are filled from, and their widest width. */
    private record Group(Rect crop, float width) {
    }

    private List<Group> groups(HoleComponents holes, boolean[] selected, Rect bounds) {
        List<Rect> crops = new ArrayList<>();
        List<Float> widths = new ArrayList<>();
        for (int k = 1; k <= holes.count(); k++) {
            if (selected[k]) {
                crops.add(holes.box(k).expand(config.margin(holes.width(k))).intersect(bounds));
                widths.add(holes.width(k));
            }
        }
        // Merge overlapping neighbourhoods until none overlap (a merged box can reach a third one).
        boolean merged = true;
        while (merged) {
            merged = false;
            for (int i = 0; i < crops.size(); i++) {
                for (int j = crops.size() - 1; j > i; j--) {
                    if (crops.get(i).intersects(crops.get(j))) {
                        crops.set(i, crops.get(i).union(crops.remove(j)));
                        widths.set(i, Math.max(widths.get(i), widths.remove(j)));
                        merged = true;
                    }
                }
            }
        }
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < crops.size(); i++) {
            groups.add(new Group(crops.get(i), widths.get(i)));
        }
        return groups;
    }

    private void fillGroup(Image image, Mask mask, HoleComponents holes, boolean[] selected, Group g,
                           ForkJoinTask<DiffusionLowPass> ahead) {
        ForkJoinTask<DiffusionLowPass> diffusion = ahead != null ? ahead : diffusion(image, mask, g);
        if (ahead == null && diffusion != null && config.parallel()) {
            diffusion.fork();
        }
        Rect crop = g.crop();
        Image part = image.crop(crop);
        byte[] hole = mask.crop(crop).data();
        // The seed depends on where the neighbourhood is, not on the order neighbourhoods are processed in.
        long seed = PatchMatchCompletion.mix(config.seed() ^ PatchMatchCompletion.mix(
                ((long) crop.x() << 32) ^ crop.y() ^ ((long) crop.width() << 48) ^ ((long) crop.height() << 16)));
        // How much the sources disagree, where the result is to be shrunk toward the diffusion.
        float[] spread = diffusion != null && config.exemplarWeight() < 1 ? new float[crop.width() * crop.height()]
                : null;
        new PatchMatchCompletion(config, seed).complete(part.rgb(), hole, crop.width(), crop.height(), g.width(),
                spread);
        DiffusionLowPass low = diffusion == null ? null : config.parallel() ? diffusion.join() : diffusion.invoke();
        if (low != null) {
            low.apply(part, hole, config.exemplarWeight(), spread);
        }
        float[] src = part.rgb(), dst = image.rgb();
        int w = image.width();
        for (int y = 0; y < crop.height(); y++) {
            for (int x = 0; x < crop.width(); x++) {
                int k = holes.labelAt(crop.x() + x, crop.y() + y);
                if (k != 0 && selected[k]) {
                    int s = (y * crop.width() + x) * 3, d = ((crop.y() + y) * w + crop.x() + x) * 3;
                    dst[d] = src[s];
                    dst[d + 1] = src[s + 1];
                    dst[d + 2] = src[s + 2];
                }
            }
        }
    }
}
