package dev.unmark.cli;

import dev.unmark.UnmarkException;
import dev.unmark.image.Image;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.ImageFormat;
import dev.unmark.io.ReadOptions;
import dev.unmark.io.WriteOptions;
import dev.unmark.matte.Template;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code unmark template}: solve a watermark's colour and opacity from two flat images stamped by its source. */
@Command(name = "template", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Makes a template for --template: have the watermark's source stamp a dark and a light flat "
                + "image (e.g. pure black and pure white, saved as PNG), and this solves for the mark's colour and "
                + "opacity and writes them as an RGBA PNG cropped to the mark."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:template written", "1:it could not be made (one line on stderr)", "2:usage error"})
final class TemplateCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dark", required = true, paramLabel = "IMAGE", description = "The stamped dark flat image.")
    Path dark;

    @Option(names = "--light", required = true, paramLabel = "IMAGE", description = "The stamped light flat image.")
    Path light;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "PNG", description = "The template to write.")
    Path output;

    @Option(names = "--dark-colour", paramLabel = "R,G,B",
            description = "The dark background's colour (default: read from the image's corners).")
    String darkColour;

    @Option(names = "--light-colour", paramLabel = "R,G,B",
            description = "The light background's colour (default: read from the image's corners).")
    String lightColour;

    @Override
    public Integer call() {
        float[] c1 = colour("--dark-colour", darkColour), c2 = colour("--light-colour", lightColour);
        try {
            Image d = ImageFiles.read(dark, ReadOptions.defaults()).image();
            Image l = ImageFiles.read(light, ReadOptions.defaults()).image();
            Image rgba = Template.solve(d, l, c1, c2);
            RemoveCommand.createParent(output);
            ImageFiles.write(output, rgba, WriteOptions.defaults(ImageFormat.PNG));
            return ExitCodes.OK;
        } catch (UnmarkException | java.io.IOException e) {
            spec.commandLine().getErr().println("unmark: " + Main.oneLine(e));
            return ExitCodes.SOME_FAILED;
        }
    }

    private float[] colour(String option, String value) {
        if (value == null) {
            return null;
        }
        String[] parts = value.split(",");
        try {
            if (parts.length == 3) {
                float[] out = new float[3];
                for (int i = 0; i < 3; i++) {
                    out[i] = Integer.parseInt(parts[i].trim());
                    if (out[i] < 0 || out[i] > 255) {
                        throw new NumberFormatException();
                    }
                }
                return out;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new CommandLine.ParameterException(spec.commandLine(), option + " must be R,G,B with 0-255 each, got '"
                + value + "'");
    }
}
