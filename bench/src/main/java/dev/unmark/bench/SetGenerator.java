package dev.unmark.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Generates a watermarked set with ground truth in the shared layout ({@code input/ clean/ mask/ alpha/ wm/
 * meta.jsonl}). Everything random comes from one {@link SplittableRandom} seeded by the caller, and images are made
 * one after another, so the same seed and sources give byte-identical files (on the same JDK: Java2D's resampling and
 * text rasterising are not specified to be identical across JDK builds).
 *
 * <p>Logos must be RGBA PNG (SVG is not supported). Fonts: .ttf/.otf and .ttc collections; with no fonts the JDK's
 * logical SansSerif font is used.
 */
public final class SetGenerator {

    /** The kinds of set, as in the shared dev benchmark. */
    public enum Kind {
        CLWD256, LOGO_HD, TEXT_HD, COLLECTION, TEMPLATE, NONE;

        public static Kind parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new UnmarkException("unknown kind '" + s + "'; valid: clwd256, logo-hd, text-hd, collection, "
                        + "template, none");
            }
        }

        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * What to generate. {@code opacityJitter} (0-255 levels) and {@code maxShift} (pixels) vary a collection's
     * shared mark per image: its opacity by a uniform amount in plus or minus {@code opacityJitter / 255}, its
     * position by a uniform whole-pixel shift in plus or minus {@code maxShift} on each axis (the way a stock site's
     * pipeline stamps the same mark with small differences); both 0 for an identical mark, and for other kinds.
     */
    public record Spec(Path photos, Path logos, Path fonts, Path out, Kind kind, int count, long seed,
                       int opacityJitter, int maxShift) {
        public Spec {
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, got " + count);
            }
            if (opacityJitter < 0 || opacityJitter > 127 || maxShift < 0 || maxShift > 200) {
                throw new UnmarkException("opacity jitter must be 0-127 and max shift 0-200, got " + opacityJitter
                        + " and " + maxShift);
            }
            if ((opacityJitter > 0 || maxShift > 0) && kind != Kind.COLLECTION) {
                throw new UnmarkException("--opacity-jitter and --max-shift apply to kind collection only");
            }
            if (!Files.isDirectory(photos)) {
                throw new UnmarkException(photos + ": no such photo folder");
            }
            if (logos != null && !Files.isDirectory(logos)) {
                throw new UnmarkException(logos + ": no such logo folder");
            }
        }

        /** An identical mark across a collection. */
        public Spec(Path photos, Path logos, Path fonts, Path out, Kind kind, int count, long seed) {
            this(photos, logos, fonts, out, kind, count, seed, 0, 0);
        }
    }

    /** Mask rule of CLWD: a pixel is marked when its channels moved by more than 15 in total. */
    static final int MASK_THRESHOLD = 15;

    private static final String[] TEXTS = {"© %s Photography", "SAMPLE", "PREVIEW", "www.%s.com", "© 2024 %s",
        "PROOF", "%s Stock", "DO NOT COPY", "样本图片", "版权所有 %s"};
    private static final String[] NAMES = {"Northlight", "Kestrel", "Aurora", "Pixelcraft", "Meridian", "Lumen"};
    private static final Color[] MONO = {Color.WHITE, new Color(128, 128, 128), Color.BLACK};
    private static final Color[] COLOURS = {new Color(220, 40, 40), new Color(30, 110, 220), new Color(250, 200, 30),
        new Color(40, 170, 80), new Color(200, 60, 200)};

    private final Spec spec;
    private final SplittableRandom rnd;
    private final List<Path> photos;
    private final List<Path> logos;
    private final List<Font> fonts;
    private final ObjectMapper json = new ObjectMapper();

    private SetGenerator(Spec spec) {
        this.spec = spec;
        this.rnd = new SplittableRandom(spec.seed());
        this.photos = list(spec.photos(), ".jpg", ".jpeg", ".png");
        if (photos.isEmpty()) {
            throw new UnmarkException(spec.photos() + ": no .jpg/.png photos");
        }
        this.logos = spec.logos() == null ? List.of() : list(spec.logos(), ".png");
        this.fonts = spec.fonts() == null ? List.of() : loadFonts(spec.fonts());
    }

    /** Generates the set; returns the number of images written. */
    public static int generate(Spec spec) {
        return new SetGenerator(spec).run();
    }

    private int run() {
        try {
            Files.createDirectories(spec.out());
            StringBuilder meta = new StringBuilder();
            BufferedImage sharedLayer = null;
            Map<String, Object> sharedInfo = null;
            BufferedImage templateMark = spec.kind() == Kind.TEMPLATE ? templateMark() : null;
            for (int i = 1; i <= spec.count(); i++) {
                String name = spec.kind().key().replace("-hd", "").replace("256", "") + String.format("_%04d", i);
                Map<String, Object> info = new LinkedHashMap<>();
                info.put("name", name);
                Path photo = photos.get(rnd.nextInt(photos.size()));
                BufferedImage src = BenchImages.readBuffered(photo);
                BufferedImage base = prepare(src, info);
                int cleanQuality = spec.kind() == Kind.COLLECTION ? 92 : 90;
                Path cleanFile = spec.out().resolve("clean/" + name + ".jpg");
                BenchImages.writeJpeg(base, cleanFile, cleanQuality);
                Image clean = BenchImages.read(cleanFile); // the decoded clean file is the exact ground truth
                int w = clean.width(), h = clean.height();
                BufferedImage layer;
                if (spec.kind() == Kind.NONE) {
                    layer = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
                    info.put("kind", "none");
                } else if (spec.kind() == Kind.COLLECTION) {
                    if (sharedLayer == null) {
                        sharedInfo = new LinkedHashMap<>();
                        sharedLayer = collectionLayer(w, h, sharedInfo);
                    }
                    layer = sharedLayer;
                    info.putAll(sharedInfo);
                    if (spec.opacityJitter() > 0 || spec.maxShift() > 0) {
                        layer = jitter(sharedLayer, info);
                    }
                } else if (spec.kind() == Kind.TEMPLATE) {
                    layer = templateLayer(templateMark, w, h, info);
                } else if (spec.kind() == Kind.TEXT_HD) {
                    layer = textLayer(w, h, info, rnd.nextInt(4) == 0);
                } else {
                    layer = logoLayer(w, h, info, spec.kind() == Kind.CLWD256);
                }
                double opacity = opacity(info);
                info.put("photo", photo.getFileName().toString());
                writeImage(name, clean, layer, opacity, info, meta);
            }
            Files.writeString(spec.out().resolve("meta.jsonl"), meta);
            return spec.count();
        } catch (IOException e) {
            throw new UnmarkException(spec.out() + ": " + e.getMessage(), e);
        }
    }

    private double opacity(Map<String, Object> info) {
        Object o = info.get("opacity");
        return o == null ? 0 : (Double) o;
    }

    /** Crops and resizes the photo to this kind's size. */
    private BufferedImage prepare(BufferedImage src, Map<String, Object> info) {
        int sw = src.getWidth(), sh = src.getHeight();
        switch (spec.kind()) {
            case CLWD256 -> {
                int side = (int) Math.round(Math.min(sw, sh) * (0.6 + 0.4 * rnd.nextDouble()));
                int x = rnd.nextInt(sw - side + 1), y = rnd.nextInt(sh - side + 1);
                info.put("photo_crop", List.of(x, y, x + side, y + side));
                return resize(src.getSubimage(x, y, side, side), 256, 256);
            }
            case COLLECTION -> {
                // 4:3 centre crop to 800x600
                double target = 4.0 / 3.0;
                int cw = sw, ch = sh;
                if ((double) sw / sh > target) {
                    cw = (int) Math.round(sh * target);
                } else {
                    ch = (int) Math.round(sw / target);
                }
                return resize(src.getSubimage((sw - cw) / 2, (sh - ch) / 2, cw, ch), 800, 600);
            }
            default -> {
                int lo = switch (spec.kind()) {
                    case TEMPLATE -> 512;
                    case TEXT_HD -> 1024;
                    default -> 1024;
                };
                int hi = spec.kind() == Kind.LOGO_HD || spec.kind() == Kind.NONE ? 1024 : 1280;
                int longSide = lo + rnd.nextInt(hi - lo + 1);
                double s = (double) longSide / Math.max(sw, sh);
                int w = Math.max(8, (int) Math.round(sw * s)), h = Math.max(8, (int) Math.round(sh * s));
                info.put("photo_resized_to", List.of(w, h));
                return resize(src, w, h);
            }
        }
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static Graphics2D graphics(BufferedImage layer) {
        Graphics2D g = layer.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        return g;
    }

    /** One logo, optionally recoloured, scaled, rotated and placed at random. */
    private BufferedImage logoLayer(int w, int h, Map<String, Object> info, boolean clwd) {
        if (logos.isEmpty()) {
            throw new UnmarkException("kind " + spec.kind().key() + " needs --logos with RGBA PNG files");
        }
        Path logoFile = logos.get(rnd.nextInt(logos.size()));
        BufferedImage logo = BenchImages.readBuffered(logoFile);
        String colour = "as-is";
        if (!clwd && rnd.nextInt(2) == 0) {
            Color c = rnd.nextInt(3) < 2 ? MONO[rnd.nextInt(MONO.length)] : COLOURS[rnd.nextInt(COLOURS.length)];
            logo = recolour(logo, c);
            colour = hex(c);
        }
        int shortSide = Math.min(w, h);
        double size = clwd ? 40 + rnd.nextInt(161) : shortSide * (0.10 + 0.25 * rnd.nextDouble());
        double scale = size / Math.max(logo.getWidth(), logo.getHeight());
        double rotation = clwd ? rnd.nextDouble() * 360 : (rnd.nextInt(3) == 0 ? rnd.nextDouble() * 90 - 45 : 0);
        double opacity = clwd ? 0.3 + 0.4 * rnd.nextDouble() : 0.3 + 0.5 * rnd.nextDouble();
        double lw = logo.getWidth() * scale, lh = logo.getHeight() * scale;
        double cx = lw / 2 + rnd.nextDouble() * Math.max(1, w - lw), cy = lh / 2 + rnd.nextDouble() * Math.max(1, h - lh);
        BufferedImage layer = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = graphics(layer);
        AffineTransform t = new AffineTransform();
        t.translate(cx, cy);
        t.rotate(Math.toRadians(rotation));
        t.scale(scale, scale);
        t.translate(-logo.getWidth() / 2.0, -logo.getHeight() / 2.0);
        g.drawImage(logo, t, null);
        g.dispose();
        info.put("kind", clwd ? "logo-color" : "logo");
        info.put("logo", logoFile.getFileName().toString());
        info.put("colour", colour);
        info.put("opacity", round4(opacity));
        info.put("position", List.of((int) Math.round(cx - lw / 2), (int) Math.round(cy - lh / 2)));
        info.put("rotation", round4(rotation));
        info.put("scale", round4(scale));
        return layer;
    }

    /** Text: a copyright line, SAMPLE/PREVIEW, a URL or CJK; with outline or shadow; sometimes tiled diagonally. */
    private BufferedImage textLayer(int w, int h, Map<String, Object> info, boolean tiled) {
        String text = String.format(TEXTS[rnd.nextInt(TEXTS.length)], NAMES[rnd.nextInt(NAMES.length)]);
        Font font = fontFor(text);
        int shortSide = Math.min(w, h);
        float px = (float) (tiled ? shortSide * (0.04 + 0.04 * rnd.nextDouble()) : shortSide * (0.05 + 0.12 * rnd.nextDouble()));
        font = font.deriveFont(Font.PLAIN, px);
        int pick = rnd.nextInt(4);
        Color colour = pick < 3 ? MONO[pick] : COLOURS[rnd.nextInt(COLOURS.length)];
        int effect = rnd.nextInt(3); // 0 none, 1 outline, 2 drop shadow: about a third each
        double rotation = tiled ? -30 - rnd.nextDouble() * 15 : rnd.nextDouble() * 90 - 45;
        double opacity = 0.25 + 0.55 * rnd.nextDouble();
        BufferedImage layer = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = graphics(layer);
        FontRenderContext frc = g.getFontRenderContext();
        Shape glyphs = new TextLayout(text, font, frc).getOutline(null);
        Rectangle2D b = glyphs.getBounds2D();
        List<double[]> centres = new ArrayList<>();
        if (tiled) {
            double stepX = b.getWidth() * 1.6 + px, stepY = px * 4;
            for (double y = -h; y < 2 * h; y += stepY) {
                for (double x = -w; x < 2 * w; x += stepX) {
                    centres.add(new double[] {x + (Math.floorMod((int) (y / stepY), 2)) * stepX / 2, y});
                }
            }
        } else {
            double half = Math.max(b.getWidth(), b.getHeight()) / 2;
            centres.add(new double[] {half + rnd.nextDouble() * Math.max(1, w - 2 * half),
                half + rnd.nextDouble() * Math.max(1, h - 2 * half)});
        }
        Color contrast = colour.equals(Color.BLACK) ? Color.WHITE : Color.BLACK;
        for (double[] c : centres) {
            AffineTransform t = new AffineTransform();
            t.translate(c[0], c[1]);
            t.rotate(Math.toRadians(rotation));
            t.translate(-b.getCenterX(), -b.getCenterY());
            Shape s = t.createTransformedShape(glyphs);
            if (effect == 2) {
                g.setColor(contrast);
                g.fill(AffineTransform.getTranslateInstance(px * 0.06, px * 0.06).createTransformedShape(s));
            }
            if (effect == 1) {
                g.setColor(contrast);
                g.setStroke(new BasicStroke(Math.max(1f, px * 0.06f), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                g.draw(s);
            }
            g.setColor(colour);
            g.fill(s);
        }
        g.dispose();
        info.put("kind", "text");
        info.put("text", text);
        info.put("font", font.getFontName(Locale.ROOT));
        info.put("font_px", Math.round(px));
        info.put("colour", hex(colour));
        info.put("opacity", round4(opacity));
        info.put("rotation", round4(rotation));
        info.put("outline", effect == 1);
        info.put("shadow", effect == 2);
        info.put("tiled", tiled);
        return layer;
    }

    /** One watermark for the whole group: a centred logo, corner text, or tiled text. */
    private BufferedImage collectionLayer(int w, int h, Map<String, Object> info) {
        int style = logos.isEmpty() ? 1 + rnd.nextInt(2) : rnd.nextInt(3);
        if (style == 0) {
            BufferedImage l = logoLayer(w, h, info, false);
            info.put("group_style", "logo");
            return l;
        }
        BufferedImage t = textLayer(w, h, info, style == 2);
        info.put("group_style", style == 2 ? "tiled-text" : "text");
        return t;
    }

    /**
     * This image's copy of a collection's shared mark: shifted by up to {@link Spec#maxShift} px and with its
     * opacity moved by up to {@link Spec#opacityJitter} levels; both are recorded in the meta line.
     */
    private BufferedImage jitter(BufferedImage shared, Map<String, Object> info) {
        int s = spec.maxShift();
        int dx = s == 0 ? 0 : rnd.nextInt(2 * s + 1) - s, dy = s == 0 ? 0 : rnd.nextInt(2 * s + 1) - s;
        int j = spec.opacityJitter();
        double delta = j == 0 ? 0 : (rnd.nextDouble() * 2 - 1) * j / 255.0;
        double opacity = Math.max(0.02, Math.min(1, (Double) info.get("opacity") + delta));
        info.put("opacity", round4(opacity));
        info.put("shift", List.of(dx, dy));
        if (dx == 0 && dy == 0) {
            return shared;
        }
        BufferedImage out = new BufferedImage(shared.getWidth(), shared.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.drawImage(shared, dx, dy, null);
        g.dispose();
        return out;
    }

    /** The known mark: the first logo of the sorted list, written to {@code out/wm.png}. */
    private BufferedImage templateMark() {
        if (logos.isEmpty()) {
            throw new UnmarkException("kind template needs --logos (the first logo is the known mark)");
        }
        BufferedImage mark = BenchImages.readBuffered(logos.get(0));
        BufferedImage argb = new BufferedImage(mark.getWidth(), mark.getHeight(), BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = argb.createGraphics();
        g.drawImage(mark, 0, 0, null);
        g.dispose();
        BenchImages.writePng(argb, spec.out().resolve("wm.png"));
        return argb;
    }

    private BufferedImage templateLayer(BufferedImage mark, int w, int h, Map<String, Object> info) {
        int shortSide = Math.min(w, h);
        int side = (int) Math.round(0.07 * shortSide), margin = (int) Math.round(0.04 * shortSide);
        double opacity = 0.3 + 0.5 * rnd.nextDouble();
        BufferedImage layer = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = graphics(layer);
        g.drawImage(mark, w - margin - side, h - margin - side, side, side, null);
        g.dispose();
        info.put("kind", "template");
        info.put("opacity", round4(opacity));
        info.put("position", List.of(w - margin - side, h - margin - side));
        info.put("size", List.of(side, side));
        info.put("png_input", rnd.nextInt(2) == 0);
        return layer;
    }

    /** Blends the layer onto the clean image and writes input, mask, alpha, wm and the meta line. */
    private void writeImage(String name, Image clean, BufferedImage layer, double opacity, Map<String, Object> info,
                            StringBuilder meta) throws IOException {
        int w = clean.width(), h = clean.height();
        int[] argb = layer.getRGB(0, 0, w, h, null, 0, w);
        float[] i = clean.rgb();
        float[] j = new float[i.length];
        byte[] alpha = new byte[w * h], mask = new byte[w * h];
        BufferedImage wm = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] wmPx = new int[w * h];
        int minX = w, minY = h, maxX = -1, maxY = -1;
        long marked = 0;
        for (int p = 0; p < w * h; p++) {
            int a8 = (int) Math.round(((argb[p] >>> 24) & 0xFF) * opacity);
            double a = a8 / 255.0;
            int diff = 0;
            for (int c = 0; c < 3; c++) {
                int wc = (argb[p] >> (16 - 8 * c)) & 0xFF;
                double v = i[p * 3 + c] * (1 - a) + wc * a;
                j[p * 3 + c] = (float) Math.round(v);
                diff += (int) Math.abs(j[p * 3 + c] - i[p * 3 + c]);
            }
            if (a8 > 0) {
                alpha[p] = (byte) a8;
                wmPx[p] = argb[p] & 0xFFFFFF;
                int x = p % w, y = p / w;
                minX = Math.min(minX, x);
                minY = Math.min(minY, y);
                maxX = Math.max(maxX, x);
                maxY = Math.max(maxY, y);
            }
            if (diff > MASK_THRESHOLD) {
                mask[p] = (byte) 255;
                marked++;
            }
        }
        wm.setRGB(0, 0, w, h, wmPx, 0, w);
        Image input = Image.wrap(w, h, j, null);
        boolean png = spec.kind() == Kind.CLWD256 || Boolean.TRUE.equals(info.get("png_input"));
        String inputPath = "input/" + name + (png ? ".png" : ".jpg");
        if (png) {
            BenchImages.writePng(input, spec.out().resolve(inputPath));
        } else {
            BenchImages.writeJpeg(input, spec.out().resolve(inputPath), spec.kind() == Kind.COLLECTION ? 92 : 90);
        }
        BenchImages.writePng(BenchImages.grey(w, h, mask), spec.out().resolve("mask/" + name + ".png"));
        BenchImages.writePng(BenchImages.grey(w, h, alpha), spec.out().resolve("alpha/" + name + ".png"));
        BenchImages.writePng(wm, spec.out().resolve("wm/" + name + ".png"));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("name", name);
        line.put("input", inputPath);
        line.put("clean", "clean/" + name + ".jpg");
        line.put("mask", "mask/" + name + ".png");
        line.put("alpha", "alpha/" + name + ".png");
        line.put("wm", "wm/" + name + ".png");
        line.put("width", w);
        line.put("height", h);
        line.put("input_format", png ? "png" : "jpg");
        info.remove("name");
        info.remove("png_input");
        line.putAll(info);
        line.put("alpha_bbox", maxX < 0 ? null : List.of(minX, minY, maxX + 1, maxY + 1));
        line.put("mask_pixels", marked);
        meta.append(json.writeValueAsString(line)).append('\n');
    }

    private Font fontFor(String text) {
        List<Font> usable = new ArrayList<>();
        for (Font f : fonts) {
            if (f.canDisplayUpTo(text) == -1) {
                usable.add(f);
            }
        }
        if (usable.isEmpty()) {
            return new Font(Font.SANS_SERIF, Font.BOLD, 12);
        }
        return usable.get(rnd.nextInt(usable.size()));
    }

    private static BufferedImage recolour(BufferedImage logo, Color c) {
        int w = logo.getWidth(), h = logo.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        int[] px = logo.getRGB(0, 0, w, h, null, 0, w);
        int rgb = c.getRGB() & 0xFFFFFF;
        for (int k = 0; k < px.length; k++) {
            px[k] = (px[k] & 0xFF000000) | rgb;
        }
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    private static List<Path> list(Path dir, String... exts) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                for (String e : exts) {
                    if (n.endsWith(e)) {
                        return true;
                    }
                }
                return false;
            }).sorted().toList();
        } catch (IOException e) {
            throw new UnmarkException(dir + ": " + e.getMessage(), e);
        }
    }

    /** Loads .ttf/.otf with {@code Font.createFont} and .ttc collections with {@code Font.createFonts}. */
    static List<Font> loadFonts(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UnmarkException(dir + ": no such font folder");
        }
        List<Font> out = new ArrayList<>();
        for (Path p : list(dir, ".ttf", ".otf", ".ttc")) {
            try {
                if (p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".ttc")) {
                    out.addAll(List.of(Font.createFonts(p.toFile())));
                } else {
                    out.add(Font.createFont(Font.TRUETYPE_FONT, p.toFile()));
                }
            } catch (java.awt.FontFormatException | IOException e) {
                throw new UnmarkException(p + ": not a usable font: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static String hex(Color c) {
        return String.format("#%06x", c.getRGB() & 0xFFFFFF);
    }

    private static double round4(double v) {
        return Math.round(v * 10000) / 10000.0;
    }
}
