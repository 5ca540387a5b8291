// Makes the watermarked example images shipped in examples/ and the test fixture in core/src/test/resources.
// Usage: java examples/MakeExample.java PHOTO OUT_DIR NAME WIDTH "TEXT" OPACITY
// Writes NAME.jpg (watermarked, JPEG q90), NAME-clean.png (the photo at WIDTH), NAME-mask.png (pixels the text
// covers, 0/255) and NAME-alpha.png (the text's opacity, 0-255). The blend is J = I (1 - a) + W a with W white.
import java.awt.*;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.File;
import javax.imageio.*;
import javax.imageio.stream.ImageOutputStream;

public class MakeExample {
    public static void main(String[] a) throws Exception {
        BufferedImage photo = ImageIO.read(new File(a[0]));
        File out = new File(a[1]);
        String name = a[2];
        int w = Integer.parseInt(a[3]);
        int h = Math.round(photo.getHeight() * (float) w / photo.getWidth());
        String text = a[4];
        float opacity = Float.parseFloat(a[5]);

        BufferedImage clean = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = clean.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(photo, 0, 0, w, h, null);
        g.dispose();

        // The text's coverage, rendered antialiased into a gray image: that is the watermark's alpha.
        BufferedImage cover = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        g = cover.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, 10);
        File dejavu = new File("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf");
        if (dejavu.isFile()) {
            font = Font.createFont(Font.TRUETYPE_FONT, dejavu);
        }
        float size = w * 0.09f;
        g.setFont(font.deriveFont(Font.BOLD, size));
        FontMetrics fm = g.getFontMetrics();
        int tw = fm.stringWidth(text);
        AffineTransform t = new AffineTransform();
        t.translate(w / 2.0, h * 0.55);
        t.rotate(Math.toRadians(-12));
        g.setTransform(t);
        g.setColor(Color.WHITE);
        g.drawString(text, -tw / 2f, fm.getAscent() / 3f);
        g.dispose();

        BufferedImage marked = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        BufferedImage mask = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage alpha = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float al = opacity * cover.getRaster().getSample(x, y, 0) / 255f;
                int rgb = clean.getRGB(x, y);
                int r = blend((rgb >> 16) & 255, al), gg = blend((rgb >> 8) & 255, al), b = blend(rgb & 255, al);
                marked.setRGB(x, y, (r << 16) | (gg << 8) | b);
                mask.getRaster().setSample(x, y, 0, al > 0 ? 255 : 0);
                alpha.getRaster().setSample(x, y, 0, Math.round(al * 255));
            }
        }
        out.mkdirs();
        ImageIO.write(clean, "png", new File(out, name + "-clean.png"));
        ImageIO.write(mask, "png", new File(out, name + "-mask.png"));
        ImageIO.write(alpha, "png", new File(out, name + "-alpha.png"));
        ImageWriter jw = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam p = jw.getDefaultWriteParam();
        p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        p.setCompressionQuality(0.9f);
        try (ImageOutputStream os = ImageIO.createImageOutputStream(new File(out, name + ".jpg"))) {
            jw.setOutput(os);
            jw.write(null, new IIOImage(marked, null, null), p);
        }
        jw.dispose();
    }

    static int blend(int v, float a) {
        return Math.round(v * (1 - a) + 255 * a);
    }
}
