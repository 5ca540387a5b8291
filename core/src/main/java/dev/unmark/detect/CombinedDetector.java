package dev.unmark.detect;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import dev.unmark.image.Rect;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs several detectors on the same image and joins what they find: the union of their masks, all their
 * regions, and the largest opacity any of them estimates per pixel. This is {@code auto}: each member covers a
 * kind of mark the others miss (text lines, tiled grids, neutral overlays).
 *
 * <p>When a member finds a tiled grid ({@link TiledDetector#KIND}), other members' regions that lie mostly on the
 * grid's strokes are the same mark seen piecewise (DBNet reads a grid's words as text lines), and their stroke
 * masks are looser than the grid's median tile: such a region is dropped, with its own pixels, when at least
 * {@link #ON_GRID_SHARE} of them are within {@link #ON_GRID_RADIUS} px of the grid mask. Marks off the grid (a
 * copyright line beside it) stay.
 */
public final class CombinedDetector implements WatermarkDetector {

    /** Share of a region's pixels near the grid's mask from which it counts as part of the grid. */
    static final double ON_GRID_SHARE = 0.5;

    /** Pixels by which the grid mask is grown for that test: the text mask's antialiased rims lie just outside. */
    static final int ON_GRID_RADIUS = 3;

    private final String name;
    private final List<WatermarkDetector> members;

    public CombinedDetector(String name, List<WatermarkDetector> members) {
        this.name = Objects.requireNonNull(name, "name");
        this.members = List.copyOf(members);
        if (this.members.isEmpty()) {
            throw new IllegalArgumentException("a combined detector needs at least one member");
        }
    }

    @Override
    public String name() {
        return name;
    }

    public List<WatermarkDetector> members() {
        return members;
    }

    @Override
    public Detection detect(Image image) {
        List<Detection> found = new ArrayList<>();
        Mask grid = null;
        for (WatermarkDetector member : members) {
            Detection d = member.detect(image);
            if (d.isEmpty()) {
                continue;
            }
            found.add(d);
            if (d.regions().stream().anyMatch(r -> r.kind().equals(TiledDetector.KIND))) {
                grid = grid == null ? d.mask().copy() : grid.or(d.mask());
            }
        }
        if (grid != null) {
            Mask near = Masks.dilate(grid, ON_GRID_RADIUS);
            for (int k = 0; k < found.size(); k++) {
                found.set(k, found.get(k).keep(r -> r.kind().equals(TiledDetector.KIND) || !onGrid(r, near)));
            }
        }
        Mask mask = Mask.empty(image.width(), image.height());
        List<Region> regions = new ArrayList<>();
        float[] alpha = null;
        for (Detection d : found) {
            if (d.isEmpty()) {
                continue;
            }
            mask.or(d.mask());
            regions.addAll(d.regions());
            if (d.alpha() != null) {
                if (alpha == null) {
                    alpha = d.alpha().clone();
                } else {
                    float[] a = d.alpha();
                    for (int i = 0; i < alpha.length; i++) {
                        alpha[i] = Math.max(alpha[i], a[i]);
                    }
                }
            }
        }
        return new Detection(mask, regions, alpha);
    }

    /**
     * Whether at least {@link #ON_GRID_SHARE} of the region's own pixels (its box when it has no mask) are set in
     * {@code near}.
     */
    static boolean onGrid(Region r, Mask near) {
        Rect b = r.box();
        long on = 0, all = 0;
        for (int y = 0; y < b.height(); y++) {
            for (int x = 0; x < b.width(); x++) {
                if (r.mask() != null && !r.mask().isSet(x, y)) {
                    continue;
                }
                all++;
                if (near.isSet(b.x() + x, b.y() + y)) {
                    on++;
                }
            }
        }
        return all > 0 && on >= ON_GRID_SHARE * all;
    }
}
