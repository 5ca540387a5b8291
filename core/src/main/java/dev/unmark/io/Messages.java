package dev.unmark.io;

/** Turns exceptions from codecs into the short, single-line reasons used in {@link dev.unmark.UnmarkException}s. */
final class Messages {

    private Messages() {
    }

    static String oneLine(Throwable t) {
        String m = t.getMessage();
        if (m == null || m.isBlank()) {
            m = t.getClass().getSimpleName();
        }
        return oneLine(m);
    }

    static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }
}
