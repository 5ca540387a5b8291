package dev.unmark.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

/** One in-process run of the CLI with its exit code and captured output. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(Object... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] argv = Arrays.stream(args).map(String::valueOf).toArray(String[]::new);
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), argv);
        return new CliRun(code, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.isBlank() ? List.of() : List.of(err.strip().split("\\R"));
    }

    List<String> outLines() {
        return out.isBlank() ? List.of() : List.of(out.strip().split("\\R"));
    }
}
