package dev.unmark.bench;

import dev.unmark.UnmarkException;
import dev.unmark.image.Distances;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bench split}: RMSEw of a finished {@code bench run}, split by how wide the hole is at each pixel. Fill
 * methods differ most with width (diffusion is fine on thin strokes and smears wide holes), which the set means
 * hide. The hole is the true mask grown by {@code --dilate} px (2, as the gt-mask configurations fill it); its
 * local width at a pixel is the diameter of the largest disc inside the hole that covers the pixel
 * ({@link Distances#localWidth}). Only pixels of the true mask are scored, as RMSEw does.
 */
@Command(name = "split", mixinStandardHelpOptions = true,
        description = "RMSE inside the true mask split by the hole's local width, for the outputs of a bench run.")
final class SplitCommand implements Callable<Integer> {

    @Option(names = "--set", required = true, description = "A set folder, or a folder of sets; repeatable.")
    List<Path> sets;

    @Option(names = "--run", required = true, description = "The --out folder of a bench run over these sets.")
    Path run;

    @Option(names = "--config", split = ",", description = "Configurations to score (default: every folder found).")
    List<String> configs;

    @Option(names = "--width", defaultValue = "8", description = "Pixels of holes wider than this are 'wide' "
            + "(default ${DEFAULT-VALUE}).")
    double width;

    @Option(names = "--dilate", defaultValue = "2", description = "Growth of the true mask into the hole whose width "
            + "is measured (default ${DEFAULT-VALUE}, as gt-mask configurations).")
    int dilate;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = one per core).")
    int threads;

    @Option(names = "--limit", defaultValue = "0", description = "The first N images of each set, as bench run "
            + "--limit (0 = all).")
    int limit;

    /** Squared errors and sample counts of one image, thin and wide. */
    record Split(String name, double thinSq, long thinN, double wideSq, long wideN) {
        double thin() {
            return thinN == 0 ? Double.NaN : Math.sqrt(thinSq / thinN);
        }

        double wide() {
            return wideN == 0 ? Double.NaN : Math.sqrt(wideSq / wideN);
        }

        double all() {
            return thinN + wideN == 0 ? Double.NaN : Math.sqrt((thinSq + wideSq) / (thinN + wideN));
        }
    }

    @Override
    public Integer call() throws Exception {
        List<BenchSet> all = new ArrayList<>();
        for (Path p : sets) {
            all.addAll(BenchSet.open(p));
        }
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        StringBuilder md = new StringBuilder(String.format(Locale.ROOT, "| set | config | RMSEw | RMSEw width <= %s |"
                + " RMSEw width > %s | wide share of mask px | images with wide px |\n|---|---|---|---|---|---|---|\n",
                f(width, 0), f(width, 0)));
        try {
            for (BenchSet set : all) {
                Path setDir = run.resolve(set.label());
                List<String> names = configs != null ? configs : configFolders(setDir);
                List<BenchSet.Item> items = limit > 0 && set.items().size() > limit
                        ? set.items().subList(0, limit) : set.items();
                List<Future<float[]>> widths = new ArrayList<>();
                for (BenchSet.Item item : items) {
                    widths.add(pool.submit(() -> Distances.localWidth(
                            Masks.dilate(BenchImages.readMask(item.mask()), dilate))));
                }
                List<float[]> widthMaps = new ArrayList<>();
                for (Future<float[]> fw : widths) {
                    widthMaps.add(fw.get());
                }
                for (String config : names) {
                    Path dir = setDir.resolve(config);
                    List<Future<Split>> fs = new ArrayList<>();
                    for (int i = 0; i < items.size(); i++) {
                        BenchSet.Item item = items.get(i);
                        float[] wm = widthMaps.get(i);
                        fs.add(pool.submit(() -> split(item, dir, wm)));
                    }
                    List<Split> splits = new ArrayList<>();
                    for (Future<Split> f : fs) {
                        splits.add(f.get());
                    }
                    double thinPx = splits.stream().mapToLong(Split::thinN).sum();
                    double widePx = splits.stream().mapToLong(Split::wideN).sum();
                    md.append("| ").append(set.label()).append(" | ").append(config).append(" | ")
                            .append(f(mean(splits, Split::all), 2)).append(" | ")
                            .append(f(mean(splits, Split::thin), 2)).append(" | ")
                            .append(f(mean(splits, Split::wide), 2)).append(" | ")
                            .append(f(widePx / (thinPx + widePx), 3)).append(" | ")
                            .append(splits.stream().filter(s -> s.wideN() > 0).count()).append(" of ")
                            .append(splits.size()).append(" |\n");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.print(md);
        System.out.println("\nMeans over images of each image's RMSE (as RMSEw), over the images that have such pixels;"
                + " width: local width of the true mask grown by " + dilate + " px.");
        return 0;
    }

    private static List<String> configFolders(Path setDir) throws IOException {
        if (!Files.isDirectory(setDir)) {
            throw new UnmarkException(setDir + ": no outputs of this set in the run folder");
        }
        try (Stream<Path> s = Files.list(setDir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private Split split(BenchSet.Item item, Path dir, float[] widthMap) {
        Image clean = BenchImages.read(item.clean());
        Mask truth = BenchImages.readMask(item.mask());
        Path out = dir.resolve(item.name() + ".png");
        Image output = Files.isRegularFile(out) ? BenchImages.read(out) : BenchImages.read(item.input());
        if (output.width() != clean.width() || output.height() != clean.height()) {
            output = BenchImages.read(item.input()); // scored as the input, as bench score does
        }
        float[] a = output.rgb(), b = clean.rgb();
        byte[] m = truth.data();
        double thinSq = 0, wideSq = 0;
        long thinN = 0, wideN = 0;
        for (int p = 0; p < m.length; p++) {
            if (m[p] == 0) {
                continue;
            }
            double sq = 0;
            for (int c = 0; c < 3; c++) {
                double d = (double) a[p * 3 + c] - b[p * 3 + c];
                sq += d * d;
            }
            if (widthMap[p] > width) {
                wideSq += sq;
                wideN += 3;
            } else {
                thinSq += sq;
                thinN += 3;
            }
        }
        return new Split(item.name(), thinSq, thinN, wideSq, wideN);
    }

    private static double mean(List<Split> splits, java.util.function.ToDoubleFunction<Split> f) {
        return splits.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }

    private static String f(double v, int decimals) {
        return Reports.f(v, decimals);
    }
}
