package dev.unmark.bench;

import java.nio.file.Path;
import java.util.List;

/** report.html with a gallery and charts: not yet written. */
final class HtmlReport {
    private HtmlReport() {
    }

    static void write(Path out, List<SetSummary> rows) {
    }
}
