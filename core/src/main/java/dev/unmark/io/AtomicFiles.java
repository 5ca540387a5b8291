package dev.unmark.io;

import dev.unmark.UnmarkException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files all-or-nothing: the content goes to a hidden temporary file next to the target
 * ({@code .name.tmp-XXXXXXXX}), which is flushed to disk and then renamed over the target. A reader never sees a
 * half-written file, and when anything fails the temporary file is removed and an existing target is left as it was.
 */
public final class AtomicFiles {

    /** Produces a file's content; may throw, in which case nothing is written. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Writes {@code target} atomically.
     *
     * @throws UnmarkException naming the file when it cannot be written; runtime exceptions thrown by
     *                         {@code content} pass through unchanged (after the clean-up)
     */
    public static void write(Path target, ContentWriter content) {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (Files.isDirectory(absolute)) {
            throw new UnmarkException(target + ": is a directory");
        }
        if (dir == null || !Files.isDirectory(dir)) {
            throw new UnmarkException(target + ": directory " + dir + " does not exist");
        }
        Path temp = null;
        try {
            temp = createTemp(dir, absolute.getFileName().toString());
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                // Not closed by the try: closing it would close the channel before force().
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
                content.writeTo(out);
                out.flush();
                channel.force(true);
            }
            keepPermissions(absolute, temp);
            try {
                Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Same directory, so this is only for odd file systems; still a single rename there.
                Files.move(temp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            temp = null;
        } catch (IOException e) {
            throw new UnmarkException(target + ": cannot write: " + Messages.oneLine(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The original failure is the one worth reporting.
                }
            }
        }
    }

    /**
     * A file replaced in place (the inputs under {@code --in-place}, an earlier output) keeps its POSIX permissions
     * rather than taking the umask's; best effort, as on file systems without POSIX attributes there is nothing to
     * keep.
     */
    private static void keepPermissions(Path target, Path temp) {
        if (!Files.isRegularFile(target)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(temp, Files.getPosixFilePermissions(target));
        } catch (IOException | UnsupportedOperationException e) {
            // keep the default permissions
        }
    }

    /*
     * Created by hand rather than with Files.createTempFile, which makes the file owner-only (0600); the renamed
     * result should get the same permissions as any new file the user creates.
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            String suffix = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFF_FFFFL);
            Path temp = dir.resolve("." + name + ".tmp-" + suffix);
            try {
                Files.newByteChannel(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return temp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }
}
