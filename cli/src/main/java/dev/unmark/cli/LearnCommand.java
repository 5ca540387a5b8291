package dev.unmark.cli;

import dev.unmark.UnmarkException;
import dev.unmark.learn.LearnConfig;
import dev.unmark.learn.Profile;
import dev.unmark.learn.WatermarkLearner;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code unmark learn}: estimate the watermark a collection shares and write it as a profile. */
@Command(name = "learn", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Learns the watermark that a collection of images shares (same mark, same pixel size and "
                + "place up to a few pixels) and writes it as a profile for 'remove --profile': PROFILE (JSON: "
                + "geometry and provenance) and PROFILE.png (the mark: colour and opacity as RGBA, usable as "
                + "--template). A few dozen images are enough; more help. Images of several sizes: the mark is "
                + "found in the commonest size, and the others join where it keeps its distance to the nearest "
                + "edge (or its offset from the centre)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:profile written", "1:no shared mark found or an input failed (one line on stderr)",
                "2:usage error"})
final class LearnCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "INPUT", description = "Images or folders (walked recursively).")
    List<Path> inputs;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PROFILE",
            description = "Profile to write, e.g. wm.profile (the mark goes to PROFILE.png).")
    Path output;

    @Option(names = "--sample", paramLabel = "N", defaultValue = "48",
            description = "Most images the estimate keeps in memory (a uniform sample; default: ${DEFAULT-VALUE}; "
                    + "fewer when large photos would not fit in the JVM's heap).")
    int sample;

    @Option(names = "--max-shift", paramLabel = "PX", defaultValue = "8",
            description = "How far the mark may move between images, each way (default: ${DEFAULT-VALUE}).")
    int maxShift;

    @Option(names = "--threads", paramLabel = "N",
            description = "Images read at once (default: the number of cores).")
    Integer threads;

    @Option(names = "--json", description = "Print the profile's geometry and provenance as JSON on stdout.")
    boolean json;

    @Override
    public Integer call() {
        LearnConfig config;
        try {
            config = LearnConfig.defaults().withSample(sample).withMaxShift(maxShift);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!Profile.isProfile(output)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "-o " + output
                    + ": a profile's name must end in .profile");
        }
        try {
            List<Path> files = Inputs.expand(inputs).stream().map(Inputs.Input::file).toList();
            if (files.isEmpty()) {
                throw new UnmarkException("no images in " + inputs);
            }
            long t0 = System.nanoTime();
            int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
            Profile p = new WatermarkLearner(config).learnFiles(files, Math.max(1, n));
            RemoveCommand.createParent(output);
            p.write(output);
            if (json) {
                String j = p.toJson();
                spec.commandLine().getOut().println(j.substring(0, j.length() - 1) + ", \"profile\": \""
                        + output.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\", \"seconds\": "
                        + Math.round((System.nanoTime() - t0) / 1e6) / 1e3 + "}");
            } else {
                spec.commandLine().getErr().println("learned " + p.mark().width() + "x" + p.mark().height()
                        + " mark at " + p.x() + "," + p.y() + " from " + p.provenance().get("images_used") + " of "
                        + files.size() + " images; wrote " + output + " and " + Profile.markPath(output));
                Number sampled = (Number) p.provenance().get("images_sampled");
                if (sampled.intValue() < Math.min(sample, files.size())) {
                    spec.commandLine().getErr().println("unmark: only " + sampled + " images fitted in memory (the "
                            + "JVM's heap is " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB); more memory "
                            + "samples more, e.g. UNMARK_JAVA_OPTS=-Xmx16g");
                }
            }
            return ExitCodes.OK;
        } catch (UnmarkException | java.io.IOException | java.io.UncheckedIOException e) {
            spec.commandLine().getErr().println("unmark: " + Main.oneLine(e));
            return ExitCodes.SOME_FAILED;
        }
    }
}
