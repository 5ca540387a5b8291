package dev.unmark.bench;

import dev.unmark.UnmarkException;
import dev.unmark.fill.FillEngine;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.learn.LearnConfig;
import dev.unmark.learn.Profile;
import dev.unmark.learn.ProfileRemover;
import dev.unmark.learn.WatermarkLearner;
import dev.unmark.matte.BlendConfig;
import dev.unmark.matte.ReverseBlend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Bench configurations {@code learn}, {@code learnN} and {@code learnN+<fill>}: a profile is learned once per set
 * from the set's inputs (all of them, or the first N in name order, as {@code unmark learn} would), then every item
 * is cleaned with it as {@code unmark remove --profile} does. The learning time is not in the per-image seconds; it
 * is printed to stderr once per set.
 */
final class LearnConfigs {

    private LearnConfigs() {
    }

    static BenchConfig create(String name, FillEngine fill) {
        String head = name.contains("+") ? name.substring(0, name.indexOf('+')) : name;
        int limit = head.length() > "learn".length() ? Integer.parseInt(head.substring("learn".length())) : 0;
        if (head.length() > "learn".length() && limit < WatermarkLearner.MIN_IMAGES) {
            throw new UnmarkException("configuration '" + name + "' learns from fewer than "
                    + WatermarkLearner.MIN_IMAGES + " images");
        }
        Map<Path, ProfileRemover> bySet = new ConcurrentHashMap<>();
        LearnConfig config = LearnConfig.defaults();
        return BenchConfig.predicting(name, (item, input) -> {
            if (item == null) {
                throw new UnmarkException(name + " needs the item's set");
            }
            Path dir = item.input().toAbsolutePath().getParent();
            ProfileRemover remover = bySet.computeIfAbsent(dir, d -> {
                long t0 = System.nanoTime();
                Profile p = new WatermarkLearner(config).learnFiles(inputs(d, limit),
                        Runtime.getRuntime().availableProcessors());
                System.err.printf(Locale.ROOT, "%s: learned from %s in %.2f s: %s%n", name, d,
                        (System.nanoTime() - t0) / 1e9, p.toJson());
                return new ProfileRemover(p, config, fill);
            });
            ProfileRemover.Result r = remover.remove(input,
                    new ReverseBlend(item.lossyInput() ? BlendConfig.lossy() : BlendConfig.defaults()));
            Mask mask = Mask.empty(input.width(), input.height());
            if (r.found()) {
                float[] a = remover.profile().mark().alpha();
                int mw = remover.profile().mark().width();
                for (int p = 0; p < a.length; p++) {
                    int x = r.mark().x() + p % mw, y = r.mark().y() + p / mw;
                    if (a[p] * r.strength() > 255 * ReverseBlend.MIN_ALPHA && r.box().contains(x, y)) {
                        mask.set(x, y, true);
                    }
                }
            }
            return new BenchConfig.Result(r.output(), mask);
        });
    }

    private static List<Path> inputs(Path dir, int limit) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.filter(Files::isRegularFile)
                    .filter(p -> dev.unmark.io.ImageFormat.fromExtension(p.getFileName().toString()).isPresent())
                    .sorted().toList();
            return limit > 0 && all.size() > limit ? all.subList(0, limit) : all;
        } catch (IOException e) {
            throw new UnmarkException(dir + ": cannot list the set's inputs: " + e.getMessage(), e);
        }
    }
}
