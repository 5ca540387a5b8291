package dev.unmark.bench;

import dev.unmark.image.Image;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs configurations over sets, writing each output to {@code out/<set>/<config>/NAME.png} (and the predicted
 * mask to {@code .../mask/NAME.png}), then scores what was written, exactly as {@code bench score} would.
 */
public final class BenchRunner {

    /** What to run. */
    public record Options(List<BenchSet> sets, List<BenchConfig> configs, Path out, int limit, int threads) {
        public Options {
            sets = List.copyOf(sets);
            configs = List.copyOf(configs);
            if (sets.isEmpty() || configs.isEmpty()) {
                throw new IllegalArgumentException("need at least one set and one configuration");
            }
            if (limit < 0) {
                throw new IllegalArgumentException("limit must be >= 0 (0 = all), got " + limit);
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
        }
    }

    private BenchRunner() {
    }

    /** Runs everything; {@code progress} gets one line per finished set and configuration. */
    public static List<SetSummary> run(Options o, Consumer<String> progress) {
        List<SetSummary> all = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(o.threads());
        try {
            for (BenchSet set : o.sets()) {
                List<BenchSet.Item> items = o.limit() > 0 && set.items().size() > o.limit()
                        ? set.items().subList(0, o.limit()) : set.items();
                for (BenchConfig config : o.configs()) {
                    SetSummary s = runOne(pool, set.label(), items, config, o.out());
                    all.add(s);
                    progress.accept(String.format(java.util.Locale.ROOT,
                            "%-14s %-15s n=%d failures=%d PSNR256=%.2f SSIM256=%.4f median %.3fs", set.label(),
                            config.name(), s.images(), s.failures(), s.psnr256(), s.ssim256(), s.medianSeconds()));
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return all;
    }

    /** Where a configuration's outputs for a set go. */
    public static Path outputDir(Path out, String setLabel, String config) {
        return out.resolve(setLabel).resolve(config);
    }

    private static SetSummary runOne(ExecutorService pool, String label, List<BenchSet.Item> items,
                                     BenchConfig config, Path out) {
        Path dir = outputDir(out, label, config.name());
        Path maskDir = dir.resolve("mask");
        System.gc(); // so the peak below reflects this run rather than garbage left by the previous one
        resetHeapPeaks();
        List<Future<Processed>> timings = new ArrayList<>();
        for (BenchSet.Item item : items) {
            timings.add(pool.submit(() -> process(item, config, dir, maskDir)));
        }
        List<Processed> done = new ArrayList<>();
        for (Future<Processed> f : timings) {
            done.add(get(f));
        }
        double peak = heapPeakMiB();
        List<Future<ImageScore>> scored = new ArrayList<>();
        boolean masks = config.predictsMask();
        for (BenchSet.Item item : items) {
            scored.add(pool.submit(() -> Scorer.score(item, dir, masks ? maskDir : null)));
        }
        List<ImageScore> scores = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ImageScore sc = get(scored.get(i)).withSeconds(done.get(i).seconds());
            if (done.get(i).error() != null) {
                sc = sc.withFailure(done.get(i).error());
            }
            scores.add(sc);
        }
        return SetSummary.of(label, config.name(), scores, peak);
    }

    /** Seconds spent in the configuration on one image (NaN when it failed) and the error, if any. */
    private record Processed(double seconds, String error) {
    }

    private static Processed process(BenchSet.Item item, BenchConfig config, Path dir, Path maskDir) {
        try {
            Image input = BenchImages.read(item.input());
            BenchConfig.GroundTruth truth = config.needsGroundTruth() ? BenchConfig.GroundTruth.load(item) : null;
            long t0 = System.nanoTime();
            BenchConfig.Result r = config.apply(item, input, truth);
            double secs = (System.nanoTime() - t0) / 1e9;
            BenchImages.writePng(r.output(), dir.resolve(item.name() + ".png"));
            if (r.mask() != null) {
                BenchImages.writePng(r.mask(), maskDir.resolve(item.name() + ".png"));
            }
            return new Processed(secs, null);
        } catch (RuntimeException | OutOfMemoryError e) {
            // No output is written, so scoring counts the image as a failure (scored as the input); outputs of an
            // earlier run in the same folder must not be scored in its place.
            for (Path stale : List.of(dir.resolve(item.name() + ".png"), maskDir.resolve(item.name() + ".png"))) {
                try {
                    java.nio.file.Files.deleteIfExists(stale);
                } catch (java.io.IOException ignored) {
                    // scoring will then see an old file; nothing better to do here
                }
            }
            return new Processed(Double.NaN, e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        }
    }

    private static void resetHeapPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peak use since the last reset: an upper bound on the peak of the whole heap. */
    private static double heapPeakMiB() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum / (1024.0 * 1024.0);
    }
}
