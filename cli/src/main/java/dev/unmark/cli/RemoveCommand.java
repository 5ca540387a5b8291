package dev.unmark.cli;

import dev.unmark.Unmark;
import dev.unmark.UnmarkException;
import dev.unmark.fill.FillRegion;
import dev.unmark.io.ImageFormat;
import dev.unmark.pipeline.Pipeline;
import dev.unmark.pipeline.PipelineResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code unmark remove}: detect, fill, write. */
@Command(name = "remove", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Removes watermarks and writes the cleaned images.",
                "Give -o for one input, -d for many, or --in-place to overwrite the inputs."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every input succeeded", "1:at least one input failed (one line each on stderr)",
                "2:usage error"})
final class RemoveCommand extends BatchCommand {

    @Option(names = {"-o", "--output"}, paramLabel = "PATH",
            description = "Output file (exactly one input). Its extension picks the format.")
    Path output;

    @Option(names = {"-d", "--out-dir"}, paramLabel = "DIR",
            description = "Output folder for many inputs, mirroring their relative paths.")
    Path outDir;

    @Option(names = "--mask", paramLabel = "PATH",
            description = "Mask of pixels to remove (white/non-zero = remove): a file for one input, or a folder of "
                    + "masks matched by file stem.")
    Path mask;

    @Option(names = "--resize-mask", description = "Scale a mask of another size to the image instead of failing.")
    boolean resizeMask;

    @Option(names = "--fill", paramLabel = "NAME", defaultValue = "auto",
            description = "Fill engine: auto (per hole: telea for thin strokes, patch for wide holes), patch "
                    + "(exemplar-based), telea or ns, or a network from a model file: deepfill, lama or migan "
                    + "(default: ${DEFAULT-VALUE}). With --template it fills only what reversing the blend cannot "
                    + "recover.")
    String fill;

    @Option(names = "--model", paramLabel = "PATH",
            description = "ONNX model file for --fill deepfill, lama or migan (default: the file named by "
                    + "UNMARK_DEEPFILL_MODEL, UNMARK_LAMA_MODEL or UNMARK_MIGAN_MODEL). Where to get one: "
                    + "docs/FILL-MODELS.md.")
    Path model;

    @Option(names = "--dilate", paramLabel = "PX",
            description = "Grow the mask by this many pixels before filling, to cover soft edges (default: 1 on "
                    + "detected pixels, 2 on a --mask).")
    Integer dilate;

    @Option(names = "--quality", paramLabel = "N", defaultValue = "95",
            description = "JPEG/WebP quality 1-100 (default: ${DEFAULT-VALUE}).")
    int quality;

    @Option(names = "--in-place", description = "Overwrite the inputs (never the default).")
    boolean inPlace;

    @Option(names = "--profile", paramLabel = "PROFILE",
            description = "A watermark learned by 'unmark learn': find it in each image (where the profile puts it, "
                    + "up to a few pixels off) and reverse it; only what cannot be recovered is filled. Replaces "
                    + "detection.")
    Path profile;

    @Option(names = "--not-found", paramLabel = "copy|skip", defaultValue = "copy",
            description = "With --profile, for an image the mark is not found in: copy writes the input unchanged "
                    + "(byte for byte), skip writes nothing (default: ${DEFAULT-VALUE}). Either way it is reported.")
    String notFound;

    private dev.unmark.learn.ProfileRemover profileRemover;

    private Unmark unmark;
    private int inputCount;

