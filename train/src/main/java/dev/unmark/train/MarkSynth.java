package dev.unmark.train;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.TextLayout;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Makes training samples: a crop of a clean photo with a synthetic visible watermark blended over it
 * ({@code J = (1 - a) I + a W}), and its target mask by the benchmark's rule (the channels moved by more than 15 in
 * total). The marks are drawn from a wider family than the benchmark's generator on purpose (random words and
 * syllables, styles, colours, shapes, grids, two marks at once, JPEG at many qualities), so the network learns the
 * blend, not one recipe's look; about one sample in ten, and every crop that misses the mark, has no mark at all.
 */
final class MarkSynth {

    /**
     * One sample, all {@code side x side} and row-major: the input RGB (0-255, interleaved), the target mask (0/1),
     * and the blend that made it: the total opacity {@code alpha} (0-1) and the colour {@code w} (0-255,
     * interleaved RGB; 0 where alpha is 0) with {@code J = (1 - alpha) I + alpha w} before rounding and JPEG.
     */
    record Sample(float[] rgb, float[] target, float[] alpha, float[] w, float[] clean) {
    }

    /** Share of samples compressed as JPEG (at quality 60-98) after the blend, as most photos online are. */
    private double jpegShare = 0.7;

    private static final String[] WORDS = {"SAMPLE", "PREVIEW", "PROOF", "DRAFT", "COPY", "STOCK", "PHOTO", "IMAGES",
        "Studio", "Photography", "Pictures", "Media", "Design", "Creative", "Visuals", "Archive", "Press", "CONFIDENTIAL",
        "WATERMARK", "Licensed", "Demo", "Not for sale", "All rights reserved", "Shutter", "Lens", "Frame", "Focus"};
    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "ten", "vor", "sa", "bel", "ix", "on", "del",
        "mar", "qu", "zen", "tro", "pi", "la", "nor", "ste", "fa", "gri", "hel", "jo", "ux", "wy"};
    private static final String[] TLDS = {"com", "net", "org", "io", "co.uk", "de", "photo", "studio"};
    private static final String CJK = "样本图片版权所有摄影工作室预览禁止复制东京光影映像";

    private final List<BufferedImage> photos;
    private final List<BufferedImage> logos;
    private final List<Font> fonts;
    private final int side;
    private final SplittableRandom rnd;
    private double emptyShare = 0.08;

    MarkSynth(List<BufferedImage> photos, List<BufferedImage> logos, List<Font> fonts, int side, long seed) {
        if (photos.isEmpty() || logos.isEmpty() || fonts.isEmpty()) {
            throw new IllegalArgumentException("need photos, logos and fonts");
        }
        this.photos = photos;
        this.logos = logos;
        this.fonts = fonts;
        this.side = side;
        this.rnd = new SplittableRandom(seed);
    }

    /** This generator with another share of samples that carry no mark at all (clean-photo negatives). */
    MarkSynth withEmptyShare(double share) {
        this.emptyShare = share;
        return this;
    }

    /** This generator with another share of JPEG samples (0 for tests that check the blend exactly). */
    MarkSynth withJpegShare(double share) {
        this.jpegShare = share;
        return this;
    }

    /**
     * The next sample. A window that lies mostly inside one large mark (a big logo's solid interior, a wide shape)
     * is drawn again: with the mark's edges out of view, nothing tells it from a hazy or flat photo, and such
     * windows taught the network to mark whole clean photos (regions over 90% of an image on the dev sets).
     */
    Sample next() {
        Sample s = draw();
        for (int tries = 0; tries < MAX_REDRAWS && markedShare(s) > MAX_MARKED_SHARE; tries++) {
            s = draw();
        }
        return s;
    }

    /** Largest share of a window's pixels a mark may cover (see {@link #next()}). */
    static final double MAX_MARKED_SHARE = 0.5;

    private static final int MAX_REDRAWS = 20;

    static double markedShare(Sample s) {
        double n = 0;
        for (float t : s.target()) {
            n += t;
        }
        return n / s.target().length;
    }

    private Sample draw() {
        BufferedImage photo = photos.get(rnd.nextInt(photos.size()));
        // The frame the mark is designed for: a small full frame (CLWD-like, 256-512 px) or a large photo
        // (700-1400 px long side) of which the crop is a window.
        boolean small = rnd.nextDouble() < 0.35;
        int pw = photo.getWidth(), ph = photo.getHeight();
        int fw, fh;
        if (small) {
            fw = fh = side + rnd.nextInt(side + 1);
        } else {
            double longSide = 700 + rnd.nextInt(701);
            double s = longSide / Math.max(pw, ph);
            fw = Math.max(side, (int) Math.round(pw * s));
            fh = Math.max(side, (int) Math.round(ph * s));
        }
        List<Mark> marks = new ArrayList<>();
        double roll = rnd.nextDouble();
        if (roll >= emptyShare) {
            marks.add(mark(fw, fh, small));
            if (rnd.nextDouble() < 0.15) {
                marks.add(mark(fw, fh, small));
            }
        }
        // The window: on a mark most of the time, anywhere otherwise.
        int x0, y0;
        if (!marks.isEmpty() && rnd.nextDouble() < 0.8) {
            Mark m = marks.get(0);
            double cx = m.cx + (rnd.nextDouble() - 0.5) * Math.min(m.extent, side);
            double cy = m.cy + (rnd.nextDouble() - 0.5) * Math.min(m.extent, side);
            x0 = clamp((int) Math.round(cx - side / 2.0), 0, fw - side);
            y0 = clamp((int) Math.round(cy - side / 2.0), 0, fh - side);
        } else {
            x0 = rnd.nextInt(fw - side + 1);
            y0 = rnd.nextInt(fh - side + 1);
        }
        BufferedImage clean = window(photo, small, fw, fh, x0, y0);
        BufferedImage layer = new BufferedImage(side, side, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = graphics(layer);
        g.translate(-x0, -y0);
        int[] cleanPx = clean.getRGB(0, 0, side, side, null, 0, side);
        float[] i = new float[side * side * 3];
        for (int p = 0; p < cleanPx.length; p++) {
            for (int c = 0; c < 3; c++) {
                i[p * 3 + c] = (cleanPx[p] >> (16 - 8 * c)) & 0xFF;
            }
        }
        float[] j = i.clone();
        float[] alpha = new float[side * side];
        float[] w = new float[side * side * 3];
        for (Mark m : marks) {
            g.setComposite(AlphaComposite.Clear);
            g.fillRect(x0, y0, side, side);
            g.setComposite(AlphaComposite.SrcOver);
            m.painter.paint(g);
            blend(j, alpha, w, layer.getRGB(0, 0, side, side, null, 0, side), m.opacity);
        }
        g.dispose();
        float[] target = new float[side * side];
        for (int p = 0; p < target.length; p++) {
            float d = 0;
            for (int c = 0; c < 3; c++) {
                d += Math.abs(j[p * 3 + c] - i[p * 3 + c]);
            }
            target[p] = d > 15 ? 1 : 0;
        }
        if (rnd.nextDouble() < jpegShare) {
            j = jpeg(j, 60 + rnd.nextInt(39));
        }
        return new Sample(j, target, alpha, w, i);
    }

    /** A mark in frame coordinates: where it is (for the window) and how to draw it. */
    private record Mark(double cx, double cy, double extent, double opacity, Painter painter) {
    }

    private interface Painter {
        void paint(Graphics2D g);
    }

    private Mark mark(int fw, int fh, boolean small) {
        double r = rnd.nextDouble();
        double shortSide = Math.min(fw, fh);
        double opacity = 0.2 + 0.65 * rnd.nextDouble();
        if (r < 0.12) {
            return tiled(fw, fh, shortSide, opacity);
        }
        double rotation = rnd.nextDouble() < 0.5 ? 0 : (small && rnd.nextDouble() < 0.5
                ? rnd.nextDouble() * 360 : rnd.nextDouble() * 90 - 45);
        Shape shape;
        Color colour = colour();
        BufferedImage logo = null;
        double size;
        if (r < 0.52) {
            logo = logos.get(rnd.nextInt(logos.size()));
            if (rnd.nextDouble() < 0.5) {
                logo = recolour(logo, colour);
            }
            size = small ? 24 + rnd.nextDouble() * 0.8 * shortSide : shortSide * (0.06 + 0.34 * rnd.nextDouble());
            shape = null;
        } else if (r < 0.9) {
            float px = (float) (small ? 10 + rnd.nextDouble() * 0.2 * shortSide
                    : shortSide * (0.025 + 0.15 * rnd.nextDouble()));
            shape = text(randomText(), px);
            size = Math.max(shape.getBounds2D().getWidth(), shape.getBounds2D().getHeight());
        } else {
            size = small ? 24 + rnd.nextDouble() * 0.6 * shortSide : shortSide * (0.06 + 0.3 * rnd.nextDouble());
            shape = geometric(size);
        }
        double half = size / 2;
        double cx = half + rnd.nextDouble() * Math.max(1, fw - 2 * half);
        double cy = half + rnd.nextDouble() * Math.max(1, fh - 2 * half);
        int effect = shape == null ? 0 : rnd.nextInt(3); // text and shapes: plain, outline or shadow
        Color contrast = colour.getRed() + colour.getGreen() + colour.getBlue() < 384 ? Color.WHITE : Color.BLACK;
        BufferedImage finalLogo = logo;
        Shape finalShape = shape;
        Painter p = g -> {
            AffineTransform saved = g.getTransform();
            g.translate(cx, cy);
            g.rotate(Math.toRadians(rotation));
            if (finalLogo != null) {
                double scale = size / Math.max(finalLogo.getWidth(), finalLogo.getHeight());
                g.scale(scale, scale);
                g.drawImage(finalLogo, -finalLogo.getWidth() / 2, -finalLogo.getHeight() / 2, null);
            } else {
                Rectangle2D b = finalShape.getBounds2D();
                Shape s = AffineTransform.getTranslateInstance(-b.getCenterX(), -b.getCenterY())
                        .createTransformedShape(finalShape);
                drawShape(g, s, colour, contrast, effect, size);
            }
            g.setTransform(saved);
        };
        return new Mark(cx, cy, size, opacity, p);
    }

    private Mark tiled(int fw, int fh, double shortSide, double opacity) {
        boolean text = rnd.nextDouble() < 0.75;
        Color colour = rnd.nextDouble() < 0.8 ? mono() : colour();
        double rotation = -(15 + rnd.nextDouble() * 35) * (rnd.nextBoolean() ? 1 : -1);
        Shape unit;
        BufferedImage logo = null;
        double w, h;
        if (text) {
            unit = text(randomText(), (float) (shortSide * (0.03 + 0.05 * rnd.nextDouble())));
            w = unit.getBounds2D().getWidth();
            h = unit.getBounds2D().getHeight();
        } else {
            logo = recolour(logos.get(rnd.nextInt(logos.size())), colour);
            double size = shortSide * (0.06 + 0.08 * rnd.nextDouble());
            unit = new Rectangle2D.Double(0, 0, size, size);
            w = h = size;
        }
        double stepX = w * (1.3 + rnd.nextDouble()) + 10, stepY = h * (2.5 + 2 * rnd.nextDouble()) + 10;
        BufferedImage finalLogo = logo;
        Painter p = g -> {
            Rectangle2D b = unit.getBounds2D();
            for (double y = -fh; y < 2 * fh; y += stepY) {
                int row = (int) Math.floor(y / stepY);
                for (double x = -fw; x < 2 * fw; x += stepX) {
                    double px = x + Math.floorMod(row, 2) * stepX / 2;
                    AffineTransform t = new AffineTransform();
                    t.translate(fw / 2.0, fh / 2.0);
                    t.rotate(Math.toRadians(rotation));
                    t.translate(px - fw / 2.0, y - fh / 2.0);
                    double[] c = {0, 0};
                    t.transform(c, 0, c, 0, 1);
                    if (c[0] < -w - h || c[1] < -w - h || c[0] > fw + w + h || c[1] > fh + w + h) {
                        continue;
                    }
                    AffineTransform saved = g.getTransform();
                    g.transform(t);
                    if (finalLogo != null) {
                        g.drawImage(finalLogo, 0, 0, (int) Math.round(b.getWidth()), (int) Math.round(b.getHeight()),
                                null);
                    } else {
                        g.setColor(colour);
                        g.fill(AffineTransform.getTranslateInstance(-b.getX(), -b.getY()).createTransformedShape(unit));
                    }
                    g.setTransform(saved);
                }
            }
        };
        return new Mark(fw / 2.0, fh / 2.0, Math.max(fw, fh), opacity, p);
    }

    private void drawShape(Graphics2D g, Shape s, Color colour, Color contrast, int effect, double size) {
        float edge = (float) Math.max(1, size * (0.01 + 0.02 * rnd.nextDouble()));
        if (effect == 2) {
            double d = Math.max(1, size * 0.015);
            g.setColor(contrast);
            g.fill(AffineTransform.getTranslateInstance(d, d).createTransformedShape(s));
        } else if (effect == 1) {
            g.setColor(contrast);
            g.setStroke(new BasicStroke(edge, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(s);
        }
        g.setColor(colour);
        g.fill(s);
    }

    private Shape text(String s, float px) {
        List<Font> usable = new ArrayList<>();
        for (Font f : fonts) {
            if (f.canDisplayUpTo(s) == -1) {
                usable.add(f);
            }
        }
        Font f = usable.isEmpty() ? new Font(Font.SANS_SERIF, Font.BOLD, 12) : usable.get(rnd.nextInt(usable.size()));
        f = f.deriveFont(rnd.nextDouble() < 0.25 ? Font.ITALIC : Font.PLAIN, Math.max(6f, px));
        if (rnd.nextDouble() < 0.2) {
            f = f.deriveFont(AffineTransform.getScaleInstance(0.8 + 0.5 * rnd.nextDouble(), 1));
        }
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = graphics(scratch);
        Shape outline = new TextLayout(s, f, g.getFontRenderContext()).getOutline(null);
        g.dispose();
        return outline;
    }

    private String randomText() {
        double r = rnd.nextDouble();
        String name = name();
        if (r < 0.2) {
            return "© " + (rnd.nextBoolean() ? (2000 + rnd.nextInt(27)) + " " : "") + name;
        } else if (r < 0.35) {
            return "www." + name.toLowerCase() + "." + TLDS[rnd.nextInt(TLDS.length)];
        } else if (r < 0.55) {
            String w = WORDS[rnd.nextInt(WORDS.length)];
            return rnd.nextBoolean() ? w : w.toUpperCase();
        } else if (r < 0.7) {
            return name + " " + WORDS[rnd.nextInt(WORDS.length)];
        } else if (r < 0.8) {
            StringBuilder b = new StringBuilder();
            for (int k = 2 + rnd.nextInt(5); k > 0; k--) {
                b.append(CJK.charAt(rnd.nextInt(CJK.length())));
            }
            return b.toString();
        } else if (r < 0.9) {
            return "@" + name.toLowerCase() + (rnd.nextBoolean() ? "_" + rnd.nextInt(100) : "");
        }
        return name;
    }

    private String name() {
        StringBuilder b = new StringBuilder();
        for (int k = 2 + rnd.nextInt(3); k > 0; k--) {
            b.append(SYLLABLES[rnd.nextInt(SYLLABLES.length)]);
        }
        b.setCharAt(0, Character.toUpperCase(b.charAt(0)));
        return b.toString();
    }

    private Shape geometric(double size) {
        double t = size * (0.08 + 0.15 * rnd.nextDouble());
        return switch (rnd.nextInt(4)) {
            case 0 -> ring(size, t);
            case 1 -> {
                Path2D p = new Path2D.Double(Path2D.WIND_EVEN_ODD);
                p.append(new RoundRectangle2D.Double(0, 0, size, size * 0.6, size * 0.2, size * 0.2), false);
                p.append(new RoundRectangle2D.Double(t, t, size - 2 * t, size * 0.6 - 2 * t, size * 0.1, size * 0.1),
                        false);
                yield p;
            }
            case 2 -> star(size);
            default -> new Ellipse2D.Double(0, 0, size, size);
        };
    }

    private static Shape ring(double size, double t) {
        Path2D p = new Path2D.Double(Path2D.WIND_EVEN_ODD);
        p.append(new Ellipse2D.Double(0, 0, size, size), false);
        p.append(new Ellipse2D.Double(t, t, size - 2 * t, size - 2 * t), false);
        return p;
    }

    private static Shape star(double size) {
        Path2D p = new Path2D.Double();
        for (int k = 0; k < 10; k++) {
            double r = (k % 2 == 0 ? 0.5 : 0.2) * size, a = Math.PI * k / 5 - Math.PI / 2;
            double x = size / 2 + r * Math.cos(a), y = size / 2 + r * Math.sin(a);
            if (k == 0) {
                p.moveTo(x, y);
            } else {
                p.lineTo(x, y);
            }
        }
        p.closePath();
        return p;
    }

    private Color mono() {
        double r = rnd.nextDouble();
        if (r < 0.5) {
            return Color.WHITE;
        } else if (r < 0.8) {
            return Color.BLACK;
        }
        int v = 60 + rnd.nextInt(160);
        return new Color(v, v, v);
    }

    private Color colour() {
        if (rnd.nextDouble() < 0.7) {
            return mono();
        }
        return Color.getHSBColor((float) rnd.nextDouble(), 0.5f + 0.5f * (float) rnd.nextDouble(),
                0.5f + 0.5f * (float) rnd.nextDouble());
    }

    /** The clean crop: the frame's window, resampled from the photo (flipped half the time). */
    private BufferedImage window(BufferedImage photo, boolean small, int fw, int fh, int x0, int y0) {
        int pw = photo.getWidth(), ph = photo.getHeight();
        // Source rectangle of the frame: the whole photo (large frames) or a random square of it (small ones).
        double sx, sy, sw, sh;
        if (small) {
            double s = Math.min(pw, ph) * (0.35 + 0.65 * rnd.nextDouble());
            sx = rnd.nextDouble() * (pw - s);
            sy = rnd.nextDouble() * (ph - s);
            sw = sh = s;
        } else {
            sx = 0;
            sy = 0;
            sw = pw;
            sh = ph;
        }
        double kx = sw / fw, ky = sh / fh;
        BufferedImage out = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        boolean flip = rnd.nextBoolean();
        int dx1 = flip ? side : 0, dx2 = flip ? 0 : side;
        g.drawImage(photo, dx1, 0, dx2, side,
                (int) Math.round(sx + x0 * kx), (int) Math.round(sy + y0 * ky),
                (int) Math.round(sx + (x0 + side) * kx), (int) Math.round(sy + (y0 + side) * ky), null);
        g.dispose();
        return out;
    }

    /**
     * Blends one mark layer over {@code j} and folds it into the running blend ({@code alpha}, {@code w}): two
     * blends in turn are one with {@code A = 1 - (1 - a1)(1 - a2)} and {@code W = ((1 - a2) a1 W1 + a2 W2) / A}.
     */
    private static void blend(float[] j, float[] alpha, float[] wSum, int[] argb, double opacity) {
        for (int p = 0; p < argb.length; p++) {
            int a8 = (int) Math.round(((argb[p] >>> 24) & 0xFF) * opacity);
            if (a8 == 0) {
                continue;
            }
            double a = a8 / 255.0;
            double before = alpha[p], after = 1 - (1 - before) * (1 - a);
            for (int c = 0; c < 3; c++) {
                int w = (argb[p] >> (16 - 8 * c)) & 0xFF;
                j[p * 3 + c] = (float) Math.round(j[p * 3 + c] * (1 - a) + w * a);
                wSum[p * 3 + c] = (float) (((1 - a) * before * wSum[p * 3 + c] + a * w) / after);
            }
            alpha[p] = (float) after;
        }
    }

    private float[] jpeg(float[] rgb, int quality) {
        BufferedImage img = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[side * side];
        for (int p = 0; p < px.length; p++) {
            px[p] = (clamp8(rgb[p * 3]) << 16) | (clamp8(rgb[p * 3 + 1]) << 8) | clamp8(rgb[p * 3 + 2]);
        }
        img.setRGB(0, 0, side, side, px, 0, side);
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(img, null, null), param);
            } finally {
                writer.dispose();
            }
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            int[] q = back.getRGB(0, 0, side, side, null, 0, side);
            float[] out = new float[rgb.length];
            for (int p = 0; p < q.length; p++) {
                for (int c = 0; c < 3; c++) {
                    out[p * 3 + c] = (q[p] >> (16 - 8 * c)) & 0xFF;
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage recolour(BufferedImage logo, Color c) {
        int w = logo.getWidth(), h = logo.getHeight();
        int[] px = logo.getRGB(0, 0, w, h, null, 0, w);
        int rgb = c.getRGB() & 0xFFFFFF;
        for (int k = 0; k < px.length; k++) {
            px[k] = (px[k] & 0xFF000000) | rgb;
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, px, 0, w);
        return out;
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        return g;
    }

    private static int clamp(int v, int lo, int hi) {
        return Math.max(lo, Math.min(hi, v));
    }

    private static int clamp8(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
