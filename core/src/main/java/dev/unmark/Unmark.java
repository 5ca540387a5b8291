package dev.unmark;

import dev.unmark.detect.Detection;
import dev.unmark.detect.Detectors;
import dev.unmark.fill.FillEngines;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.ImageFormat;
import dev.unmark.io.LoadedImage;
import dev.unmark.io.MaskFiles;
import dev.unmark.io.ReadOptions;
import dev.unmark.io.WriteOptions;
import dev.unmark.matte.BlendConfig;
import dev.unmark.matte.ReverseBlend;
import dev.unmark.matte.Template;
import dev.unmark.matte.TemplateConfig;
import dev.unmark.matte.TemplateMatcher;
import dev.unmark.pipeline.Pipeline;
import dev.unmark.pipeline.PipelineResult;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The library's front door: remove watermarks from images in memory or from files.
 *
 * <pre>{@code
 * Unmark unmark = Unmark.create(Unmark.Options.defaults());
 * unmark.removeFile(Path.of("in.jpg"), Path.of("out.jpg"), null);
 * }</pre>
 *
 * Instances are immutable and thread-safe; share one across a batch.
 */
public final class Unmark {

    /**
     * What to run and the limits to run it under.
     *
     * @param detector     detector registry name ({@code auto}, {@code contours}, {@code none}, ...)
     * @param fill         fill engine registry name ({@code auto}, {@code telea}, {@code ns}, ...)
     * @param maskDilation pixels the mask is grown by before filling (0-64), or {@link Pipeline#AUTO_DILATION} (the
     *                     default) for 1 px on detected pixels and 2 px on a user's mask
     * @param maxPixels    images with more pixels are refused before decoding; 100 megapixels by default
     * @param quality      JPEG/WebP output quality, 1-100
     * @param resizeMask   scale a user mask of another size to the image instead of failing
     * @param minConfidence detected regions below this confidence (0-1) are dropped with their pixels;
     *                     {@link Pipeline#DEFAULT_MIN_CONFIDENCE} by default, 0 keeps all
     * @param fillModel    the model file of a network fill engine ({@code deepfill}, {@code lama}, {@code migan}), or
     *                     null for the engine's environment variable; see docs/FILL-MODELS.md
     * @param template     an RGBA image of a known watermark (see {@link Template}), or a profile written by
     *                     {@code unmark learn} (a file named {@code *.profile}), to find and reverse in every image, or
     *                     null; only its residual (opaque or clipped pixels) is filled
     */
    public record Options(String detector, String fill, int maskDilation, long maxPixels, int quality,
                          boolean resizeMask, double minConfidence, Path fillModel, Path template) {

        /** Without a fill model file or a template. */
        public Options(String detector, String fill, int maskDilation, long maxPixels, int quality,
                       boolean resizeMask, double minConfidence) {
            this(detector, fill, maskDilation, maxPixels, quality, resizeMask, minConfidence, null, null);
        }

        /** With the default minimum confidence. */
        public Options(String detector, String fill, int maskDilation, long maxPixels, int quality,
                       boolean resizeMask) {
            this(detector, fill, maskDilation, maxPixels, quality, resizeMask, Pipeline.DEFAULT_MIN_CONFIDENCE);
        }

        public Options {
            Objects.requireNonNull(detector, "detector");
            Objects.requireNonNull(fill, "fill");
            if (maxPixels <= 0) {
                throw new IllegalArgumentException("max pixels must be positive, got " + maxPixels);
            }
            if (quality < 1 || quality > 100) {
                throw new IllegalArgumentException("quality must be 1-100, got " + quality);
            }
            if (!(minConfidence >= 0 && minConfidence <= 1)) {
                throw new IllegalArgumentException("min confidence must be 0-1, got " + minConfidence);
            }
        }

        public static Options defaults() {
            return new Options("auto", "auto", Pipeline.AUTO_DILATION, ReadOptions.defaults().maxPixels(), 95, false);
        }

        public Options withDetector(String name) {
            return new Options(name, fill, maskDilation, maxPixels, quality, resizeMask, minConfidence, fillModel,
                    template);
        }

        public Options withFill(String name) {
            return new Options(detector, name, maskDilation, maxPixels, quality, resizeMask, minConfidence, fillModel,
                    template);
        }

        public Options withMaxPixels(long limit) {
            return new Options(detector, fill, maskDilation, limit, quality, resizeMask, minConfidence, fillModel,
                    template);
        }

        public Options withMinConfidence(double min) {
            return new Options(detector, fill, maskDilation, maxPixels, quality, resizeMask, min, fillModel, template);
        }

        /** With the model file a network fill engine runs (null: the engine's environment variable). */
        public Options withFillModel(Path model) {
            return new Options(detector, fill, maskDilation, maxPixels, quality, resizeMask, minConfidence, model,
                    template);
        }

        /** With a known watermark template (an RGBA PNG), or none for null. */
        public Options withTemplate(Path file) {
            return new Options(detector, fill, maskDilation, maxPixels, quality, resizeMask, minConfidence, fillModel,
                    file);
        }
    }

