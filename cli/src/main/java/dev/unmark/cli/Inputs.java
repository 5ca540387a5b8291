package dev.unmark.cli;

import dev.unmark.io.ImageFormat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands the command line's files and folders into the images to process. Folders are walked recursively and
 * contribute files with an image extension (hidden files skipped); a file named explicitly is always taken, so a
 * mistyped or broken one is reported rather than silently ignored.
 */
final class Inputs {

    /**
     * One image to process.
     *
     * @param file     the image file
     * @param relative its path relative to the folder argument it came from (just its name for a file argument),
     *                 used to mirror the layout in an output folder
     */
    record Input(Path file, Path relative) {
    }

    private Inputs() {
    }

    static List<Input> expand(List<Path> arguments) {
        List<Input> out = new ArrayList<>();
        for (Path arg : arguments) {
            if (Files.isDirectory(arg)) {
                try (Stream<Path> walk = Files.walk(arg)) {
                    walk.filter(Files::isRegularFile)
                            .filter(p -> !isHidden(arg.relativize(p)))
                            .filter(p -> ImageFormat.fromExtension(p.getFileName().toString()).isPresent())
                            .sorted()
                            .forEach(p -> out.add(new Input(p, arg.relativize(p))));
                } catch (IOException e) {
                    throw new UncheckedIOException(arg + ": cannot list folder: " + e.getMessage(), e);
                }
            } else {
                out.add(new Input(arg, arg.getFileName()));
            }
        }
        return out;
    }

    private static boolean isHidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /** The file name without its last extension. */
    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }
}
