package dev.unmark.cli;

/** The CLI's exit codes, documented in {@code unmark --help}. */
final class ExitCodes {
    static final int OK = 0;
    static final int SOME_FAILED = 1;
    static final int USAGE = 2;

    private ExitCodes() {
    }
}
