package dev.unmark.bench;

import dev.unmark.UnmarkException;
import dev.unmark.detect.Detectors;
import dev.unmark.fill.FillEngine;
import dev.unmark.fill.FillEngines;
import dev.unmark.fill.NetContract;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import dev.unmark.matte.BlendConfig;
import dev.unmark.matte.ReverseBlend;
import dev.unmark.matte.Template;
import dev.unmark.matte.TemplateConfig;
import dev.unmark.matte.TemplateMatcher;
import dev.unmark.pipeline.Pipeline;
import dev.unmark.pipeline.PipelineResult;
import java.nio.file.Path;
import java.util.List;

/**
 * The configurations the bench knows: {@code identity}, {@code gt-mask+<fill>} (a fill engine given the true mask
 * grown by 2 px, as in BASELINES.md), {@code oracle} (reverse alpha blending with the true alpha and watermark) and
 * {@code auto} or {@code <detector>+<fill>} (the pipeline, with its mask written out for scoring), and
 * {@code template} or {@code template+<fill>} (the pipeline with no detector and the item's known template, as
 * {@code unmark remove --template} runs it), and {@code learn}, {@code learnN} or {@code learnN+<fill>} (a profile
 * learned from the set's own inputs, all or the first N, then {@code unmark remove --profile}; see
 * {@link LearnConfigs}).
 */
public final class BenchConfigs {

    /**
     * The baselines' mask growth: 2 px with the core's elliptical 5x5 kernel, which reproduces BASELINES.md (a
     * square kernel falls 0.2-0.6 dB short of it, a cross overshoots; see docs/BENCHMARKS.md).
     */
    public static final int GT_DILATION = 2;
    /** Above this alpha the blend cannot be inverted usefully (1/(1-a) amplifies noise); such pixels are inpainted. */
    public static final float ORACLE_MAX_ALPHA = 0.98f;
    /** Mask growth the pipeline configurations use: the pipeline's default, as `unmark remove` runs it. */
    public static final int PIPELINE_DILATION = dev.unmark.pipeline.Pipeline.AUTO_DILATION;

    /** Suffix of a pipeline configuration that also reverses detected overlays ({@link Pipeline#withOverlayRecovery}). */
    public static final String RECOVER_SUFFIX = "/recover";

    public static final List<String> BASELINES = List.of("identity", "gt-mask+telea", "gt-mask+ns", "oracle");

    private BenchConfigs() {
    }

    /** The configuration called {@code name}; fails at once (before any work) on an unknown name or component. */
    public static BenchConfig create(String name) {
        return create(name, null);
    }

