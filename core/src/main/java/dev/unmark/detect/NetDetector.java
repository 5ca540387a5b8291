package dev.unmark.detect;

import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Rect;
import dev.unmark.internal.MatScope;
import dev.unmark.internal.Morphology;
import dev.unmark.internal.OpenCv;
import dev.unmark.matte.Matte;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Finds watermarks of any kind (text, logos, shapes, grids) with unmark's own segmentation network
 * ({@link MarkNet}): the image, reduced to at most {@link NetConfig#maxSide} on its long side and padded to the
 * network's multiple, gets a per-pixel probability of having been changed by a watermark; pixels above the
 * threshold form the mask, and marked pixels near each other ({@link NetConfig#groupRadius}) form one region whose
 * confidence is their mean probability.
 *
 * <p>The network judges a pixel from about 300 px around it, so it sees what the classical cues try to describe
 * (an overlay's constant colour, crisp edges that ignore the photo's, a flat layout) without a hand-written rule
 * for each; the cost is a forward pass of about 20 k multiply-adds per pixel of the reduced image.
 */
public final class NetDetector implements WatermarkDetector {

    public static final String KIND = "mark";

    private final NetConfig config;
    private final Supplier<MarkNet> model;

    public NetDetector() {
        this(NetConfig.defaults());
    }

    public NetDetector(NetConfig config) {
        this(config, MarkNet::shared);
    }

    /** With a model source other than the shipped one (tests of the failure path). */
    NetDetector(NetConfig config, Supplier<MarkNet> model) {
        this.config = Objects.requireNonNull(config, "config");
        this.model = Objects.requireNonNull(model, "model");
    }

    @Override
    public String name() {
        return "net";
    }

    @Override
    public Detection detect(Image image) {
        try (MatScope s = new MatScope()) {
            return regions(s, predict(s, model.get(), image), image.width(), image.height());
        }
    }

    /**
     * The network's outputs at the working size ({@code ww x wh}: the image reduced so its long side is at most
     * {@link NetConfig#maxSide}), as Mats: probability and opacity ({@code CV_32FC1}) and colour ({@code CV_32FC3},
     * 0-255 RGB).
     */
    record Working(Mat probability, Mat alpha, Mat colour, int width, int height) {
    }

    /** Runs the network on the image reduced to the working size and padded to the network's multiple. */
    Working predict(MatScope s, MarkNet net, Image image) {
        OpenCv.ensureLoaded();
        int w = image.width(), h = image.height();
        double scale = Math.min(1.0, (double) config.maxSide() / Math.max(w, h));
        int ww = Math.max(1, (int) Math.round(w * scale)), wh = Math.max(1, (int) Math.round(h * scale));
        int pw = ceil(ww, MarkNet.MULTIPLE), ph = ceil(wh, MarkNet.MULTIPLE);
        // 8-bit samples, as the network was trained on decoded JPEGs; a quarter of a float copy on a large photo.
        Mat work = s.track(OpenCv.toBgr8(image));
        if (ww != w || wh != h) {
            Mat small = s.track(new Mat());
            Imgproc.resize(work, small, new Size(ww, wh), 0, 0, Imgproc.INTER_AREA);
            work = small;
        }
        if (pw != ww || ph != wh) {
            Mat padded = s.track(new Mat());
            // Mirror the photo into the padding, so the border looks like more photo; replicate where the image is
            // too small to mirror.
            int border = pw - ww < ww && ph - wh < wh ? Core.BORDER_REFLECT_101 : Core.BORDER_REPLICATE;
            Core.copyMakeBorder(work, padded, 0, ph - wh, 0, pw - ww, border);
            work = padded;
        }
        byte[] bgr = new byte[pw * ph * 3];
        work.get(0, 0, bgr);
        float[] rgb = new float[bgr.length];
        for (int i = 0; i < bgr.length; i += 3) {
            rgb[i] = bgr[i + 2] & 0xFF;
            rgb[i + 1] = bgr[i + 1] & 0xFF;
            rgb[i + 2] = bgr[i] & 0xFF;
        }
        MarkNet.Output o = net.run(rgb, pw, ph);
        return new Working(plane(s, o.probability(), 1, pw, ph, ww, wh), plane(s, o.alpha(), 1, pw, ph, ww, wh),
                plane(s, o.colour(), 3, pw, ph, ww, wh), ww, wh);
    }

    /** A padded output plane as a Mat cropped to the working size. */
    private static Mat plane(MatScope s, float[] v, int channels, int pw, int ph, int ww, int wh) {
        Mat m = s.track(new Mat(ph, pw, CvType.CV_32FC(channels)));
        m.put(0, 0, v);
        return s.track(m.submat(0, wh, 0, ww));
    }

    /**
     * Thresholds and groups the marks at the working size (cheap on any photo), then, for each region, brings the
     * probability, opacity and colour of its box to full resolution (bilinear, pixel centres aligned), so the cost
     * of the full-resolution masks follows the marks' size.
     */
    Detection regions(MatScope s, Working out, int w, int h) {
        int ww = out.width(), wh = out.height();
        float[] prob = new float[ww * wh];
        out.probability().get(0, 0, prob);
        byte[] marked = new byte[ww * wh];
        boolean any = false;
        for (int i = 0; i < marked.length; i++) {
            if (prob[i] > config.threshold()) {
                marked[i] = Mask.ON;
                any = true;
            }
        }
        if (!any) {
            return Detection.none(w, h);
        }
        double sx = (double) ww / w, sy = (double) wh / h;
        int radius = (int) Math.round(config.groupRadius() * Math.min(ww, wh));
        byte[] grown = radius > 0 ? Morphology.dilate(marked, ww, wh, radius) : marked;
        Mat g = s.track(new Mat(wh, ww, CvType.CV_8UC1));
        g.put(0, 0, grown);
        Mat labelMat = s.track(new Mat());
        int count = Imgproc.connectedComponents(g, labelMat, 8, CvType.CV_32S);
        int[] labels = new int[ww * wh];
        labelMat.get(0, 0, labels);
        Mat labelsF = s.track(new Mat()); // warpAffine does not take CV_32S; labels are exact in float
        labelMat.convertTo(labelsF, CvType.CV_32F);
        // Per group at the working size: box, marked pixels and their probability sum.
        int[] x0 = new int[count], y0 = new int[count], x1 = new int[count], y1 = new int[count];
        long[] n = new long[count];
        double[] sum = new double[count];
        java.util.Arrays.fill(x0, Integer.MAX_VALUE);
        java.util.Arrays.fill(y0, Integer.MAX_VALUE);
        java.util.Arrays.fill(x1, -1);
        java.util.Arrays.fill(y1, -1);
        for (int y = 0; y < wh; y++) {
            for (int x = 0; x < ww; x++) {
                int i = y * ww + x;
                if (marked[i] == 0) {
                    continue;
                }
                int k = labels[i];
                n[k]++;
                sum[k] += prob[i];
                x0[k] = Math.min(x0[k], x);
                y0[k] = Math.min(y0[k], y);
                x1[k] = Math.max(x1[k], x);
                y1[k] = Math.max(y1[k], y);
            }
        }
        long minPixels = Math.max(config.minPixels(), (long) Math.ceil(config.minArea() * w * h));
        byte[] full = new byte[w * h];
        float[] alphaMap = new float[w * h];
        List<Region> regions = new ArrayList<>();
        for (int k = 1; k < count; k++) {
            if (n[k] == 0 || n[k] / (sx * sy) < minPixels) {
                continue;
            }
            if (sum[k] / n[k] < config.minConfidence()) {
                continue;
            }
            // The group's box at full size, one working pixel wider on each side (bilinear reach).
            int bx0 = Math.max(0, (int) Math.floor((x0[k] - 1) / sx)), by0 = Math.max(0, (int) Math.floor((y0[k] - 1) / sy));
            int bx1 = Math.min(w, (int) Math.ceil((x1[k] + 2) / sx)), by1 = Math.min(h, (int) Math.ceil((y1[k] + 2) / sy));
            Rect outer = new Rect(bx0, by0, bx1 - bx0, by1 - by0);
            Region r = region(s, out, labelsF, k, outer, sx, sy, sum[k] / n[k], full, alphaMap, w);
            if (r != null) {
                regions.add(r);
            }
        }
        if (regions.isEmpty()) {
            return Detection.none(w, h);
        }
        return new Detection(Mask.wrap(w, h, full), regions, alphaMap);
    }

    /**
     * One group's region at full resolution inside {@code outer}: its pixels (probability above the threshold and
     * the group's label, nearest), their opacity and colour; marks them in {@code full} and {@code alphaMap}.
     */
    private Region region(MatScope s, Working out, Mat labels, int k, Rect outer, double sx, double sy,
                          double confidence, byte[] full, float[] alphaMap, int w) {
        int bw = outer.width(), bh = outer.height();
        Mat p = s.track(toBox(out.probability(), outer, sx, sy, Imgproc.INTER_LINEAR));
        Mat a = s.track(toBox(out.alpha(), outer, sx, sy, Imgproc.INTER_LINEAR));
        Mat c = s.track(toBox(out.colour(), outer, sx, sy, Imgproc.INTER_LINEAR));
        Mat l = s.track(toBox(labels, outer, sx, sy, Imgproc.INTER_NEAREST));
        float[] pv = new float[bw * bh], av = new float[bw * bh], cv = new float[bw * bh * 3], lv = new float[bw * bh];
        p.get(0, 0, pv);
        a.get(0, 0, av);
        c.get(0, 0, cv);
        l.get(0, 0, lv);
        int minX = bw, minY = bh, maxX = -1, maxY = -1;
        long count = 0;
        for (int y = 0; y < bh; y++) {
            for (int x = 0; x < bw; x++) {
                int j = y * bw + x;
                if (pv[j] > config.threshold() && lv[j] == k) {
                    count++;
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (count == 0) {
            return null;
        }
        Rect box = new Rect(outer.x() + minX, outer.y() + minY, maxX - minX + 1, maxY - minY + 1);
        byte[] own = new byte[(int) box.area()];
        float[] alpha = new float[own.length];
        Image layer = Image.blank(box.width(), box.height());
        float[] colour = layer.rgb();
        for (int y = minY; y <= maxY; y++) {
            for (int x = minX; x <= maxX; x++) {
                int j = y * bw + x;
                if (pv[j] > config.threshold() && lv[j] == k) {
                    int o = (y - minY) * box.width() + x - minX;
                    own[o] = Mask.ON;
                    alpha[o] = av[j];
                    System.arraycopy(cv, j * 3, colour, o * 3, 3);
                    int i = (outer.y() + y) * w + outer.x() + x;
                    full[i] = Mask.ON;
                    alphaMap[i] = av[j];
                }
            }
        }
        return new Region(box, KIND, confidence, count, Mask.wrap(box.width(), box.height(), own), null,
                new Matte(box, alpha, layer));
    }

    /**
     * The full-resolution pixels of {@code box} sampled from a working-size Mat: pixel centres map as
     * {@code xw = (x + 0.5) sx - 0.5}.
     */
    private static Mat toBox(Mat working, Rect box, double sx, double sy, int interpolation) {
        Mat m = new Mat(2, 3, CvType.CV_64FC1);
        m.put(0, 0, sx, 0, (box.x() + 0.5) * sx - 0.5, 0, sy, (box.y() + 0.5) * sy - 0.5);
        Mat out = new Mat();
        Imgproc.warpAffine(working, out, m, new Size(box.width(), box.height()),
                interpolation | Imgproc.WARP_INVERSE_MAP, Core.BORDER_REPLICATE);
        m.release();
        return out;
    }

    private static int ceil(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }
}
