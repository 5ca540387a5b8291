package dev.unmark;

/**
 * A failure the user can act on; the message is one line that names the file (when there is one) and the reason.
 */
public class UnmarkException extends RuntimeException {

    public UnmarkException(String message) {
        super(message);
    }

    public UnmarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
