package dev.unmark.bench;

import dev.unmark.UnmarkException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code report.html}: per set a chart of quality against seconds per image for each configuration (PNG drawn
 * with Java2D) and a gallery of the worst images first by PSNR (input | mask | output | clean thumbnails).
 */
final class HtmlReport {

    /** Thumbnail width; galleries show this many worst images per set and configuration. */
    static final int THUMB = 200, WORST = 8;

    private HtmlReport() {
    }

    static void write(Path out, List<SetSummary> rows, Map<String, BenchSet> sets) {
        StringBuilder html = new StringBuilder("<!doctype html><meta charset=utf-8><title>bench report</title>"
                + "<style>body{font-family:sans-serif}td{vertical-align:top;font-size:12px}img{display:block}</style>"
                + "<h1>bench report</h1><p>Tables: report.md / report.csv. Galleries: worst PSNR first.</p>");
        Map<String, List<SetSummary>> bySet = new LinkedHashMap<>();
        rows.forEach(r -> bySet.computeIfAbsent(r.set(), k -> new ArrayList<>()).add(r));
        for (var e : bySet.entrySet()) {
            String label = e.getKey();
            String file = "charts/" + label.replace('/', '-') + ".png";
            BenchImages.writePng(chart(label, e.getValue()), out.resolve(file));
            html.append("<h2>").append(esc(label)).append("</h2><img src='").append(file).append("'>");
            BenchSet set = sets.get(label);
            for (SetSummary s : e.getValue()) {
                html.append("<h3>").append(esc(s.config())).append("</h3><table>")
                        .append("<tr><th>image</th><th>input</th><th>mask</th><th>output</th><th>clean</th></tr>");
                List<ImageScore> worst = s.scores().stream().sorted(Comparator.comparingDouble(ImageScore::psnr))
                        .limit(WORST).toList();
                for (ImageScore i : worst) {
                    BenchSet.Item item = set.items().stream().filter(it -> it.name().equals(i.name())).findFirst()
                            .orElseThrow();
                    Path dir = BenchRunner.outputDir(out, label, s.config());
                    Path predMask = dir.resolve("mask/" + i.name() + ".png");
                    html.append("<tr><td>").append(esc(i.name())).append("<br>PSNR ").append(Reports.f(i.psnr(), 2))
                            .append("<br>SSIM256 ").append(Reports.f(i.ssim256(), 4))
                            .append(i.failed() ? "<br><b>failed</b>" : "").append("</td>");
                    String base = "thumbs/" + label.replace('/', '-') + "/" + s.config() + "/" + i.name();
                    thumbCell(html, out, item.input(), base + "-input.png");
                    thumbCell(html, out, Files.exists(predMask) ? predMask : item.mask(), base + "-mask.png");
                    thumbCell(html, out, dir.resolve(i.name() + ".png"), base + "-output.png");
                    thumbCell(html, out, item.clean(), base + "-clean.png");
                    html.append("</tr>");
                }
                html.append("</table>");
            }
        }
        try {
            Files.writeString(out.resolve("report.html"), html);
        } catch (IOException ex) {
            throw new UnmarkException(out + ": " + ex.getMessage(), ex);
        }
    }

    private static void thumbCell(StringBuilder html, Path out, Path src, String rel) {
        html.append("<td>");
        if (Files.isRegularFile(src)) {
            try {
                BufferedImage t = thumbnail(BenchImages.readBuffered(src));
                BenchImages.writePng(t, out.resolve(rel));
                html.append("<img src='").append(esc(rel)).append("'>");
            } catch (UnmarkException e) {
                html.append("unreadable");
            }
        } else {
            html.append("missing");
        }
        html.append("</td>");
    }

