package dev.unmark.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench score}: scores a folder of outputs (and optionally masks) against one set. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score outputs NAME.png in --pred (and masks in --pred-mask) against a set's ground truth.")
final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--set", required = true, description = "The set folder (with meta.jsonl).")
    Path set;

    @Option(names = "--pred", required = true, description = "Folder of outputs NAME.png, same size as the inputs.")
    Path pred;

    @Option(names = "--pred-mask", description = "Folder of predicted masks NAME.png (0/255 or 0/1).")
    Path predMask;

    @Option(names = "--out", description = "Folder to write report.md, report.csv and images.csv to.")
    Path out;

    @Option(names = "--threads", defaultValue = "0", description = "Worker threads (0 = one per core).")
    int threads;

    @Override
    public Integer call() throws Exception {
        BenchSet bs = BenchSet.load(set);
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        List<ImageScore> scores = new ArrayList<>();
        try {
            List<Future<ImageScore>> fs = new ArrayList<>();
            for (BenchSet.Item item : bs.items()) {
                fs.add(pool.submit(() -> Scorer.score(item, pred, predMask)));
            }
            for (Future<ImageScore> f : fs) {
                scores.add(f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        SetSummary s = SetSummary.of(bs.label(), pred.getFileName().toString(), scores, Double.NaN);
        System.out.print(Reports.markdown(List.of(s)));
        System.out.println("failures: " + s.failures() + " of " + s.images());
        for (ImageScore i : scores) {
            if (i.failed()) {
                System.out.println("  " + i.name() + ": " + i.failure());
            }
        }
        if (out != null) {
            Reports.write(out, List.of(s), "# bench score: " + set + " vs " + pred + "\n");
        }
        return 0;
    }
}
