package dev.unmark.train;

import java.awt.Graphics2D;
import java.awt.Image;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Stages more clean photos for training from unpacked Debian packages (train/README.md, "More photos"): every
 * JPEG, PNG and WebP under the given folders, and the WebP images embedded in Qt resource bundles ({@code .rcc},
 * as GCompris ships its photos), reduced to {@link #LONG_SIDE} px and written as JPEG with a manifest of where each
 * came from.
 *
 * <p>A photo that any benchmark set could have been made from must not be trained on, and the packages hold the
 * benchmark's own photos again under other names and crops: each candidate's {@link #THUMB}-px grey thumbnail is
 * compared with every photo of the reference folder, and one that correlates above {@link #SAME_PHOTO} with any of
 * them, or with a photo staged before it (packages ship one picture at several sizes), is left out.
 *
 * <p>Usage: {@code ExtraPhotos --reference ../shared/bench/photos --out DIR SOURCE...}
 */
public final class ExtraPhotos {

    static final int LONG_SIDE = 1280;
    /** Smaller images are icons and thumbnails, not photos. */
    static final int MIN_LONG_SIDE = 400;
    static final int THUMB = 24;
    /** Thumbnail correlation from which two images count as the same photo (measured: copies 0.95-1.0, others below 0.89). */
    static final double SAME_PHOTO = 0.9;
    /** Embedded images smaller than this are interface art. */
    private static final int MIN_EMBEDDED_BYTES = 60_000;

    private ExtraPhotos() {
    }

    public static void main(String[] args) throws IOException {
        Path reference = null, out = null;
        List<Path> sources = new ArrayList<>();
        for (int k = 0; k < args.length; k++) {
            switch (args[k]) {
                case "--reference" -> reference = Path.of(args[++k]);
                case "--out" -> out = Path.of(args[++k]);
                default -> sources.add(Path.of(args[k]));
            }
        }
        if (reference == null || out == null || sources.isEmpty()) {
            throw new IllegalArgumentException("usage: ExtraPhotos --reference PHOTOS --out DIR SOURCE...");
        }
        Map<String, double[]> known = new LinkedHashMap<>();
        for (Path p : MarkTrain.list(reference, ".jpg", ".jpeg", ".png")) {
            BufferedImage img = ImageIO.read(p.toFile());
            if (img != null) {
                known.put(p.getFileName().toString(), thumbnail(img));
            }
        }
        Files.createDirectories(out);
        StringBuilder manifest = new StringBuilder("file\tsource\n");
        int kept = 0, same = 0, small = 0;
        for (Path source : sources) {
            for (Candidate c : candidates(source)) {
                BufferedImage img = ImageIO.read(new ByteArrayInputStream(c.bytes()));
                if (img == null || Math.max(img.getWidth(), img.getHeight()) < MIN_LONG_SIDE) {
                    small++;
                    continue;
                }
                double[] thumb = thumbnail(img);
                String match = sameAs(thumb, known);
                if (match != null) {
                    System.out.println("left out " + c.origin() + ": same photo as " + match);
                    same++;
                    continue;
                }
                String name = String.format(Locale.ROOT, "x%04d.jpg", kept++);
                ImageIO.write(reduced(img), "jpg", out.resolve(name).toFile());
                manifest.append(name).append('\t').append(c.origin()).append('\n');
                known.put(name, thumb); // packages ship one picture at several sizes: stage it once
            }
        }
        Files.writeString(out.resolve("manifest.tsv"), manifest);
        System.out.println(kept + " photos staged, " + same + " left out as benchmark photos, " + small
                + " too small or unreadable");
    }

    record Candidate(String origin, byte[] bytes) {
    }

    /** The image files under {@code source} (a folder or one file), with each Qt bundle's embedded WebP images. */
    static List<Candidate> candidates(Path source) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.isDirectory(source) ? Files.walk(source) : Stream.of(source)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<Candidate> out = new ArrayList<>();
        for (Path f : files) {
            String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
            if (n.endsWith(".rcc")) {
                List<byte[]> embedded = embeddedWebp(Files.readAllBytes(f));
                for (int k = 0; k < embedded.size(); k++) {
                    out.add(new Candidate(f + "#webp" + k, embedded.get(k)));
                }
            } else if (n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png") || n.endsWith(".webp")) {
                out.add(new Candidate(f.toString(), Files.readAllBytes(f)));
            }
        }
        return out;
    }

    /**
     * The WebP files stored in a byte array: RIFF chunks ({@code "RIFF" size "WEBP"}, little-endian size) of at
     * least {@link #MIN_EMBEDDED_BYTES}. Qt stores already compressed images uncompressed, so they appear whole.
     */
    static List<byte[]> embeddedWebp(byte[] data) {
        List<byte[]> out = new ArrayList<>();
        byte[] riff = "RIFF".getBytes(StandardCharsets.US_ASCII), webp = "WEBP".getBytes(StandardCharsets.US_ASCII);
        int i = 0;
        while ((i = indexOf(data, riff, i)) >= 0) {
            if (i + 12 <= data.length && startsWith(data, webp, i + 8)) {
                long size = (ByteBuffer.wrap(data, i + 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL) + 8;
                if (i + size <= data.length) {
                    if (size >= MIN_EMBEDDED_BYTES) {
                        out.add(java.util.Arrays.copyOfRange(data, i, (int) (i + size)));
                    }
                    i += (int) size;
                    continue;
                }
            }
            i += riff.length;
        }
        return out;
    }

    /** The reference photo the thumbnail matches, or null. */
    static String sameAs(double[] thumb, Map<String, double[]> known) {
        for (Map.Entry<String, double[]> e : known.entrySet()) {
            double c = 0;
            for (int k = 0; k < thumb.length; k++) {
                c += thumb[k] * e.getValue()[k];
            }
            if (c > SAME_PHOTO) {
                return e.getKey();
            }
        }
        return null;
    }

    /** A grey {@link #THUMB}-px thumbnail with zero mean and unit norm (so a dot product is a correlation). */
    static double[] thumbnail(BufferedImage img) {
        BufferedImage t = new BufferedImage(THUMB, THUMB, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = t.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(img.getScaledInstance(THUMB, THUMB, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        double[] v = new double[THUMB * THUMB];
        double mean = 0;
        for (int k = 0; k < v.length; k++) {
            int c = t.getRGB(k % THUMB, k / THUMB);
            v[k] = ((c >> 16 & 255) + (c >> 8 & 255) + (c & 255)) / 3.0;
            mean += v[k] / v.length;
        }
        double norm = 0;
        for (int k = 0; k < v.length; k++) {
            v[k] -= mean;
            norm += v[k] * v[k];
        }
        norm = Math.sqrt(norm) + 1e-9;
        for (int k = 0; k < v.length; k++) {
            v[k] /= norm;
        }
        return v;
    }

    /** The photo over white (transparent wallpapers), at most {@link #LONG_SIDE} px on its long side. */
    private static BufferedImage reduced(BufferedImage img) {
        double s = Math.min(1.0, (double) LONG_SIDE / Math.max(img.getWidth(), img.getHeight()));
        int w = (int) Math.round(img.getWidth() * s), h = (int) Math.round(img.getHeight() * s);
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.drawImage(img.getScaledInstance(w, h, Image.SCALE_AREA_AVERAGING), 0, 0, null);
        g.dispose();
        return out;
    }

    private static int indexOf(byte[] data, byte[] what, int from) {
        for (int i = Math.max(0, from); i + what.length <= data.length; i++) {
            if (startsWith(data, what, i)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] data, byte[] what, int at) {
        if (at + what.length > data.length) {
            return false;
        }
        for (int k = 0; k < what.length; k++) {
            if (data[at + k] != what[k]) {
                return false;
            }
        }
        return true;
    }
}
