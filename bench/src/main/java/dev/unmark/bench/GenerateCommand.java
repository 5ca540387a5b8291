package dev.unmark.bench;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code bench generate}: not yet written. */
@Command(name = "generate", mixinStandardHelpOptions = true, description = "Generate a watermarked set (not yet).")
final class GenerateCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("generate is not implemented yet");
        return 2;
    }
}
