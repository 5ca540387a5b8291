package dev.unmark.learn;

import dev.unmark.image.Image;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A bounded, uniform sample of a collection's images, kept as 8-bit RGB: the learner's reduce state. Each image
 * gets a pseudo-random priority from its index in the collection and the sample keeps the {@code capacity} lowest
 * (bottom-k sampling), whatever their sizes, as far as they fit in {@code maxBytes} together (the lowest-priority
 * prefix that fits: 48 photos of 12 MP are 1.7 GB, and learning needs about four times the sample's bytes), and
 * counts the images of each size it was offered; so the result
 * depends neither on the order images arrive in nor on how the collection was split: {@link #merge} of the samples
 * of any partition equals the sample of the whole, as a distributed reduce needs. Thread-safe.
 */
public final class ImageSample {

    /** One kept image: its index in the collection, its name for reports, its size and its samples. */
    record Entry(long index, long priority, String name, int width, int height, byte[] rgb) {

        boolean hasSize(int w, int h) {
            return width == w && height == h;
        }
    }

    private final int capacity;
    private final long maxBytes;
    private final List<Entry> kept = new ArrayList<>();
    private long keptBytes;
    /** Images offered per size ({@code width << 32 | height}). */
    private final Map<Long, Long> sizes = new HashMap<>();
    private long seen;

    public ImageSample(int capacity) {
        this(capacity, Long.MAX_VALUE);
    }

    /** A sample of at most {@code capacity} images and {@code maxBytes} of pixels (at least one image is kept). */
    public ImageSample(int capacity, long maxBytes) {
        if (capacity < 1 || maxBytes < 1) {
            throw new IllegalArgumentException("bad sample capacity " + capacity + " / " + maxBytes + " bytes");
        }
        this.capacity = capacity;
        this.maxBytes = maxBytes;
    }

    /** The map step for one image: counts it and offers it to the sample. */
    public synchronized void add(long index, String name, Image image) {
        seen++;
        sizes.merge(key(image.width(), image.height()), 1L, Long::sum);
        long priority = priority(index);
        if (!kept.isEmpty() && priority >= kept.get(kept.size() - 1).priority() && (kept.size() >= capacity
                || keptBytes + 3L * image.width() * image.height() > maxBytes)) {
            return; // it would come last and not fit
        }
        float[] src = image.rgb();
        byte[] rgb = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            rgb[i] = (byte) Math.max(0, Math.min(255, Math.round(src[i])));
        }
        insert(new Entry(index, priority, name, image.width(), image.height(), rgb));
    }

    /** The reduce step: this sample and {@code other}'s, as if every image had been added here. */
    public synchronized void merge(ImageSample other) {
        List<Entry> theirs;
        synchronized (other) {
            theirs = new ArrayList<>(other.kept);
            seen += other.seen;
            other.sizes.forEach((k, v) -> sizes.merge(k, v, Long::sum));
        }
        for (Entry e : theirs) {
            insert(e);
        }
    }

    /** Adds {@code e} and keeps the lowest-priority prefix within the capacity and the bytes. */
    private void insert(Entry e) {
        kept.add(e);
        kept.sort(Comparator.comparingLong(Entry::priority));
        long bytes = 0;
        int keep = 0;
        for (Entry k : kept) {
            if (keep == capacity || keep > 0 && bytes + k.rgb().length > maxBytes) {
                break;
            }
            bytes += k.rgb().length;
            keep++;
        }
        kept.subList(keep, kept.size()).clear();
        keptBytes = bytes;
    }

    /** SplitMix64 of the index: a fixed pseudo-random order of the collection. */
    private static long priority(long index) {
        long z = index + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }

    private static long key(int w, int h) {
        return (long) w << 32 | h;
    }

    /** Images offered so far, of every size (kept or not). */
    public synchronized long seen() {
        return seen;
    }

    /** Images of {@code w x h} offered so far. */
    public synchronized long seen(int w, int h) {
        return sizes.getOrDefault(key(w, h), 0L);
    }

    /**
     * The size the learner works in: the one with the most kept images (ties: the most offered, then the smaller
     * area), as {@code {width, height}}; null for an empty sample.
     */
    public synchronized int[] commonestSize() {
        Map<Long, Integer> count = new HashMap<>();
        for (Entry e : kept) {
            count.merge(key(e.width(), e.height()), 1, Integer::sum);
        }
        Comparator<Long> order = Comparator.<Long>comparingInt(count::get)
                .thenComparingLong(k -> sizes.getOrDefault(k, 0L))
                .thenComparingLong(k -> -(k >>> 32) * (k & 0xffffffffL));
        return count.keySet().stream().max(order)
                .map(k -> new int[] {(int) (k >>> 32), (int) (k & 0xffffffffL)})
                .orElse(null);
    }

    /** The kept images, in collection order. */
    synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(kept);
        out.sort(Comparator.comparingLong(Entry::index));
        return out;
    }
}
