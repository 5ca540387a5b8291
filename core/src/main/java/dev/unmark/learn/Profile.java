package dev.unmark.learn;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.image.Rect;
import dev.unmark.io.AtomicFiles;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.ImageFormat;
import dev.unmark.io.ReadOptions;
import dev.unmark.io.WriteOptions;
import dev.unmark.matte.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A learned watermark: the mark itself as an RGBA image (straight alpha = opacity, RGB = its colour {@code W}), where
 * it sits in the images it was learned from, and how it was learned.
 *
 * <p>On disk ({@link #write}) a profile is two files: {@code NAME} (e.g. {@code wm.profile}), a small flat JSON
 * object, and {@code NAME.png}, the mark as an RGBA PNG, which {@code --template} also reads as an ordinary template.
 * The JSON's keys: {@code format} ("unmark-profile"), {@code version} (1), {@code mark} (the PNG's file name, next to
 * the JSON), {@code image_width} / {@code image_height} (the commonest size among the images learned from, where
 * the mark was found), {@code x} / {@code y}
 * (the mark PNG's top-left corner in those images), {@code width} / {@code height} (the PNG's size),
 * {@code anchor_x} ("left", "centre" or "right") / {@code anchor_y} ("top", "centre", "bottom": which edge of an image
 * of another size the mark keeps its distance to), {@code images_sampled}, {@code images_used} (those the mark was
 * found in, of every size), {@code images_seen} (images offered, of every size), {@code residual} (RMS misfit of the colour
 * integration, levels), {@code initial_contrast} (peak of the
 * Poisson reconstruction of the median gradients: how far the mark moves the average photo, levels), {@code created} (ISO-8601 instant).
 */
public final class Profile {

    public static final String FORMAT = "unmark-profile";

    private final Image mark;
    private final int x;
    private final int y;
    private final int imageWidth;
    private final int imageHeight;
    private final Map<String, Object> provenance;
    private Template template;

    private Profile(Image mark, int x, int y, int imageWidth, int imageHeight, Map<String, Object> provenance) {
        this.mark = mark;
        this.x = x;
        this.y = y;
        this.imageWidth = imageWidth;
        this.imageHeight = imageHeight;
        this.provenance = provenance;
    }

    /** A profile from a learned box-sized RGBA matte; cropped to the mark with a 1 px transparent border. */
    static Profile of(Image rgba, Rect box, int imageWidth, int imageHeight, int sampled, int used, long seen,
                      double residual, float[] initial) {
        float peak = 0;
        for (float v : initial) {
            peak = Math.max(peak, Math.abs(v));
        }
        float[] a = rgba.alpha();
        int w = rgba.width(), minX = w, minY = rgba.height(), maxX = -1, maxY = -1;
        for (int p = 0; p < a.length; p++) {
            if (a[p] >= 0.5f) {
                minX = Math.min(minX, p % w);
                maxX = Math.max(maxX, p % w);
                minY = Math.min(minY, p / w);
                maxY = Math.max(maxY, p / w);
            }
        }
        if (maxX < 0) {
            throw new UnmarkException("no shared watermark found: the learned opacity is 0 everywhere");
        }
        Rect tight = new Rect(minX, minY, maxX - minX + 1, maxY - minY + 1).expand(1).intersect(rgba.bounds());
        Map<String, Object> prov = new LinkedHashMap<>();
        prov.put("images_sampled", sampled);
        prov.put("images_used", used);
        prov.put("images_seen", seen);
        prov.put("residual", Math.round(residual * 1000) / 1000.0);
        prov.put("initial_contrast", Math.round(peak * 10) / 10.0);
        prov.put("created", Instant.now().toString());
        return new Profile(rgba.crop(tight), box.x() + tight.x(), box.y() + tight.y(), imageWidth, imageHeight, prov);
    }

    /** The mark as a template (for {@link dev.unmark.matte.TemplateMatcher} or a matte). */
    public synchronized Template template() {
        if (template == null) {
            template = Template.of(FORMAT, mark);
        }
        return template;
    }

    /** The mark: RGBA, straight alpha 0-255 (opacity), RGB its colour; live, do not modify. */
    public Image mark() {
        return mark;
    }

    public int x() {
        return x;
    }

    public int y() {
        return y;
    }

    public int imageWidth() {
        return imageWidth;
    }

    public int imageHeight() {
        return imageHeight;
    }

    /** images_sampled, images_used, images_seen, residual, created. */
    public Map<String, Object> provenance() {
        return Map.copyOf(provenance);
    }

    /**
     * Gaps to the two edges (as a share of the frame) within which a mark counts as centred rather than kept at the
     * nearer edge.
     */
    static final double CENTRED = 0.1;

    /**
     * Which edge the mark keeps its distance to horizontally: the nearer one, or the centre where the gaps to both
     * edges are within {@link #CENTRED} of the width of each other. By the gaps rather than by where the mark's centre
     * lies: a long text line in a corner has its centre in the middle of the frame.
     */
    public String anchorX() {
        return anchor(x, mark.width(), imageWidth, "left", "right");
    }

    public String anchorY() {
        return anchor(y, mark.height(), imageHeight, "top", "bottom");
    }

    private static String anchor(int pos, int size, int frame, String low, String high) {
        int before = pos, after = frame - pos - size;
        return Math.abs(before - after) <= CENTRED * frame ? "centre" : before < after ? low : high;
    }

    /** Where the mark's top-left corner is expected in an image of {@code w x h}, by the anchors. */
    public int[] expectedAt(int w, int h) {
        return expectedAt(new Rect(x, y, mark.width(), mark.height()), imageWidth, imageHeight, w, h);
    }

    /**
     * Where the top-left corner of {@code box}, found in images of {@code learnedW x learnedH}, is expected in an
     * image of {@code w x h}: the same pixel size, and the same distance to the nearer edge of each axis, or the same
     * offset from the centre (see {@link #anchorX()}).
     */
    static int[] expectedAt(Rect box, int learnedW, int learnedH, int w, int h) {
        return new int[] {
            place(box.x(), box.width(), learnedW, w, anchor(box.x(), box.width(), learnedW, "left", "right")),
            place(box.y(), box.height(), learnedH, h, anchor(box.y(), box.height(), learnedH, "top", "bottom"))};
    }

    private static int place(int pos, int size, int learned, int actual, String anchor) {
        return switch (anchor) {
            case "left", "top" -> pos;
            case "right", "bottom" -> actual - (learned - pos);
            default -> (int) Math.round(pos + size / 2.0 - learned / 2.0 + actual / 2.0 - size / 2.0);
        };
    }

    /** Path of the mark PNG that goes with a profile file. */
    public static Path markPath(Path profile) {
        return profile.resolveSibling(profile.getFileName() + ".png");
    }

    /** Writes {@code file} (JSON) and {@code file.png} (the mark), each atomically. */
    public void write(Path file) {
        Path png = markPath(file);
        ImageFiles.write(png, mark, WriteOptions.defaults(ImageFormat.PNG));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", 1);
        m.put("mark", png.getFileName().toString());
        m.put("image_width", imageWidth);
        m.put("image_height", imageHeight);
        m.put("x", x);
        m.put("y", y);
        m.put("width", mark.width());
        m.put("height", mark.height());
        m.put("anchor_x", anchorX());
        m.put("anchor_y", anchorY());
        m.putAll(provenance);
        String json = toJson(m) + "\n";
        AtomicFiles.write(file, out -> out.write(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The profile as one JSON object (the file's content). */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("x", x);
        m.put("y", y);
        m.put("width", mark.width());
        m.put("height", mark.height());
        m.put("image_width", imageWidth);
        m.put("image_height", imageHeight);
        m.putAll(provenance);
        return toJson(m);
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    static String toJson(Map<String, Object> m) {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("profile fields are plain numbers and strings", e);
        }
    }

    /**
     * Reads a profile written by {@link #write}.
     *
     * @throws UnmarkException naming the file when it is missing, not a profile, or its mark PNG is unusable
     */
    public static Profile read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UnmarkException(file + ": cannot read the profile: " + (e instanceof java.nio.file
                    .NoSuchFileException ? "no such file" : e.getMessage()), e);
        } catch (java.io.UncheckedIOException e) {
            throw new UnmarkException(file + ": not a profile (not UTF-8 text)", e);
        }
        Map<String, String> f = new LinkedHashMap<>();
        try {
            JsonNode root = JSON.readTree(text);
            if (root != null && root.isObject()) {
                root.fields().forEachRemaining(e -> {
                    if (e.getValue().isValueNode()) {
                        f.put(e.getKey(), e.getValue().asText());
                    }
                });
            }
        } catch (JsonProcessingException e) {
            throw new UnmarkException(file + ": not an unmark profile (not JSON: " + e.getOriginalMessage() + ")", e);
        }
        if (!FORMAT.equals(f.get("format"))) {
            throw new UnmarkException(file + ": not an unmark profile (no \"format\": \"" + FORMAT + "\")");
        }
        try {
            String markName = f.get("mark");
            if (markName == null || markName.contains("/") || markName.contains("\\")) {
                throw new UnmarkException(file + ": the profile names no mark PNG next to it");
            }
            Image mark = ImageFiles.read(file.resolveSibling(markName), new ReadOptions(Template.MAX_PIXELS)).image();
            if (!mark.hasAlpha()) {
                throw new UnmarkException(file.resolveSibling(markName) + ": the mark has no alpha channel");
            }
            int iw = Integer.parseInt(f.get("image_width")), ih = Integer.parseInt(f.get("image_height"));
            int x = Integer.parseInt(f.get("x")), y = Integer.parseInt(f.get("y"));
            if (iw <= 0 || ih <= 0) {
                throw new UnmarkException(file + ": image size " + iw + "x" + ih + " is not positive");
            }
            Map<String, Object> prov = new LinkedHashMap<>();
            for (String key : new String[] {"images_sampled", "images_used", "images_seen", "residual", "initial_contrast",
                "created"}) {
                if (f.containsKey(key)) {
                    prov.put(key, key.equals("created") ? f.get(key) : Double.valueOf(f.get(key)));
                }
            }
            Profile p = new Profile(mark, x, y, iw, ih, prov);
            p.template(); // a fully transparent mark fails here, naming the profile
            return p;
        } catch (NumberFormatException | NullPointerException e) {
            throw new UnmarkException(file + ": the profile lacks or garbles image_width, image_height, x or y", e);
        }
    }

    /** Whether {@code file} looks like a profile (its name ends in {@code .profile}). */
    public static boolean isProfile(Path file) {
        return file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT)
                .endsWith(".profile");
    }
}
