package dev.unmark.bench;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bench generate}: writes a watermarked set with ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Generate a watermarked set with ground truth (input/ clean/ mask/ alpha/ wm/ meta.jsonl).")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--photos", required = true, description = "Folder of clean photos (.jpg/.png).")
    Path photos;

    @Option(names = "--logos", description = "Folder of RGBA PNG logos (SVG is not supported).")
    Path logos;

    @Option(names = "--fonts", description = "Folder of .ttf/.otf/.ttc fonts (default: the JDK's SansSerif).")
    Path fonts;

    @Option(names = "--out", required = true, description = "Set folder to write.")
    Path out;

    @Option(names = "--kind", required = true,
            description = "clwd256, logo-hd, text-hd, collection, template or none.")
    String kind;

    @Option(names = "--count", defaultValue = "10", description = "Number of images.")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "Random seed; the same seed gives the same files.")
    long seed;

    @Option(names = "--opacity-jitter", defaultValue = "0", paramLabel = "LEVELS",
            description = "collection: vary the shared mark's opacity per image by up to +-LEVELS/255 (e.g. 20).")
    int opacityJitter;

    @Option(names = "--max-shift", defaultValue = "0", paramLabel = "PX",
            description = "collection: shift the shared mark per image by up to +-PX on each axis (e.g. 3).")
    int maxShift;

    @Override
    public Integer call() {
        int n = SetGenerator.generate(new SetGenerator.Spec(photos, logos, fonts, out,
                SetGenerator.Kind.parse(kind), count, seed, opacityJitter, maxShift));
        System.out.println("wrote " + n + " images to " + out);
        return 0;
    }
}