    @Override
    void validate(List<Inputs.Input> inputs) {
        inputCount = inputs.size();
        int targets = (output != null ? 1 : 0) + (outDir != null ? 1 : 0) + (inPlace ? 1 : 0);
        if (targets == 0) {
            throw usage("say where to write: -o FILE (one input), -d DIR, or --in-place");
        }
        if (targets > 1) {
            throw usage("give only one of -o, -d and --in-place");
        }
        if (output != null && inputs.size() != 1) {
            throw usage("-o takes exactly one input, got " + inputs.size() + "; use -d DIR for many");
        }
        if (output != null && Files.isDirectory(output)) {
            throw usage("-o " + output + " is a folder; use -d for an output folder");
        }
        if (mask != null && !Files.isDirectory(mask) && inputs.size() != 1) {
            throw usage("--mask " + mask + " is a file but there are " + inputs.size()
                    + " inputs; give a folder of masks named like the images");
        }
        if (mask != null && !Files.exists(mask)) {
            throw usage("--mask " + mask + ": no such file or folder");
        }
        if (saveMask != null && inputs.size() > 1 && Files.isRegularFile(saveMask)) {
            throw usage("--save-mask " + saveMask + " is a file but there are " + inputs.size() + " inputs");
        }
        if (profile != null && (template != null || mask != null)) {
            throw usage("--profile replaces detection: give it without --template and --mask");
        }
        if (!notFound.equals("copy") && !notFound.equals("skip")) {
            throw usage("--not-found must be copy or skip, got '" + notFound + "'");
        }
        if (detector == null) {
            detector = mask != null || template != null || profile != null ? "none" : "auto";
        }
        if (detector.equals("none") && mask == null && template == null && profile == null) {
            throw usage("--detector none needs --mask or --template");
        }
    }

    @Override
    void prepare() {
        unmark = Unmark.create(new Unmark.Options(detector, fill, dilate == null ? Pipeline.AUTO_DILATION : dilate,
                maxPixels, quality, resizeMask, minConfidence, model, template));
        if (profile != null) {
            profileRemover = new dev.unmark.learn.ProfileRemover(dev.unmark.learn.Profile.read(profile),
                    dev.unmark.learn.LearnConfig.defaults(), unmark.pipeline().fill());
        }
    }

    @Override
    List<Path> outputsOf(Inputs.Input input) {
        List<Path> out = new java.util.ArrayList<>();
        out.add(outputFor(input));
        Path maskOut = maskPathFor(input, inputCount);
        if (maskOut != null) {
            out.add(maskOut);
        }
        return out;
    }

    @Override
    boolean mayReplaceInput(Inputs.Input input, Path output) {
        return inPlace && output.equals(outputFor(input));
    }

    @Override
    Map<String, Object> process(Inputs.Input input) throws IOException {
        Path target = outputFor(input);
        Path maskFile = maskFileFor(input);
        Path maskOut = maskPathFor(input, inputCount);
        createParent(target);
        if (maskOut != null) {
            createParent(maskOut);
        }
        if (profileRemover != null) {
            return removeProfile(input, target);
        }
        Unmark.FileResult r = unmark.removeFile(input.file(), target, maskFile, maskOut);
        PipelineResult p = r.pipeline();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("input", input.file().toString());
        line.put("output", target.toString());
        line.put("status", "ok");
        line.put("width", r.width());
        line.put("height", r.height());
        line.put("detector", p.detector());
        line.put("fill", p.fill());
        long maskPixels = p.maskPixels();
        line.put("mask_pixels", maskPixels);
        line.put("mask_fraction", Math.round(1e6 * maskPixels / ((double) r.width() * r.height())) / 1e6);
        if (maskOut != null) {
            line.put("mask", maskOut.toString());
        }
        line.put("regions", regionsJson(p.regions(), p));
        if (p.template() != null) {
            line.put("template", templateJson(p.template().match()));
        }
        if (!p.fillRegions().isEmpty()) {
            line.put("fill_regions", fillRegionsJson(p.fillRegions()));
        }
        Map<String, Object> ms = new LinkedHashMap<>();
        ms.put("read", round1(r.readMillis()));
        ms.put("detect", round1(p.detectMillis()));
        if (p.template() != null) {
            ms.put("template", round1(p.template().millis()));
        }
        ms.put("fill", round1(p.fillMillis()));
        ms.put("write", round1(r.writeMillis()));
        line.put("millis", ms);
        return line;
    }

