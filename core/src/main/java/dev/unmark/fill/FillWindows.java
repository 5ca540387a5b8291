package dev.unmark.fill;

import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import dev.unmark.image.Rect;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where a network that sees a fixed window looks: the crop strategy of IOPaint's {@code InpaintModel} (a crop
 * around each hole with context, resized only when larger than the network's input, only the hole pasted back),
 * with windows the size of the network's input so that a small hole gets as much context as the network can take
 * at full resolution.
 *
 * <p>Holes whose context margins touch share a window as long as the shared window needs no downscaling; a hole
 * bigger than that gets a window of its own, downscaled to the network's size. The filling order of the windows
 * is the list's; holes of later windows stay masked while earlier windows run.
 */
final class FillWindows {

    private FillWindows() {
    }

    /**
     * One window: the image area the network sees, the boxes of the holes it fills, and the size the area is
     * scaled to before it is padded to the network's input size.
     *
     * @param crop        the image area, inside the image
     * @param holes       bounding boxes of the mask components this window fills, in image coordinates
     * @param inputWidth  width of the crop as fed, {@code crop.width()} unless the crop is downscaled
     * @param inputHeight height of the crop as fed
     */
    record Window(Rect crop, List<Rect> holes, int inputWidth, int inputHeight) {

        boolean downscaled() {
            return inputWidth != crop.width() || inputHeight != crop.height();
        }
    }

    /**
     * Plans the windows for {@code mask} and a network taking {@code netWidth x netHeight} pixels.
     *
     * @param margin context in image pixels wanted on every side of a hole; at least 1
     */
    static List<Window> plan(Mask mask, int netWidth, int netHeight, int margin) {
        if (margin < 1 || netWidth < 1 || netHeight < 1) {
            throw new IllegalArgumentException("margin and network size must be positive, got " + margin + ", "
                    + netWidth + "x" + netHeight);
        }
        Rect marked = mask.setBounds();
        if (marked.isEmpty()) {
            return List.of();
        }
        // Labelled inside the marked box only, so a small mark on a large photo costs one byte scan of the mask.
        List<Rect> boxes = new ArrayList<>();
        for (Rect b : Masks.componentBoxes(mask.crop(marked))) {
            boxes.add(new Rect(b.x() + marked.x(), b.y() + marked.y(), b.width(), b.height()));
        }
        boxes.sort(Comparator.comparingInt(Rect::y).thenComparingInt(Rect::x));
        Planner planner = new Planner(mask.width(), mask.height(), netWidth, netHeight, margin);
        List<Group> groups = new ArrayList<>();
        for (Rect b : boxes) {
            Group single = new Group(b);
            Group home = null;
            for (Group g : groups) {
                if (planner.mayJoin(g, single)) {
                    home = g;
                    break;
                }
            }
            if (home == null) {
                groups.add(single);
            } else {
                home.addAll(single);
            }
        }
        // One greedy pass can leave two groups that now fit together, or must join; join them too.
        boolean joined = true;
        while (joined) {
            joined = false;
            outer:
            for (int i = 0; i < groups.size(); i++) {
                for (int j = i + 1; j < groups.size(); j++) {
                    if (planner.mayJoin(groups.get(i), groups.get(j))) {
                        groups.get(i).addAll(groups.remove(j));
                        joined = true;
                        break outer;
                    }
                }
            }
        }
        List<Window> windows = new ArrayList<>();
        for (Group g : groups) {
            windows.add(planner.window(g));
        }
        return windows;
    }

    private static final class Group {
        final List<Rect> members = new ArrayList<>();
        Rect union;

        Group(Rect first) {
            members.add(first);
            union = first;
        }

        /** Whether a hole box of this group overlaps one of {@code other}'s. */
        boolean overlaps(Group other) {
            for (Rect a : members) {
                for (Rect b : other.members) {
                    if (a.intersects(b)) {
                        return true;
                    }
                }
            }
            return false;
        }

        void addAll(Group other) {
            members.addAll(other.members);
            union = union.union(other.union);
        }
    }

    private record Planner(int imageWidth, int imageHeight, int netWidth, int netHeight, int margin) {

        /**
         * Two groups share a window when their margins touch and the shared window needs no downscaling, and always
         * when hole boxes of the two overlap: a window fills the mask pixels inside its hole boxes, so a box must
         * never hold another window's pixels.
         */
        boolean mayJoin(Group a, Group b) {
            if (a.overlaps(b)) {
                return true;
            }
            Rect bounds = Rect.of(imageWidth, imageHeight);
            if (!a.union.expand(margin).intersect(bounds).intersects(b.union.expand(margin).intersect(bounds))) {
                return false;
            }
            Rect u = a.union.union(b.union);
            return needWidth(u) <= netWidth && needHeight(u) <= netHeight;
        }

        /** The hole plus its margin on both sides, but never more than the image has. */
        int needWidth(Rect holes) {
            return (int) Math.min(imageWidth, (long) holes.width() + 2L * margin);
        }

        int needHeight(Rect holes) {
            return (int) Math.min(imageHeight, (long) holes.height() + 2L * margin);
        }

        /**
         * A window with the network's aspect ratio, at least the network's size and the holes plus margin,
         * centred on the holes and moved (not clipped) to lie inside the image where the image is large enough.
         */
        Window window(Group g) {
            Rect u = g.union;
            double scale = Math.max(1.0, Math.max(needWidth(u) / (double) netWidth, needHeight(u) / (double) netHeight));
            int w = (int) Math.min(imageWidth, (long) Math.ceil(netWidth * scale - 1e-9));
            int h = (int) Math.min(imageHeight, (long) Math.ceil(netHeight * scale - 1e-9));
            int x = clamp(u.x() + u.width() / 2 - w / 2, 0, imageWidth - w);
            int y = clamp(u.y() + u.height() / 2 - h / 2, 0, imageHeight - h);
            int inW = w, inH = h;
            if (scale > 1.0) {
                inW = clamp((int) Math.round(w / scale), 1, netWidth);
                inH = clamp((int) Math.round(h / scale), 1, netHeight);
            }
            return new Window(new Rect(x, y, w, h), List.copyOf(g.members), inW, inH);
        }

        private static int clamp(int v, int lo, int hi) {
            return Math.max(lo, Math.min(hi, v));
        }
    }
}
