package dev.unmark.detect;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs several detectors on the same image and joins what they find: the union of their masks, all their
 * regions, and the largest opacity any of them estimates per pixel. This is {@code auto}: each member covers a
 * kind of mark the others miss (text lines, tiled grids, neutral overlays).
 */
public final class CombinedDetector implements WatermarkDetector {

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
        Mask mask = Mask.empty(image.width(), image.height());
        List<Region> regions = new ArrayList<>();
        float[] alpha = null;
        for (WatermarkDetector member : members) {
            Detection d = member.detect(image);
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
}
