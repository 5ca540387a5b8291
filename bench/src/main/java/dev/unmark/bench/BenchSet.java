package dev.unmark.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unmark.UnmarkException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * One benchmark set on disk: {@code input/ clean/ mask/ alpha/ wm/} and a {@code meta.jsonl} that lists the
 * images with their paths relative to the set.
 *
 * @param label the name used in reports, e.g. {@code clwd256} or {@code collection/g1}
 */
public record BenchSet(String label, Path dir, List<Item> items) {

    public BenchSet {
        items = List.copyOf(items);
        if (label.isBlank()) {
            throw new IllegalArgumentException("set label is blank");
        }
    }

    /**
     * One image of a set; paths are absolute (resolved against the set).
     *
     * @param template the known watermark (RGBA) stamped on this image, for {@code kind: template} items (the meta's
     *                 {@code logo}, relative to the set), else null; what a user of {@code --template} would have
     */
    public record Item(String name, Path input, Path clean, Path mask, Path alpha, Path wm, int width, int height,
                       Path template) {
        public Item {
            if (name.isBlank() || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException("bad image name '" + name + "'");
            }
        }

        /**
         * Whether the input file is lossy (JPEG, WebP), as {@code Unmark.removeFile} decides from the decoded format:
         * reversing a blend on it is regularised for the compression noise.
         */
        public boolean lossyInput() {
            String in = input.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
            return in.endsWith(".jpg") || in.endsWith(".jpeg") || in.endsWith(".webp");
        }

        /** An item without a template. */
        public Item(String name, Path input, Path clean, Path mask, Path alpha, Path wm, int width, int height) {
            this(name, input, clean, mask, alpha, wm, width, height, null);
        }
    }

    /** True when {@code dir} holds a {@code meta.jsonl}. */
    public static boolean isSet(Path dir) {
        return Files.isRegularFile(dir.resolve("meta.jsonl"));
    }

    /**
     * The sets at {@code dir}: the set itself, or, for a folder of sets (such as {@code collection/}), each
     * sub-folder that is one, in name order.
     */
    public static List<BenchSet> open(Path dir) {
        if (isSet(dir)) {
            return List.of(load(dir));
        }
        if (!Files.isDirectory(dir)) {
            throw new UnmarkException(dir + ": no such set folder");
        }
        List<BenchSet> sets = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(BenchSet::isSet).sorted().forEach(p -> sets.add(load(p)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (sets.isEmpty()) {
            throw new UnmarkException(dir + ": neither a set (meta.jsonl) nor a folder of sets");
        }
        return sets;
    }

    /** Loads one set from its {@code meta.jsonl}. */
    public static BenchSet load(Path dir) {
        Path meta = dir.resolve("meta.jsonl");
        ObjectMapper json = new ObjectMapper();
        List<Item> items = new ArrayList<>();
        try {
            int lineNo = 0;
            for (String line : Files.readAllLines(meta)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode n = json.readTree(line);
                String name = text(n, "name", meta, lineNo);
                items.add(new Item(name, dir.resolve(text(n, "input", meta, lineNo)),
                        dir.resolve(text(n, "clean", meta, lineNo)), dir.resolve(text(n, "mask", meta, lineNo)),
                        optional(dir, n, "alpha"), optional(dir, n, "wm"),
                        n.path("width").asInt(0), n.path("height").asInt(0),
                        "template".equals(n.path("kind").asText()) ? optional(dir, n, "logo") : null));
            }
        } catch (IOException e) {
            throw new UnmarkException(meta + ": " + e.getMessage(), e);
        }
        return new BenchSet(labelOf(dir), dir, items);
    }

    private static String text(JsonNode n, String field, Path meta, int line) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new UnmarkException(meta + ":" + line + ": missing \"" + field + "\"");
        }
        return v.asText();
    }

    private static Path optional(Path dir, JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : dir.resolve(v.asText());
    }

    /** The folder's name, prefixed with its parent's when the parent is itself a group of sets (not "sets"). */
    static String labelOf(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        String name = abs.getFileName().toString();
        if (parent != null && parent.getParent() != null && !isSet(parent)
                && parent.getParent().getFileName() != null
                && parent.getParent().getFileName().toString().equals("sets")) {
            return parent.getFileName() + "/" + name;
        }
        return name;
    }

    /** The label made safe as one folder name. */
    public String fileLabel() {
        return label.replace('/', '-');
    }
}
