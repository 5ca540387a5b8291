package dev.unmark.cli;

import dev.unmark.Unmark;
import dev.unmark.detect.Detection;
import dev.unmark.image.Image;
import dev.unmark.io.MaskFiles;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;

/** {@code unmark detect}: find watermarks and write their masks, without changing any image. */
@Command(name = "detect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Finds watermarks and writes their masks; the images are not changed.",
                "Needs --save-mask, --json or both."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every input succeeded", "1:at least one input failed", "2:usage error"})
final class DetectCommand extends BatchCommand {

    @picocli.CommandLine.Option(names = "--save-alpha", paramLabel = "PATH",
            description = "Write the estimated opacity (0-255 PNG; the mask where a detector gives no estimate): a "
                    + "file for one input, else a folder mirroring the inputs.")
    Path saveAlpha;

    private Unmark unmark;
    private int inputCount;

    @Override
    void validate(List<Inputs.Input> inputs) {
        inputCount = inputs.size();
        if (saveMask == null && !json) {
            throw usage("detect needs --save-mask PATH or --json");
        }
        if (saveMask != null && inputs.size() > 1 && java.nio.file.Files.isRegularFile(saveMask)) {
            throw usage("--save-mask " + saveMask + " is a file but there are " + inputs.size() + " inputs");
        }
        if (saveAlpha != null && inputs.size() > 1 && java.nio.file.Files.isRegularFile(saveAlpha)) {
            throw usage("--save-alpha " + saveAlpha + " is a file but there are " + inputs.size() + " inputs");
        }
        if (detector == null) {
            detector = template != null ? "none" : "auto";
        }
        if (detector.equals("none") && template == null) {
            throw usage("detect needs a detector other than none, or --template");
        }
    }

    @Override
    List<Path> outputsOf(Inputs.Input input) {
        List<Path> out = new java.util.ArrayList<>();
        Path m = maskPathFor(input, inputCount);
        Path a = pathFor(saveAlpha, input, inputCount);
        if (m != null) {
            out.add(m);
        }
        if (a != null) {
            out.add(a);
        }
        return out;
    }

    @Override
    void prepare() {
        unmark = Unmark.create(Unmark.Options.defaults().withDetector(detector)
                .withMaxPixels(maxPixels).withMinConfidence(minConfidence).withTemplate(template));
    }

    @Override
    Map<String, Object> process(Inputs.Input input) throws Exception {
        Image image = unmark.read(input.file()).image();
        long t0 = System.nanoTime();
        Detection d = unmark.detect(image, null);
        double detectMillis = (System.nanoTime() - t0) / 1e6;
        Path maskOut = maskPathFor(input, inputCount);
        if (maskOut != null) {
            RemoveCommand.createParent(maskOut);
            MaskFiles.write(maskOut, d.mask());
        }
        Path alphaOut = pathFor(saveAlpha, input, inputCount);
        if (alphaOut != null) {
            RemoveCommand.createParent(alphaOut);
            if (d.alpha() != null) {
                MaskFiles.writeAlpha(alphaOut, image.width(), image.height(), d.alpha());
            } else {
                MaskFiles.write(alphaOut, d.mask());
            }
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("input", input.file().toString());
        line.put("status", "ok");
        line.put("width", image.width());
        line.put("height", image.height());
        line.put("detector", detector);
        long pixels = d.mask().count();
        line.put("mask_pixels", pixels);
        line.put("mask_fraction", Math.round(1e6 * pixels / (double) image.pixels()) / 1e6);
        if (maskOut != null) {
            line.put("mask", maskOut.toString());
        }
        if (alphaOut != null) {
            line.put("alpha", alphaOut.toString());
        }
        line.put("regions", regionsJson(d.regions()));
        if (template != null) {
            // found or not: the detection carries a region of kind "template" only when it was found
            line.put("template_found", d.regions().stream().anyMatch(r -> r.kind().equals("template")));
        }
        line.put("millis", Map.of("detect", round1(detectMillis)));
        return line;
    }
}