    /** What happened to one file: the pipeline's report plus the file-level facts. */
    public record FileResult(Path input, Path output, int width, int height, PipelineResult pipeline,
                             double readMillis, double writeMillis) {
    }

    private final Options options;
    private final Pipeline pipeline;
    /** {@link #pipeline} with the blend inversion for lossy inputs (the same object without a template). */
    private final Pipeline lossyPipeline;

    private Unmark(Options options) {
        this.options = options;
        Pipeline p = new Pipeline(Detectors.create(options.detector()),
                FillEngines.create(options.fill(), options.fillModel()), options.maskDilation(), options.minConfidence());
        if (options.template() != null) {
            // a learned profile (unmark learn) is read for its mark PNG
            Template t = dev.unmark.learn.Profile.isProfile(options.template())
                    ? dev.unmark.learn.Profile.read(options.template()).template() : Template.read(options.template());
            p = p.withTemplate(new TemplateMatcher(t, TemplateConfig.defaults()),
                    new ReverseBlend(BlendConfig.defaults()));
        }
        this.pipeline = p;
        this.lossyPipeline = p.withBlend(new ReverseBlend(BlendConfig.lossy()));
    }

    /**
     * Builds the stages named in {@code options}; an unknown name fails with the valid ones, and a template file
     * that cannot be used with an {@link UnmarkException} naming it.
     */
    public static Unmark create(Options options) {
        return new Unmark(Objects.requireNonNull(options, "options"));
    }

    public Options options() {
        return options;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /**
     * Detects and removes watermarks; {@code mask} (may be null) adds user-marked pixels. Input untouched. A template's
     * recovery treats the image as lossless; for a decoded JPEG use
     * {@code pipeline().withBlend(new ReverseBlend(BlendConfig.lossy()))}, as {@link #removeFile} does.
     */
    public PipelineResult remove(Image image, Mask mask) {
        return pipeline.run(image, mask);
    }

    /** Detection only. */
    public Detection detect(Image image, Mask mask) {
        return pipeline.detect(image, mask);
    }

    /** Reads an image file applying its EXIF orientation, refusing it when over the pixel limit. */
    public LoadedImage read(Path input) {
        return ImageFiles.read(input, new ReadOptions(options.maxPixels()));
    }

    /** Reads a user mask for an image of the given size (resized only when the options say so). */
    public Mask readMask(Path maskFile, int width, int height) {
        return MaskFiles.read(maskFile, width, height, options.resizeMask());
    }

    /**
     * Reads {@code input}, removes the watermark and writes {@code output} atomically, in the format its extension
     * names (the input's format when the extension is not an image one). Nothing is written when anything fails.
     *
     * @param maskFile a user mask for this image, or null
     */
    public FileResult removeFile(Path input, Path output, Path maskFile) {
        return removeFile(input, output, maskFile, null);
    }

    /**
     * As {@link #removeFile(Path, Path, Path)}, also writing the final mask to {@code maskOutput} (when not null).
     * The mask is written first and removed again if the image cannot be written, so a failed file leaves
     * neither behind, and an output that replaces its input is the last thing written.
     */
    public FileResult removeFile(Path input, Path output, Path maskFile, Path maskOutput) {
        long t0 = System.nanoTime();
        LoadedImage loaded = read(input);
        Image image = loaded.image();
        Mask mask = maskFile == null ? null : readMask(maskFile, image.width(), image.height());
        long t1 = System.nanoTime();
        // A JPEG's compression noise is amplified by reversing a blend: its recovery is regularised for it.
        boolean lossy = loaded.format() == ImageFormat.JPEG || loaded.format() == ImageFormat.WEBP;
        Pipeline p = lossy ? lossyPipeline : pipeline;
        PipelineResult result = p.runInPlace(image, mask); // the decoded image is ours: no copy
        long t2 = System.nanoTime();
        if (maskOutput != null) {
            MaskFiles.write(maskOutput, result.detectedMask());
        }
        try {
            write(output, result.output(), loaded);
        } catch (RuntimeException e) {
            if (maskOutput != null) {
                try {
                    java.nio.file.Files.deleteIfExists(maskOutput);
                } catch (java.io.IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        long t3 = System.nanoTime();
        return new FileResult(input, output, image.width(), image.height(), result, (t1 - t0) / 1e6, (t3 - t2) / 1e6);
    }

    /** Writes {@code image} as {@code output}, carrying over what {@code source} had that the format can keep. */
    public void write(Path output, Image image, LoadedImage source) {
        ImageFormat format = ImageFormat.fromExtension(output.getFileName().toString()).orElse(source.format());
        ImageFiles.write(output, image,
                new WriteOptions(format, options.quality(), source.metadata(), source.bitsPerSample()));
    }
}
