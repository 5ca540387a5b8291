package dev.unmark.learn;

import dev.unmark.image.Image;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A bounded, uniform sample of a collection's images of one size, kept as 8-bit RGB: the learner's reduce state.
 * Each image gets a pseudo-random priority from its index in the collection and the sample keeps the
 * {@code capacity} lowest (bottom-k sampling), so the result depends neither on the order images arrive in nor on
 * how the collection was split: {@link #merge} of the samples of any partition equals the sample of the whole, as a
 * distributed reduce needs. Thread-safe.
 */
public final class ImageSample {

    /** One kept image: its index in the collection, its name for reports and its samples. */
    record Entry(long index, long priority, String name, byte[] rgb) {
    }

    private final int width;
    private final int height;
    private final int capacity;
    private final List<Entry> kept = new ArrayList<>();
    private long seen;
    private long otherSize;

    public ImageSample(int width, int height, int capacity) {
        if (width <= 0 || height <= 0 || capacity < 1) {
            throw new IllegalArgumentException("bad sample " + width + "x" + height + " of " + capacity);
        }
        this.width = width;
        this.height = height;
        this.capacity = capacity;
    }

    /** The map step for one image: offers it to the sample; an image of another size is only counted. */
    public synchronized void add(long index, String name, Image image) {
        if (image.width() != width || image.height() != height) {
            otherSize++;
            return;
        }
        seen++;
        long priority = priority(index);
        if (kept.size() >= capacity && priority >= kept.get(kept.size() - 1).priority()) {
            return;
        }
        float[] src = image.rgb();
        byte[] rgb = new byte[src.length];
        for (int i = 0; i < src.length; i++) {
            rgb[i] = (byte) Math.max(0, Math.min(255, Math.round(src[i])));
        }
        insert(new Entry(index, priority, name, rgb));
    }

    /** The reduce step: this sample and {@code other}'s, as if every image had been added here. */
    public synchronized void merge(ImageSample other) {
        if (other.width != width || other.height != height) {
            otherSize += other.seen + other.otherSize;
            return;
        }
        List<Entry> theirs;
        synchronized (other) {
            theirs = new ArrayList<>(other.kept);
            seen += other.seen;
            otherSize += other.otherSize;
        }
        for (Entry e : theirs) {
            if (kept.size() < capacity || e.priority() < kept.get(kept.size() - 1).priority()) {
                insert(e);
            }
        }
    }

    private void insert(Entry e) {
        kept.add(e);
        kept.sort(Comparator.comparingLong(Entry::priority));
        if (kept.size() > capacity) {
            kept.remove(kept.size() - 1);
        }
    }

    /** SplitMix64 of the index: a fixed pseudo-random order of the collection. */
    private static long priority(long index) {
        long z = index + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (z ^ (z >>> 31)) >>> 1;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Images of this size offered so far (kept or not). */
    public synchronized long seen() {
        return seen;
    }

    /** Images offered that had another size (not used: the mark is assumed to keep its pixel size and place). */
    public synchronized long otherSize() {
        return otherSize;
    }

    /** The kept images, in collection order. */
    synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>(kept);
        out.sort(Comparator.comparingLong(Entry::index));
        return out;
    }
}