    /**
     * A {@link #THUMB}-wide copy, shrunk by halves before the last bilinear step: one bilinear step from 1920 px
     * samples only a few source pixels per output pixel, which drops thin marks and text from the thumbnail.
     */
    static BufferedImage thumbnail(BufferedImage b) {
        int targetH = Math.max(1, b.getHeight() * THUMB / b.getWidth());
        BufferedImage cur = b;
        int cw = b.getWidth(), ch = b.getHeight();
        do {
            int nw = Math.max(THUMB, cw / 2), nh = Math.max(targetH, ch / 2);
            BufferedImage next = new BufferedImage(nw, nh, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = next.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.drawImage(cur, 0, 0, nw, nh, null);
            g.dispose();
            cur = next;
            cw = nw;
            ch = nh;
        } while (cw > THUMB || ch > targetH);
        return cur;
    }

    /** PSNR256 against median seconds per image (log scale), one labelled point per configuration. */
    static BufferedImage chart(String title, List<SetSummary> rows) {
        int w = 640, h = 400, left = 60, right = 20, top = 30, bottom = 50;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        double minS = 1e-4, maxS = 1;
        double minQ = Double.MAX_VALUE, maxQ = -Double.MAX_VALUE;
        for (SetSummary s : rows) {
            minQ = Math.min(minQ, s.psnr256());
            maxQ = Math.max(maxQ, s.psnr256());
            if (!Double.isNaN(s.medianSeconds())) {
                maxS = Math.max(maxS, s.medianSeconds());
            }
        }
        if (!(maxQ > minQ)) {
            minQ -= 1;
            maxQ += 1;
        }
        // Padding, so the extreme points and their labels sit inside the frame rather than on its edge.
        double pad = 0.08 * (maxQ - minQ);
        minQ -= pad;
        maxQ += pad;
        int maxDecade = (int) Math.ceil(Math.log10(maxS) - 1e-9);
        maxS = Math.pow(10, maxDecade);
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1));
        g.drawRect(left, top, w - left - right, h - top - bottom);
        g.drawString(title + ": PSNR256 (dB) vs median s/image (log)", left, 18);
        int minDecade = (int) Math.round(Math.log10(minS));
        for (int e = minDecade; e <= maxDecade; e++) {
            int x = left + (int) ((double) (e - minDecade) / (maxDecade - minDecade) * (w - left - right));
            g.drawLine(x, h - bottom, x, h - bottom + 4);
            String label = java.math.BigDecimal.ONE.scaleByPowerOfTen(e).toPlainString(); // 0.0001, not 1.0E-4
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, h - bottom + 18);
        }
        g.drawString("median s/image", left + (w - left - right) / 2 - 40, h - bottom + 36);
        g.drawString(Reports.f(maxQ, 1), 10, top + 10);
        g.drawString(Reports.f(minQ, 1), 10, h - bottom);
        Color[] palette = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
            new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75)};
        int k = 0;
        int lineHeight = g.getFontMetrics().getHeight();
        List<Rectangle> placed = new ArrayList<>();
        for (SetSummary s : rows) {
            double sec = Double.isNaN(s.medianSeconds()) ? minS : Math.max(minS, s.medianSeconds());
            int x = left + (int) ((Math.log10(sec) - Math.log10(minS)) / (Math.log10(maxS) - Math.log10(minS)) * (w - left - right));
            int y = top + (int) ((maxQ - s.psnr256()) / (maxQ - minQ) * (h - top - bottom));
            g.setColor(palette[k++ % palette.length]);
            g.fillOval(x - 5, y - 5, 10, 10);
            String text = s.config() + " " + Reports.f(s.psnr256(), 2);
            int textW = g.getFontMetrics().stringWidth(text);
            int tx = Math.min(x + 8, w - textW - 4);
            int ty = y + 4;
            // Configurations with similar scores would print over each other: move a label down until it is free.
            Rectangle box = new Rectangle(tx, ty - lineHeight + 4, textW, lineHeight);
            while (overlapsAny(box, placed)) {
                box.translate(0, lineHeight);
            }
            placed.add(box);
            if (box.y + lineHeight - 4 != ty) {
                g.drawLine(x, y, box.x - 2, box.y + lineHeight / 2);
            }
            g.drawString(text, box.x, box.y + lineHeight - 4);
        }
        g.dispose();
        return img;
    }

    private static boolean overlapsAny(Rectangle box, List<Rectangle> placed) {
        for (Rectangle r : placed) {
            if (r.intersects(box)) {
                return true;
            }
        }
        return false;
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
