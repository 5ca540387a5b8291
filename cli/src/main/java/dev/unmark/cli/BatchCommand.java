package dev.unmark.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unmark.UnmarkException;
import dev.unmark.detect.Region;
import dev.unmark.pipeline.Pipeline;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * What remove and detect share: expanding the inputs, running them on a thread pool, one stderr line per failed
 * file, JSON lines in input order, a progress bar on a terminal, and the exit code.
 */
abstract class BatchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Image files or folders (searched recursively).")
    List<Path> inputArguments;

    @Option(names = "--detector", paramLabel = "NAME",
            description = "Watermark detector: auto, text, tiled, logo, contours, net (experimental, needs a "
                    + "trained model: train/README.md), none, or a comma list of them "
                    + "(default: auto; none when --mask is given).")
    String detector;

    @Option(names = "--min-confidence", paramLabel = "C",
            description = "Drop detected regions (and their mask pixels) whose confidence is below C, 0-1 "
                    + "(default: 0.65; 0 keeps all). A --mask is never dropped.")
    Double minConfidence;

    @Option(names = "--template", paramLabel = "PNG",
            description = "A known watermark as an RGBA PNG (its alpha is the mark's opacity): found at any position "
                    + "and scale, its blend is reversed and only what cannot be recovered is filled. Without "
                    + "--detector, only the template is looked for.")
    Path template;

    @Option(names = "--save-mask", paramLabel = "PATH",
            description = "Write the final mask (0/255 PNG): a file for one input, else a folder mirroring the inputs.")
    Path saveMask;

    @Option(names = "--json", description = "Print one JSON object per image on stdout.")
    boolean json;

    @Option(names = "--max-pixels", paramLabel = "N", defaultValue = "100000000",
            description = "Refuse images with more pixels, checked before decoding (default: ${DEFAULT-VALUE}).")
    long maxPixels;

    @Option(names = "--threads", paramLabel = "N",
            description = "Images processed at once (default: the number of cores).")
    Integer threads;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the options against the expanded inputs; throws a ParameterException for a usage error. */
    abstract void validate(List<Inputs.Input> inputs);

    /** Processes one input, returning the fields of its JSON line; throws to report a failure. */
    abstract Map<String, Object> process(Inputs.Input input) throws Exception;

    /** Builds whatever the batch shares (pipeline, models) after validation; may throw for bad option values. */
    abstract void prepare();

    /**
     * Every file processing {@code input} will write (the cleaned image, mask, opacity map), for the check that no
     * two inputs write the same file and that nothing overwrites an input unasked.
     */
    abstract List<Path> outputsOf(Inputs.Input input);

    /** Whether {@code output} of {@code input} may replace that input ({@code --in-place} for the cleaned image). */
    boolean mayReplaceInput(Inputs.Input input, Path output) {
        return false;
    }

    @Override
    public final Integer call() {
        List<Inputs.Input> inputs = Inputs.expand(inputArguments);
        if (inputs.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "no images found in " + inputArguments + " (looked for jpg, jpeg, png, webp, tif, tiff, bmp)");
        }
        if (minConfidence == null) {
            minConfidence = Pipeline.DEFAULT_MIN_CONFIDENCE;
        } else if (!(minConfidence >= 0 && minConfidence <= 1)) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--min-confidence must be between 0 and 1, got " + minConfidence);
        }
        inputs = distinct(inputs);
        validate(inputs);
        checkOutputs(inputs);
        // A detector, fill engine or model that cannot be set up fails before any work, with its one-line
        // reason and exit code 2 but without the usage text: the command line was right, the file was not.
        prepare();
        return runAll(inputs);
    }

    /** The inputs without repeats (a file named twice, or named and also inside a folder argument). */
    private static List<Inputs.Input> distinct(List<Inputs.Input> inputs) {
        Map<Path, Inputs.Input> seen = new LinkedHashMap<>();
        for (Inputs.Input in : inputs) {
            seen.putIfAbsent(identity(in.file()), in);
        }
        return List.copyOf(seen.values());
    }

    /**
     * Refuses, before any work, a batch where two inputs would write the same file (e.g. {@code a/x.jpg} and
     * {@code b/x.jpg} into one {@code -d}) or where an output would replace an input without {@code --in-place}
     * (e.g. {@code --save-mask} pointing at a photo): either would lose data silently.
     */
    private void checkOutputs(List<Inputs.Input> inputs) {
        Map<Path, Inputs.Input> inputFiles = new LinkedHashMap<>();
        for (Inputs.Input in : inputs) {
            inputFiles.put(identity(in.file()), in);
        }
        Map<Path, Inputs.Input> writers = new LinkedHashMap<>();
        for (Inputs.Input in : inputs) {
            for (Path out : outputsOf(in)) {
                Path id = identity(out);
                Inputs.Input other = writers.putIfAbsent(id, in);
                if (other != null) {
                    throw usage(other == in ? in.file() + " would write " + out + " twice (give different paths)"
                            : other.file() + " and " + in.file() + " would both write " + out);
                }
                Inputs.Input replaced = inputFiles.get(id);
                if (replaced != null && !(replaced == in && mayReplaceInput(in, out))) {
                    throw usage(out + " would overwrite the input " + replaced.file()
                            + (replaced == in ? " (use --in-place to allow it for the cleaned image)" : ""));
                }
            }
        }
    }

    /** A path's identity on disk: the real path when it exists (links resolved), else its normalised absolute form. */
    static Path identity(Path p) {
        try {
            if (Files.exists(p)) {
                return p.toRealPath();
            }
            Path parent = p.toAbsolutePath().normalize().getParent();
            if (parent != null && Files.exists(parent)) {
                return parent.toRealPath().resolve(p.getFileName());
            }
        } catch (java.io.IOException e) {
            // fall through to the lexical form
        }
        return p.toAbsolutePath().normalize();
    }

    private int runAll(List<Inputs.Input> inputs) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int poolSize = Math.max(1, Math.min(inputs.size(),
                threads != null ? threads : Runtime.getRuntime().availableProcessors()));
        boolean showProgress = !json && inputs.size() > 1 && System.console() != null;
        int failures = 0;
        ExecutorService pool = Executors.newFixedThreadPool(poolSize, r -> {
            Thread t = new Thread(r, "unmark-worker");
            t.setDaemon(true);
            return t;
        });
        try (ProgressBar bar = showProgress ? progressBar(inputs.size()) : null) {
            List<Future<Map<String, Object>>> futures = new ArrayList<>();
            for (Inputs.Input input : inputs) {
                futures.add(pool.submit(() -> process(input)));
            }
            // Results are reported in input order so JSON output is reproducible.
            for (int i = 0; i < inputs.size(); i++) {
                Inputs.Input input = inputs.get(i);
                Map<String, Object> line;
                try {
                    line = futures.get(i).get();
                } catch (ExecutionException e) {
                    failures++;
                    String reason = describe(input.file(), e.getCause());
                    err.println("unmark: " + reason);
                    err.flush();
                    line = new LinkedHashMap<>();
                    line.put("input", input.file().toString());
                    line.put("status", "error");
                    line.put("error", reason);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted", e);
                }
                if (json) {
                    out.println(toJson(line));
                    out.flush();
                }
                if (bar != null) {
                    bar.step();
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return failures == 0 ? ExitCodes.OK : ExitCodes.SOME_FAILED;
    }

    private static ProgressBar progressBar(int total) {
        return new ProgressBarBuilder().setTaskName("unmark").setInitialMax(total)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build();
    }

    /**
     * One line naming the input and the reason. Library errors ({@link UnmarkException}) often start with the file
     * they concern, which may be a mask or an output; the input's name is put in front unless it is already there.
     */
    static String describe(Path input, Throwable cause) {
        if (cause instanceof UnmarkException || cause instanceof java.io.IOException) {
            String msg = Main.oneLine(cause);
            if (cause instanceof java.nio.file.FileSystemException fse && fse.getReason() == null) {
                msg = fse.getFile() + ": " + cause.getClass().getSimpleName().replace("Exception", "");
            }
            return msg.startsWith(input.toString()) ? msg : input + ": " + msg;
        }
        if (cause instanceof OutOfMemoryError) {
            return input + ": out of memory (try --threads 1, a lower --max-pixels, or a larger -Xmx)";
        }
        if (cause instanceof IllegalArgumentException) {
            return input + ": " + Main.oneLine(cause);
        }
        return input + ": internal error: " + cause;
    }

    private static String toJson(Map<String, Object> line) {
        try {
            return JSON.writeValueAsString(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JSON fields for a list of regions. */
    static List<Map<String, Object>> regionsJson(List<Region> regions) {
        return regionsJson(regions, null);
    }

    /**
     * The JSON fields for a list of regions; with a pipeline result, each also says which share of its pixels was
     * recovered (blend reversed) and which inpainted.
     */
    static List<Map<String, Object>> regionsJson(List<Region> regions, dev.unmark.pipeline.PipelineResult result) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Region r : regions) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("kind", r.kind());
            m.put("confidence", Math.round(r.confidence() * 1000) / 1000.0);
            m.put("box", new int[] {r.box().x(), r.box().y(), r.box().width(), r.box().height()});
            m.put("pixels", r.pixels());
            if (r.overlay() != null) {
                var o = r.overlay();
                m.put("overlay", Map.of("colour", new int[] {Math.round(o.r()), Math.round(o.g()), Math.round(o.b())},
                        "opacity", Math.round(o.opacity() * 1000) / 1000.0));
            }
            if (result != null) {
                double recovered = result.recoveredFraction(r);
                m.put("recovered_fraction", Math.round(recovered * 1000) / 1000.0);
                m.put("inpainted_fraction", Math.round((1 - recovered) * 1000) / 1000.0);
            }
            out.add(m);
        }
        return out;
    }

    /** The JSON fields for the template stage: where it was found (or that it was not) and how sure that is. */
    static Map<String, Object> templateJson(dev.unmark.matte.TemplateMatch m) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("found", m.found());
        t.put("confidence", Math.round(m.confidence() * 1000) / 1000.0);
        if (m.scaleX() > 0) {
            t.put("x", Math.round(m.x() * 100) / 100.0);
            t.put("y", Math.round(m.y() * 100) / 100.0);
            t.put("scale_x", Math.round(m.scaleX() * 10000) / 10000.0);
            t.put("scale_y", Math.round(m.scaleY() * 10000) / 10000.0);
            t.put("strength", Math.round(m.strength() * 1000) / 1000.0);
        }
        return t;
    }

    /** Where the mask of {@code input} goes: the --save-mask file for one input, else a PNG in that folder. */
    Path maskPathFor(Inputs.Input input, int inputCount) {
        return pathFor(saveMask, input, inputCount);
    }

    /** {@code option} itself for one input (unless it is a folder), else a PNG named like the input inside it. */
    static Path pathFor(Path option, Inputs.Input input, int inputCount) {
        if (option == null) {
            return null;
        }
        if (inputCount == 1 && !Files.isDirectory(option)) {
            return option;
        }
        Path rel = input.relative();
        String png = Inputs.stem(rel) + ".png";
        return rel.getParent() == null ? option.resolve(png) : option.resolve(rel.getParent()).resolve(png);
    }

    static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }

    CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
