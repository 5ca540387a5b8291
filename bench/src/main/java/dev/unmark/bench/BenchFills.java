package dev.unmark.bench;

import dev.unmark.UnmarkException;
import dev.unmark.fill.AutoFill;
import dev.unmark.fill.FillEngine;
import dev.unmark.fill.FillEngines;
import dev.unmark.fill.OpenCvInpaintFill;
import dev.unmark.fill.PatchConfig;
import dev.unmark.fill.PatchMatchFill;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;

/**
 * Fill engines by name for the bench: any registry name ({@link FillEngines}), or a variant of {@code patch} or
 * {@code auto} with changed parameters, for ablations shown side by side in one run's gallery:
 * {@code patch:grad=0}, {@code auto:thin=12}, several joined by colons. Keys: {@code grad} (gradient weight),
 * {@code size} (patch size), {@code coarse} and {@code fine} (iterations), {@code passes}, {@code nb}
 * (neighbourhood), {@code lp} (low-pass scale, 0 = off), {@code shade} (0 = no shade network), {@code ew}
 * (exemplar weight), {@code seed}, {@code avg} (mean of that many seeds' fills), {@code thin} (auto only).
 */
final class BenchFills {

    private BenchFills() {
    }

    static FillEngine create(String name) {
        int colon = name.indexOf(':');
        if (colon < 0) {
            return FillEngines.create(name);
        }
        String base = name.substring(0, colon);
        if (!base.equals("patch") && !base.equals("auto")) {
            throw new UnmarkException("only patch and auto take parameters, got '" + name + "'");
        }
        PatchConfig c = PatchConfig.defaults();
        float thin = AutoFill.DEFAULT_THIN_WIDTH;
        int avg = 1;
        for (String kv : name.substring(colon + 1).split(":")) {
            String[] p = kv.split("=", 2);
            if (p.length != 2) {
                throw new UnmarkException("bad fill parameter '" + kv + "' in '" + name + "'");
            }
            double v = Double.parseDouble(p[1]);
            c = switch (p[0]) {
                case "grad" -> with(c, 1, v);
                case "hw" -> with(c, 2, v);
                case "size" -> with(c, 0, v);
                case "k" -> with(c, 7, v);
                case "coarse" -> with(c, 3, v);
                case "fine" -> with(c, 4, v);
                case "passes" -> with(c, 5, v);
                case "nb" -> with(c, 6, v);
                case "lp" -> c.withLowPass(v);
                case "shade" -> c.withShade(v != 0);
                case "ew" -> c.withExemplarWeight(v);
                case "seed" -> c.withSeed((long) v);
                case "par" -> c.withParallel(v != 0);
                case "avg" -> {
                    avg = (int) v;
                    yield c;
                }
                case "thin" -> {
                    thin = (float) v;
                    yield c;
                }
                default -> throw new UnmarkException("unknown fill parameter '" + p[0] + "' in '" + name + "'");
            };
        }
        FillEngine one = base.equals("patch") ? new PatchMatchFill(c)
                : new AutoFill(OpenCvInpaintFill.telea(), new PatchMatchFill(c), null, thin);
        return avg <= 1 ? one : averaged(name, c, avg);
    }

    /** {@code c} with parameter number {@code i} (record order) set to {@code v}. */
    private static PatchConfig with(PatchConfig c, int i, double v) {
        return new PatchConfig(i == 0 ? (int) v : c.patchSize(), i == 1 ? v : c.gradientWeight(),
                i == 2 ? v : c.holeWeight(), i == 7 ? (int) v : c.candidates(), i == 3 ? (int) v : c.coarseIterations(),
                i == 4 ? (int) v : c.fineIterations(), i == 5 ? (int) v : c.searchPasses(),
                i == 6 ? v : c.neighbourhood(), c.minMargin(), c.maxMargin(), c.lowPass(), c.shade(), c.exemplarWeight(), c.seed(),
                c.parallel());
    }

    /** The mean of {@code n} patch fills with seeds 1 to n: an estimate of the expected completion. */
    private static FillEngine averaged(String name, PatchConfig c, int n) {
        return new FillEngine() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Image fill(Image image, Mask mask) {
                Image sum = null;
                for (int s = 1; s <= n; s++) {
                    Image one = new PatchMatchFill(c.withSeed(s)).fill(image, mask);
                    if (sum == null) {
                        sum = one;
                    } else {
                        for (int i = 0; i < sum.rgb().length; i++) {
                            sum.rgb()[i] += one.rgb()[i];
                        }
                    }
                }
                for (int i = 0; i < sum.rgb().length; i++) {
                    sum.rgb()[i] /= n;
                }
                return sum;
            }
        };
    }
}
