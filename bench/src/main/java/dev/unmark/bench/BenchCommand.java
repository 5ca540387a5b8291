package dev.unmark.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bench}: scores, runs baselines and pipelines over benchmark sets, and generates sets. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark watermark removal against ground truth.",
        subcommands = {ScoreCommand.class, RunCommand.class, GenerateCommand.class, SplitCommand.class})
public final class BenchCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 2;
    }

    /** Runs the bench alone: {@code java -cp ... dev.unmark.bench.BenchCommand run ...}. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The command line with user errors ({@link dev.unmark.UnmarkException}) shown as one line, not a trace. */
    public static CommandLine commandLine() {
        return new CommandLine(new BenchCommand()).setExecutionExceptionHandler((e, cl, parsed) -> {
            if (e instanceof dev.unmark.UnmarkException) {
                cl.getErr().println("error: " + e.getMessage());
                return 2;
            }
            throw e;
        });
    }
}
