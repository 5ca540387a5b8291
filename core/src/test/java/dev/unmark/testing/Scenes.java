package dev.unmark.testing;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.Random;

/** Seeded synthetic test scenes: photo-like backgrounds and text watermarks blended onto them. */
public final class Scenes {

    private Scenes() {
    }

    /** A linear two-axis gradient, a different one per channel, no noise. */
    public static Image gradient(int w, int h) {
        Image img = Image.blank(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double u = x / (double) (w - 1), v = y / (double) (h - 1);
                img.set(x, y, 0, (float) (60 + 100 * u + 30 * v));
                img.set(x, y, 1, (float) (90 + 60 * v));
                img.set(x, y, 2, (float) (150 - 70 * u + 20 * v));
            }
        }
        return img;
    }

    /**
     * Photo-like: per-channel gradients, band-limited noise (a coarse random grid, smoothly interpolated),
     * soft Gaussian colour blobs and Gaussian grain of 2 levels.
     */
    public static Image photo(int w, int h, long seed) {
        Random rnd = new Random(seed);
        float[] rgb = new float[w * h * 3];
        int gw = 7, gh = 6;
        for (int c = 0; c < 3; c++) {
            double base = 70 + 110 * rnd.nextDouble();
            double gx = (rnd.nextDouble() - 0.5) * 80, gy = (rnd.nextDouble() - 0.5) * 80;
            double[] grid = new double[gw * gh];
            for (int i = 0; i < grid.length; i++) {
                grid[i] = (rnd.nextDouble() - 0.5) * 50;
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double u = x / (double) w, v = y / (double) h;
                    rgb[(y * w + x) * 3 + c] = (float) (base + gx * (u - 0.5) + gy * (v - 0.5)
                            + smoothGrid(grid, gw, gh, u, v));
                }
            }
        }
        for (int b = 0; b < 8; b++) {
            double cx = rnd.nextDouble() * w, cy = rnd.nextDouble() * h;
            double s = (0.03 + 0.12 * rnd.nextDouble()) * Math.max(w, h);
            double[] off = {(rnd.nextDouble() - 0.5) * 100, (rnd.nextDouble() - 0.5) * 100,
                (rnd.nextDouble() - 0.5) * 100};
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double g = Math.exp(-((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s));
                    for (int c = 0; c < 3; c++) {
                        rgb[(y * w + x) * 3 + c] += (float) (off[c] * g);
                    }
                }
            }
        }
        addGrain(rgb, rnd, 2.0);
        return Image.wrap(w, h, rgb, null);
    }

    /**
     * {@link #photo} with sharp, high-contrast antialiased shapes on top (rectangles, rotated rectangles,
     * ellipses; coloured and grey; thick outlines, saturated only), then grain again.
     */
    public static Image withEdges(int w, int h, long seed) {
        Random rnd = new Random(seed ^ 0x5DEECE66DL);
        BufferedImage bi = toBuffered(photo(w, h, seed));
        Graphics2D g = bi.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < 10; i++) {
            // Outlines (i % 4 == 3) are always saturated: a thick neutral ring is exactly what an overlay logo
            // looks like, so it is no fair "scene edge".
            boolean grey = i % 3 == 0 && i % 4 != 3;
            int v = rnd.nextInt(256);
            g.setColor(grey ? new Color(v, v, v) : Color.getHSBColor(rnd.nextFloat(), 0.6f + 0.4f * rnd.nextFloat(),
                    0.3f + 0.7f * rnd.nextFloat()));
            double x = rnd.nextDouble() * w * 0.8, y = rnd.nextDouble() * h * 0.8;
            double sw = (0.1 + 0.25 * rnd.nextDouble()) * w, sh = (0.1 + 0.25 * rnd.nextDouble()) * h;
            switch (i % 4) {
                case 0 -> g.fill(new Rectangle2D.Double(x, y, sw, sh));
                case 1 -> g.fill(AffineTransform.getRotateInstance(rnd.nextDouble(), x + sw / 2, y + sh / 2)
                        .createTransformedShape(new Rectangle2D.Double(x, y, sw, sh)));
                case 2 -> g.fill(new Ellipse2D.Double(x, y, sw, sh));
                default -> {
                    g.setStroke(new BasicStroke(12f));
                    g.draw(new Ellipse2D.Double(x, y, sw, sh));
                }
            }
        }
        g.dispose();
        Image img = fromBuffered(bi);
        addGrain(img.rgb(), rnd, 2.0);
        return img;
    }

    /** Antialiased coverage (0-1) of {@code text} in bold sans-serif, baseline at {@code (x, y)}. */
    public static float[] textCoverage(int w, int h, String text, float size, int x, int y) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = bi.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 1).deriveFont(size));
        g.drawString(text, x, y);
        g.dispose();
        float[] cov = new float[w * h];
        int[] px = bi.getRaster().getPixels(0, 0, w, h, (int[]) null);
        for (int i = 0; i < cov.length; i++) {
            cov[i] = px[i] / 255f;
        }
        return cov;
    }


    /**
     * Antialiased coverage (0-1) of {@code text} in bold sans-serif, rotated by {@code degrees} and repeated with
     * its baseline start at every lattice point {@code i t1 + j t2} (copies cut by the border included): a
     * stock-site grid.
     */
    public static float[] tiledTextCoverage(int w, int h, String text, float size, double degrees,
            double t1x, double t1y, double t2x, double t2y) {
        BufferedImage bi = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = bi.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 1).deriveFont(size));
        int reach = 2 * (w + h);
        for (int j = -40; j <= 40; j++) {
            for (int i = -40; i <= 40; i++) {
                double x = i * t1x + j * t2x, y = i * t1y + j * t2y;
                if (x < -reach || y < -reach || x > reach || y > reach) {
                    continue;
                }
                AffineTransform keep = g.getTransform();
                g.translate(x, y);
                g.rotate(Math.toRadians(degrees));
                g.drawString(text, 0f, 0f);
                g.setTransform(keep);
            }
        }
        g.dispose();
        float[] cov = new float[w * h];
        int[] px = bi.getRaster().getPixels(0, 0, w, h, (int[]) null);
        for (int i = 0; i < cov.length; i++) {
            cov[i] = px[i] / 255f;
        }
        return cov;
    }

    /**
     * A brick wall over the rows from {@code top} down (red-brown bricks with per-brick shade, light mortar
     * joints, running bond, grain), the rest of the frame a {@link #photo}: a naturally periodic texture.
     */
    public static Image bricks(int w, int h, long seed, int top, int brickW, int brickH) {
        Image img = photo(w, h, seed);
        Random rnd = new Random(seed * 31 + 7);
        for (int y = top; y < h; y++) {
            int row = (y - top) / brickH;
            for (int x = 0; x < w; x++) {
                int shifted = x + (row % 2) * brickW / 2;
                int col = shifted / brickW;
                boolean mortar = (y - top) % brickH < 3 || shifted % brickW < 3;
                long cellSeed = row * 1000L + col;
                double shade = mortar ? 0 : ((cellSeed * 2654435761L >>> 7) % 41) - 20;
                float r = mortar ? 170 : (float) (150 + shade), gg = mortar ? 165 : (float) (70 + shade * 0.5),
                        b = mortar ? 155 : (float) (55 + shade * 0.4);
                img.set(x, y, 0, r);
                img.set(x, y, 1, gg);
                img.set(x, y, 2, b);
            }
        }
        addGrain(img.rgb(), rnd, 3.0);
        return img;
    }

    /** A new image: {@code J = (1 - a c) I + a c W} per pixel, c the coverage, W the mark colour (R, G, B). */
    public static Image blend(Image clean, float[] coverage, double alpha, float r, float g, float b) {
        Image out = clean.copy();
        float[] rgb = out.rgb();
        float[] mark = {r, g, b};
        for (int i = 0; i < coverage.length; i++) {
            double a = alpha * coverage[i];
            for (int c = 0; c < 3; c++) {
                rgb[i * 3 + c] = (float) ((1 - a) * rgb[i * 3 + c] + a * mark[c]);
            }
        }
        return out;
    }

    /** The pixels whose coverage exceeds {@code above}. */
    public static Mask maskWhere(float[] coverage, int w, int h, float above) {
        Mask m = Mask.empty(w, h);
        for (int i = 0; i < coverage.length; i++) {
            if (coverage[i] > above) {
                m.data()[i] = Mask.ON;
            }
        }
        return m;
    }

    private static double smoothGrid(double[] grid, int gw, int gh, double u, double v) {
        double fx = u * (gw - 1), fy = v * (gh - 1);
        int x0 = Math.min((int) fx, gw - 2), y0 = Math.min((int) fy, gh - 2);
        double tx = smoothstep(fx - x0), ty = smoothstep(fy - y0);
        double top = grid[y0 * gw + x0] * (1 - tx) + grid[y0 * gw + x0 + 1] * tx;
        double bottom = grid[(y0 + 1) * gw + x0] * (1 - tx) + grid[(y0 + 1) * gw + x0 + 1] * tx;
        return top * (1 - ty) + bottom * ty;
    }

    private static double smoothstep(double t) {
        return t * t * (3 - 2 * t);
    }

    private static void addGrain(float[] rgb, Random rnd, double sigma) {
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (float) Math.max(0, Math.min(255, rgb[i] + rnd.nextGaussian() * sigma));
        }
    }

    private static BufferedImage toBuffered(Image img) {
        BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < img.height(); y++) {
            for (int x = 0; x < img.width(); x++) {
                int r = clamp(img.get(x, y, 0)), g = clamp(img.get(x, y, 1)), b = clamp(img.get(x, y, 2));
                bi.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return bi;
    }

    private static Image fromBuffered(BufferedImage bi) {
        Image img = Image.blank(bi.getWidth(), bi.getHeight());
        for (int y = 0; y < bi.getHeight(); y++) {
            for (int x = 0; x < bi.getWidth(); x++) {
                int p = bi.getRGB(x, y);
                img.set(x, y, 0, (p >> 16) & 0xFF);
                img.set(x, y, 1, (p >> 8) & 0xFF);
                img.set(x, y, 2, p & 0xFF);
            }
        }
        return img;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