    /**
     * As {@link #create(String)}, with the model file a network fill engine ({@code deepfill}, {@code lama},
     * {@code migan}) runs; null takes the engine's environment variable. Configurations with another fill ignore
     * it, so one run can compare a network with the built-in fills.
     */
    public static BenchConfig create(String name, Path fillModel) {
        String n = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("identity")) {
            return simple(n, false, false, (in, gt) -> new BenchConfig.Result(in.copy(), null));
        }
        if (n.equals("oracle")) {
            FillEngine telea = FillEngines.create("telea");
            return simple(n, true, false, (in, gt) -> new BenchConfig.Result(oracle(in, gt, telea), null));
        }
        if (n.startsWith("gt-mask+")) {
            FillEngine fill = fill(n.substring("gt-mask+".length()), fillModel);
            return simple(n, true, false, (in, gt) -> new BenchConfig.Result(
                    fill.fill(in, Masks.dilate(gt.mask(), GT_DILATION)), null));
        }
        if (n.matches("learn[0-9]*(\\+.+)?")) {
            return LearnConfigs.create(n, fill(n.contains("+") ? n.substring(n.indexOf('+') + 1) : "auto", fillModel));
        }
        if (n.equals("template") || n.startsWith("template+")) {
            return template(n, fill(n.equals("template") ? "auto" : n.substring("template+".length()), fillModel));
        }
        // "<pipeline config>/recover": the same with the experimental matte stage for detected overlays.
        boolean recover = n.endsWith(RECOVER_SUFFIX);
        String base = recover ? n.substring(0, n.length() - RECOVER_SUFFIX.length()) : n;
        String detector = "auto", fillName = "auto";
        if (!base.equals("auto")) {
            int plus = base.indexOf('+');
            if (plus <= 0 || plus == base.length() - 1) {
                throw new UnmarkException("unknown configuration '" + name + "'; valid: identity, gt-mask+<fill>, "
                        + "oracle, template[+<fill>], auto, <detector>+<fill>, and either of the last two with /recover");
            }
            detector = base.substring(0, plus);
            fillName = base.substring(plus + 1);
        }
        Pipeline pipeline = new Pipeline(Detectors.create(detector), fill(fillName, fillModel), PIPELINE_DILATION)
                .withOverlayRecovery(recover);
        Pipeline lossy = pipeline.withBlend(new ReverseBlend(BlendConfig.lossy()));
        // As Unmark.removeFile does: a lossy input's recovery is regularised for its compression noise.
        return BenchConfig.predicting(n, (item, input) -> {
            PipelineResult r = (item != null && item.lossyInput() ? lossy : pipeline).run(input, null);
            return new BenchConfig.Result(r.output(), r.detectedMask());
        });
    }

    /** The fill engine {@code name}, given {@code model} only when it is a network engine that runs one. */
    private static FillEngine fill(String name, Path model) {
        if (name.indexOf(':') >= 0) {
            return BenchFills.create(name); // a patch or auto variant with parameters, for ablations
        }
        return FillEngines.create(name, NetContract.byKey(name).isPresent() ? model : null);
    }

    /**
     * The pipeline without a detector, with each item's template (read once per file): what {@code unmark remove
     * --template wm.png} does. An item without a template fails (and is scored as its input).
     */
    private static BenchConfig template(String name, FillEngine fill) {
        Pipeline base = new Pipeline(new dev.unmark.detect.NoDetector(), fill, PIPELINE_DILATION);
        java.util.Map<java.nio.file.Path, Pipeline> byTemplate = new java.util.concurrent.ConcurrentHashMap<>();
        return BenchConfig.predicting(name, (item, input) -> {
            if (item == null || item.template() == null) {
                throw new UnmarkException(name + ": no template in the set's meta (kind template, logo)");
            }
            Pipeline p = byTemplate.computeIfAbsent(item.template(), t -> base.withTemplate(
                    new TemplateMatcher(Template.read(t), TemplateConfig.defaults()),
                    new ReverseBlend(BlendConfig.defaults())));
            if (item.lossyInput()) {
                p = p.withBlend(new ReverseBlend(BlendConfig.lossy())); // as Unmark.removeFile does for JPEG
            }
            // The predicted mask: every pixel the found template covers, recovered or filled.
            PipelineResult r = p.run(input, null);
            return new BenchConfig.Result(r.output(), r.detectedMask());
        });
    }

    private interface Body {
        BenchConfig.Result apply(Image input, BenchConfig.GroundTruth truth);
    }

    private static BenchConfig simple(String name, boolean needsTruth, boolean predictsMask, Body body) {
        return new BenchConfig() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public boolean needsGroundTruth() {
                return needsTruth;
            }

            @Override
            public boolean predictsMask() {
                return predictsMask;
            }

            @Override
            public Result apply(Image input, GroundTruth truth) {
                return body.apply(input, truth);
            }
        };
    }

    /**
     * Inverts {@code J = I (1 - A) + W A} where {@code A < 0.98}, clamping to 0-255; the rest (nearly opaque
     * marks, whose clean pixels are lost) is filled with {@code fill}.
     */
    static Image oracle(Image input, BenchConfig.GroundTruth gt, FillEngine fill) {
        if (gt.alpha() == null || gt.wm() == null) {
            throw new UnmarkException("oracle needs the alpha and wm ground truth");
        }
        int w = input.width(), h = input.height();
        if (gt.wm().width() != w || gt.wm().height() != h || gt.alpha().length != w * h) {
            throw new UnmarkException("ground truth size differs from the input");
        }
        Image out = input.copy();
        float[] j = out.rgb(), wm = gt.wm().rgb(), a = gt.alpha();
        Mask lost = Mask.empty(w, h);
        for (int p = 0; p < a.length; p++) {
            float alpha = a[p];
            if (alpha <= 0) {
                continue;
            }
            if (alpha >= ORACLE_MAX_ALPHA) {
                lost.data()[p] = Mask.ON;
                continue;
            }
            for (int c = 0; c < 3; c++) {
                float v = (j[p * 3 + c] - alpha * wm[p * 3 + c]) / (1 - alpha);
                j[p * 3 + c] = Math.max(0f, Math.min(255f, v));
            }
        }
        return lost.isEmpty() ? out : fill.fill(out, lost);
    }
}
