package dev.unmark.train;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** The licensed sources the synthetic marks are made of, less what the benchmark sets were built from. */
record TrainingData(List<BufferedImage> photos, List<BufferedImage> logos, List<Font> fonts, int excludedPhotos,
                    int excludedLogos) {

    private static final Pattern SOURCE = Pattern.compile("\"(photo|logo)\":\\s*\"([^\"]+)\"");

    static TrainingData load(List<Path> photoDirs, Path logoDir, Path fontDir, List<Path> excludeSets) throws IOException {
        Set<String> used = usedSources(excludeSets);
        List<BufferedImage> photos = new ArrayList<>();
        int skippedPhotos = 0;
        List<Path> photoFiles = new ArrayList<>();
        for (Path dir : photoDirs) {
            photoFiles.addAll(MarkTrain.list(dir, ".jpg", ".jpeg", ".png"));
        }
        for (Path p : photoFiles) {
            if (used.contains(p.getFileName().toString())) {
                skippedPhotos++;
                continue;
            }
            BufferedImage img = ImageIO.read(p.toFile());
            if (img != null) {
                photos.add(rgb(img));
            }
        }
        List<BufferedImage> logos = new ArrayList<>();
        int skippedLogos = 0;
        for (Path p : MarkTrain.list(logoDir, ".png")) {
            if (used.contains(p.getFileName().toString())) {
                skippedLogos++;
                continue;
            }
            BufferedImage img = ImageIO.read(p.toFile());
            if (img != null) {
                logos.add(img);
            }
        }
        List<Font> fonts = new ArrayList<>();
        for (Path p : MarkTrain.list(fontDir, ".ttf", ".otf", ".ttc")) {
            try {
                fonts.addAll(List.of(Font.createFonts(p.toFile())));
            } catch (FontFormatException e) {
                throw new IOException(p + ": not a font", e);
            }
        }
        return new TrainingData(photos, logos, fonts, skippedPhotos, skippedLogos);
    }

    String describe() {
        return photos.size() + " photos (" + excludedPhotos + " excluded), " + logos.size() + " logos ("
                + excludedLogos + " excluded), " + fonts.size() + " fonts";
    }

    /** File names of the photos and logos named in any meta.jsonl under the given folders. */
    static Set<String> usedSources(List<Path> setRoots) throws IOException {
        Set<String> used = new HashSet<>();
        for (Path root : setRoots) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.getFileName().toString().equals("meta.jsonl")).forEach(f -> {
                    try {
                        Matcher m = SOURCE.matcher(Files.readString(f));
                        while (m.find()) {
                            used.add(Path.of(m.group(2)).getFileName().toString());
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
        return used;
    }

    private static BufferedImage rgb(BufferedImage img) {
        if (img.getType() == BufferedImage.TYPE_INT_RGB) {
            return img;
        }
        BufferedImage out = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_INT_RGB);
        out.createGraphics().drawImage(img, 0, 0, null);
        return out;
    }
}
