package dev.unmark.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench run}: runs configurations over sets, scores them and writes the reports. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run configurations over sets; write outputs under --out/<set>/<config>/ and the reports.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--set", required = true, description = "A set folder, or a folder of sets; repeatable.")
    List<Path> sets;

    @Option(names = "--config", required = true, split = ",",
            description = "identity, gt-mask+telea, gt-mask+ns, oracle, auto, <detector>+<fill>, or template / "
                    + "template+<fill> (the set's known template, on template sets); repeatable or comma-separated.")
    List<String> configs;

    @Option(names = "--out", required = true, description = "Output folder.")
    Path out;

    @Option(names = "--limit", defaultValue = "0", description = "At most this many images per set (0 = all).")
    int limit;

    @Option(names = "--threads", defaultValue = "0", description = "Images processed in parallel (0 = one per core).")
    int threads;

    @Option(names = "--no-html", description = "Skip report.html and its thumbnails and charts.")
    boolean noHtml;

    @Option(names = "--model", paramLabel = "PATH",
            description = "ONNX model file for configurations with a network fill (gt-mask+deepfill, auto+lama, "
                    + "...); default: the engine's UNMARK_DEEPFILL_MODEL, UNMARK_LAMA_MODEL or UNMARK_MIGAN_MODEL.")
    Path model;

    @Override
    public Integer call() {
        List<BenchSet> all = new ArrayList<>();
        for (Path p : sets) {
            all.addAll(BenchSet.open(p));
        }
        List<BenchConfig> cs = new ArrayList<>();
        for (String c : configs) {
            cs.add(BenchConfigs.create(c, model)); // fails before any work on an unknown name or a bad model
        }
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        List<SetSummary> rows = BenchRunner.run(new BenchRunner.Options(all, cs, out, limit, n), System.out::println);
        List<SetSummary> report = Reports.withPooled(rows);
        String header = "# bench run\n\nmachine: " + n + " threads of " + Runtime.getRuntime().availableProcessors()
                + " cores, JDK " + Runtime.version() + ", max heap "
                + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MiB\n";
        Reports.write(out, report, header);
        if (!noHtml) {
            java.util.Map<String, BenchSet> byLabel = new java.util.LinkedHashMap<>();
            all.forEach(b -> byLabel.put(b.label(), b));
            HtmlReport.write(out, rows, byLabel);
        }
        System.out.print(Reports.markdown(report));
        System.out.println("wrote " + out.resolve("report.md"));
        return rows.stream().anyMatch(r -> r.failures() > 0) ? 1 : 0;
    }
}
