package dev.unmark.train;

import dev.unmark.fill.ShadeNet;
import dev.unmark.internal.OpenCv;
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
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Training windows for {@link ShadeNetGraph}: a clean photo reduced to cells, a watermark-shaped hole about
 * {@link ShadeNet#CELLS} cells wide (text, a logo's silhouette, strokes or blobs), and the network's input for it.
 * The photo's scale is drawn so that a cell is 1.5-40 px of a 1000-1400 px photo, the range of holes 12-300 px wide
 * that {@code DiffusionLowPass} hands the network. The hole is drawn at 4x and reduced with the rule the fill uses
 * (a cell is in the hole when any of its pixels is), so its edges look as they will in use.
 */
final class ShadeSynth {

    /** A window: the network's input (with its base), the clean cells (interleaved 0-255) and the hole. */
    record Sample(ShadeNet.Input input, float[] clean, byte[] hole) {
    }

    private static final int LONGEST = 1400;
    private static final String TEXT = "ABCDEFGHJKLMNOPRSTUVWXYZabcdefghkmnoprstuvwxyz0123456789@&";

    private final List<List<byte[]>> pyramids = new ArrayList<>();
    private final List<int[]> sizes = new ArrayList<>();
    private final List<BufferedImage> logos;
    private final List<Font> fonts;
    private final int side;
    private final SplittableRandom rnd;

    private ShadeSynth(ShadeSynth from, long seed) {
        this.pyramids.addAll(from.pyramids);
        this.sizes.addAll(from.sizes);
        this.logos = from.logos;
        this.fonts = from.fonts;
        this.side = from.side;
        this.rnd = new SplittableRandom(seed);
    }

    /** The same photos (the reduced copies are shared, not rebuilt) with another seed. */
    ShadeSynth reseeded(long seed) {
        return new ShadeSynth(this, seed);
    }

    ShadeSynth(List<BufferedImage> photos, List<BufferedImage> logos, List<Font> fonts, int side, long seed) {
        if (photos.isEmpty() || logos.isEmpty() || fonts.isEmpty()) {
            throw new IllegalArgumentException("need photos, logos and fonts");
        }
        if (side % ShadeNet.MULTIPLE != 0) {
            throw new IllegalArgumentException("side must be a multiple of " + ShadeNet.MULTIPLE);
        }
        OpenCv.ensureLoaded();
        this.logos = logos;
        this.fonts = fonts;
        this.side = side;
        this.rnd = new SplittableRandom(seed);
        for (BufferedImage p : photos) {
            pyramids.add(pyramid(p));
        }
    }

    /** The photo at most {@value #LONGEST} px long, then halved until shorter than a window: BGR bytes per level. */
    private List<byte[]> pyramid(BufferedImage photo) {
        Mat m = bgr(photo);
        double s = Math.min(1.0, LONGEST / (double) Math.max(m.cols(), m.rows()));
        if (s < 1) {
            Size reduced = new Size(Math.round(m.cols() * s), Math.round(m.rows() * s));
            Imgproc.resize(m, m, reduced, 0, 0, Imgproc.INTER_AREA);
        }
        List<byte[]> levels = new ArrayList<>();
        int[] dims = new int[32];
        int n = 0;
        while (true) {
            byte[] b = new byte[m.cols() * m.rows() * 3];
            m.get(0, 0, b);
            levels.add(b);
            dims[2 * n] = m.cols();
            dims[2 * n + 1] = m.rows();
            n++;
            if (Math.min(m.cols(), m.rows()) < 2 * side || n == 15) {
                break;
            }
            Imgproc.resize(m, m, new Size(m.cols() / 2, m.rows() / 2), 0, 0, Imgproc.INTER_AREA);
        }
        m.release();
        sizes.add(java.util.Arrays.copyOf(dims, 2 * n));
        return levels;
    }

    private static Mat bgr(BufferedImage img) {
        BufferedImage b = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = b.createGraphics();
        g.drawImage(img, 0, 0, null);
        g.dispose();
        Mat m = new Mat(b.getHeight(), b.getWidth(), CvType.CV_8UC3);
        m.put(0, 0, ((DataBufferByte) b.getRaster().getDataBuffer()).getData());
        return m;
    }

    /**
     * A window: the photo and the hole at twice the cells' resolution, the diffusion run there, and all three
     * reduced to the cells as the fill reduces them in use (area averages; a cell is in the hole when any of its
     * pixels is).
     */
    Sample next() {
        int fine = 2 * side;
        float[] photo = window(fine);
        byte[] drawn = drawHole();
        int big = 4 * side;
        byte[] holeFine = ShadeNet.reduceHole(drawn, big, big, fine, fine);
        byte[] hole = ShadeNet.reduceHole(drawn, big, big, side, side);
        float[] base = ShadeNet.reduce(ShadeNet.diffuse(photo, holeFine, fine, fine), fine, fine, side, side);
        float[] clean = ShadeNet.reduce(photo, fine, fine, side, side);
        return new Sample(ShadeNet.encode(clean, hole, base, side, side), clean, hole);
    }

    /**
     * A window of a photo reduced so that its long side is 64-800 cells, RGB interleaved 0-255, at {@code out}
     * pixels a side.
     */
    private float[] window(int out) {
        int k = rnd.nextInt(pyramids.size());
        List<byte[]> levels = pyramids.get(k);
        int[] dims = sizes.get(k);
        int long0 = Math.max(dims[0], dims[1]);
        double target = Math.exp(rnd.nextDouble(Math.log(Math.max(side, 64)), Math.log(800)));
        double scale = Math.min(1.0, target / long0); // cells per level-0 pixel
        int level = 0;
        while (level + 1 < levels.size() && scale * Math.pow(2, level + 1) <= 1.0) {
            level++;
        }
        int w = dims[2 * level], h = dims[2 * level + 1];
        double rel = scale * Math.pow(2, level); // cells per pixel of this level, in (0.5, 1]
        int span = (int) Math.min(Math.min(w, h), Math.ceil(side / rel));
        int x0 = rnd.nextInt(w - span + 1), y0 = rnd.nextInt(h - span + 1);
        Mat src = new Mat(h, w, CvType.CV_8UC3);
        src.put(0, 0, levels.get(level));
        Mat crop = src.submat(y0, y0 + span, x0, x0 + span);
        Mat resized = new Mat();
        int interpolation = span >= out ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR;
        Imgproc.resize(crop, resized, new Size(out, out), 0, 0, interpolation);
        byte[] b = new byte[out * out * 3];
        resized.get(0, 0, b);
        crop.release();
        src.release();
        resized.release();
        boolean flip = rnd.nextBoolean();
        float[] rgb = new float[out * out * 3];
        for (int y = 0; y < out; y++) {
            for (int x = 0; x < out; x++) {
                int s = (y * out + (flip ? out - 1 - x : x)) * 3, d = (y * out + x) * 3;
                rgb[d] = b[s + 2] & 0xff;
                rgb[d + 1] = b[s + 1] & 0xff;
                rgb[d + 2] = b[s] & 0xff;
            }
        }
        return rgb;
    }

    /**
     * A hole about {@link ShadeNet#CELLS} cells wide covering 3-45% of the window (redrawn until it does), drawn at
     * 4x the cells.
     */
    private byte[] drawHole() {
        for (int attempt = 0; ; attempt++) {
            byte[] drawn = drawShapes();
            byte[] hole = ShadeNet.reduceHole(drawn, 4 * side, 4 * side, side, side);
            int set = 0;
            for (byte v : hole) {
                set += v != 0 ? 1 : 0;
            }
            double share = set / (double) hole.length;
            float width = width(hole);
            if ((share >= 0.03 && share <= 0.45 && width >= 4 && width <= 16) || attempt == 50) {
                return drawn;
            }
        }
    }

    private byte[] drawShapes() {
        int big = 4 * side;
        BufferedImage img = new BufferedImage(big, big, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        double cell = 4, width = ShadeNet.CELLS * cell * Math.exp(rnd.nextDouble(-0.35, 0.35));
        double kind = rnd.nextDouble();
        int shapes = 1 + (kind < 0.4 ? 0 : rnd.nextInt(3));
        for (int s = 0; s < shapes; s++) {
            g.setTransform(new AffineTransform());
            double cx = big * rnd.nextDouble(0.25, 0.75), cy = big * rnd.nextDouble(0.25, 0.75);
            g.translate(cx, cy);
            g.rotate(rnd.nextDouble(-0.5, 0.5));
            if (kind < 0.4) {
                text(g, width);
            } else if (kind < 0.7) {
                logo(g, width, big);
            } else {
                strokes(g, width, big);
            }
        }
        g.dispose();
        byte[] px = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
        byte[] drawn = new byte[big * big];
        for (int i = 0; i < drawn.length; i++) {
            drawn[i] = (px[i] & 0xff) > 24 ? (byte) 255 : 0;
        }
        return drawn;
    }

    /** Bold letters whose strokes are about {@code width} wide (a bold face's stroke is about 0.15 of its size). */
    private void text(Graphics2D g, double width) {
        int n = 1 + rnd.nextInt(6);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < n; i++) {
            s.append(TEXT.charAt(rnd.nextInt(TEXT.length())));
        }
        float size = (float) (width / rnd.nextDouble(0.12, 0.2));
        Font f = fonts.get(rnd.nextInt(fonts.size())).deriveFont(Font.BOLD, size);
        Shape outline = new TextLayout(s.toString(), f, g.getFontRenderContext()).getOutline(null);
        var b = outline.getBounds2D();
        g.translate(-b.getCenterX(), -b.getCenterY());
        g.fill(outline);
        g.setStroke(new BasicStroke((float) (width * rnd.nextDouble(0, 0.3)), BasicStroke.CAP_ROUND,
                BasicStroke.JOIN_ROUND));
        g.draw(outline);
    }

    /** A logo's silhouette (its pixels of opacity above half), scaled to 3-8 widths across. */
    private void logo(Graphics2D g, double width, int big) {
        BufferedImage logo = logos.get(rnd.nextInt(logos.size()));
        double across = Math.min(big * 0.8, width * rnd.nextDouble(3, 8));
        double s = across / Math.max(logo.getWidth(), logo.getHeight());
        int lw = Math.max(1, (int) Math.round(logo.getWidth() * s));
        int lh = Math.max(1, (int) Math.round(logo.getHeight() * s));
        BufferedImage sil = new BufferedImage(lw, lh, BufferedImage.TYPE_INT_ARGB);
        Graphics2D sg = sil.createGraphics();
        sg.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        sg.drawImage(logo, 0, 0, lw, lh, null);
        sg.dispose();
        for (int y = 0; y < lh; y++) {
            for (int x = 0; x < lw; x++) {
                sil.setRGB(x, y, (sil.getRGB(x, y) >>> 24) > 127 ? 0xffffffff : 0);
            }
        }
        g.drawImage(sil, -lw / 2, -lh / 2, null);
    }

    /** Thick polylines and filled ellipses. */
    private void strokes(Graphics2D g, double width, int big) {
        if (rnd.nextBoolean()) {
            double a = width * rnd.nextDouble(0.6, 3), b = width * rnd.nextDouble(0.6, 1.2);
            g.fill(new Ellipse2D.Double(-a, -b, 2 * a, 2 * b));
            return;
        }
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, 0);
        double x = 0, y = 0, dir = rnd.nextDouble(2 * Math.PI);
        for (int k = 0; k < 1 + rnd.nextInt(4); k++) {
            dir += rnd.nextDouble(-1.5, 1.5);
            double len = width * rnd.nextDouble(1, 6);
            x += len * Math.cos(dir);
            y += len * Math.sin(dir);
            p.lineTo(x, y);
        }
        g.setStroke(new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(p);
    }

    /** Diameter of the largest disc inside the hole, {@code 2 d - 1} for the deepest cell's distance d. */
    private float width(byte[] hole) {
        Mat src = new Mat(side, side, CvType.CV_8UC1);
        Mat dst = new Mat();
        src.put(0, 0, hole);
        Imgproc.distanceTransform(src, dst, Imgproc.DIST_L2, Imgproc.DIST_MASK_5);
        float[] d = new float[side * side];
        dst.get(0, 0, d);
        src.release();
        dst.release();
        float max = 0;
        for (float v : d) {
            max = Math.max(max, v);
        }
        return 2 * max - 1;
    }
}
