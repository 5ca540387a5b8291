package dev.unmark.fill;

import dev.unmark.UnmarkException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The input and output conventions of the inpainting networks {@link OnnxInpaintFill} runs. A model file is matched
 * to one of them by its inputs' and outputs' count, element type, shape and names; docs/FILL-MODELS.md says where
 * each model comes from.
 */
public enum NetContract {

    /**
     * DeepFill v2 (Yu et al., "Free-Form Image Inpainting with Gated Convolution", ICCV 2019) as exported from
     * MMEditing's checkpoints in the ailia-models zoo ({@code deepfillv2_places_512x512.onnx} and its siblings).
     * MMEditing trains on BGR (its Normalize step runs with {@code to_rgb=False}), so the planes go in as B, G, R.
     */
    DEEPFILL("deepfill", "DeepFill v2",
            "one float32 input N x 5 x H x W (BGR image in [-1, 1] times (1 - mask), a plane of ones, the mask with "
                    + "1 = hole) and two float32 outputs N x 3 x H x W (coarse, then refined)"),

    /**
     * LaMa (Suvorov et al., "Resolution-robust Large Mask Inpainting with Fourier Convolutions", WACV 2022) as in
     * the community export {@code lama_fp32.onnx} (Carve/LaMa-ONNX): RGB in [0, 1] and a mask with 1 = hole; its
     * output is on the 0-255 scale, while other exports answer in [0, 1], so the scale is read off each result.
     * Exports that stack image and mask into one 4-plane input are accepted too.
     */
    LAMA("lama", "LaMa",
            "float32 inputs image N x 3 x H x W (RGB in [0, 1]) and mask N x 1 x H x W (1 = hole), or one stacked "
                    + "N x 4 x H x W input, and one float32 output N x 3 x H x W"),

    /**
     * MI-GAN (Sargsyan et al., "MI-GAN: A Simple Baseline for Image Inpainting on Mobile Devices", ICCV 2023) as
     * its authors' ONNX pipeline {@code migan_pipeline_v2.onnx}: 8-bit RGB in and out, and a mask where 255 marks
     * the known pixels and 0 the hole (the MI-GAN README's convention, the reverse of the other two).
     */
    MIGAN("migan", "MI-GAN",
            "uint8 inputs image N x 3 x H x W (RGB) and mask N x 1 x H x W (0 = hole, 255 = known) and one uint8 "
                    + "output N x 3 x H x W");

    private final String key;
    private final String title;
    private final String expected;

    NetContract(String key, String title, String expected) {
        this.key = key;
        this.title = title;
        this.expected = expected;
    }

    /** The fill engine's registry name: {@code deepfill}, {@code lama} or {@code migan}. */
    public String key() {
        return key;
    }

    /** The network's name for messages, e.g. {@code DeepFill v2}. */
    public String title() {
        return title;
    }

    /** What a model of this contract looks like, for error messages. */
    public String expected() {
        return expected;
    }

    /** The environment variable naming the default model file, e.g. {@code UNMARK_DEEPFILL_MODEL}. */
    public String environmentVariable() {
        return "UNMARK_" + key.toUpperCase(Locale.ROOT) + "_MODEL";
    }

    /** The contract registered under {@code key} (lower case), if any. */
    public static Optional<NetContract> byKey(String key) {
        for (NetContract c : values()) {
            if (c.key.equals(key)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    /**
     * The model file named by {@link #environmentVariable()} in {@code environment} (a lookup such as
     * {@code System::getenv}).
     *
     * @throws UnmarkException when the variable is unset or blank, saying how to give a model
     */
    public Path defaultModel(UnaryOperator<String> environment) {
        String value = environment.apply(environmentVariable());
        if (value == null || value.isBlank()) {
            throw new UnmarkException("fill engine '" + key + "' needs a " + title + " model file: give --model PATH "
                    + "or set " + environmentVariable() + " (where to get one: docs/FILL-MODELS.md)");
        }
        return Path.of(value.strip());
    }
}