    /** One entry per hole for fills that choose per hole ({@code --fill auto}): where, how wide, which method. */
    static List<Map<String, Object>> fillRegionsJson(List<FillRegion> fills) {
        List<Map<String, Object>> out = new java.util.ArrayList<>();
        for (FillRegion f : fills) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("box", new int[] {f.box().x(), f.box().y(), f.box().width(), f.box().height()});
            m.put("pixels", f.pixels());
            m.put("width", f.width());
            m.put("fill", f.engine());
            out.add(m);
        }
        return out;
    }

    /** The --profile path: find the learned mark, reverse it, or copy / skip an image without it. */
    private Map<String, Object> removeProfile(Inputs.Input input, Path target) throws IOException {
        long t0 = System.nanoTime();
        dev.unmark.io.LoadedImage loaded = unmark.read(input.file());
        boolean lossy = loaded.format() == ImageFormat.JPEG || loaded.format() == ImageFormat.WEBP;
        dev.unmark.learn.ProfileRemover.Result r = profileRemover.removeInPlace(loaded.image(),
                new dev.unmark.matte.ReverseBlend(lossy ? dev.unmark.matte.BlendConfig.lossy()
                        : dev.unmark.matte.BlendConfig.defaults()));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("input", input.file().toString());
        line.put("found", r.found());
        line.put("score", Math.round(r.score() * 1000) / 1000.0);
        if (r.found()) {
            unmark.write(target, r.output(), loaded);
            line.put("output", target.toString());
            line.put("status", "ok");
            line.put("box", List.of(r.box().x(), r.box().y(), r.box().width(), r.box().height()));
            line.put("strength", Math.round(r.strength() * 1000) / 1000.0);
            line.put("recovered_fraction", Math.round(r.recovery().recoveredFraction() * 1e4) / 1e4);
        } else if (notFound.equals("copy")) {
            if (!target.toAbsolutePath().normalize().equals(input.file().toAbsolutePath().normalize())) {
                dev.unmark.io.AtomicFiles.write(target, out -> Files.copy(input.file(), out));
            }
            line.put("output", target.toString());
            line.put("status", "not found: copied unchanged");
        } else {
            line.put("status", "not found: skipped");
        }
        if (!r.found() && !json) {
            spec.commandLine().getErr().println("unmark: " + input.file() + ": the learned mark is not found (score "
                    + line.get("score") + "); " + (notFound.equals("copy") ? "copied unchanged" : "no output"));
        }
        line.put("millis", round1((System.nanoTime() - t0) / 1e6));
        return line;
    }

    private Path outputFor(Inputs.Input input) {
        if (inPlace) {
            return input.file();
        }
        if (output != null) {
            return output;
        }
        return outDir.resolve(input.relative());
    }

    /** The user mask for this input: the --mask file, or the file in the --mask folder with the same stem. */
    private Path maskFileFor(Inputs.Input input) throws IOException {
        if (mask == null) {
            return null;
        }
        if (!Files.isDirectory(mask)) {
            return mask;
        }
        String stem = Inputs.stem(input.relative());
        Path folder = input.relative().getParent() == null ? mask : mask.resolve(input.relative().getParent());
        Optional<Path> found = findByStem(folder, stem);
        if (found.isEmpty() && folder != mask) {
            found = findByStem(mask, stem); // a flat mask folder for nested inputs
        }
        return found.orElseThrow(() -> new UnmarkException(input.file() + ": no mask named " + stem
                + ".* in " + mask));
    }

    private static Optional<Path> findByStem(Path folder, String stem) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Optional.empty();
        }
        try (var files = Files.list(folder)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> Inputs.stem(p).equals(stem))
                    .filter(p -> ImageFormat.fromExtension(p.getFileName().toString()).isPresent())
                    .sorted()
                    .findFirst();
        }
    }

    static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
