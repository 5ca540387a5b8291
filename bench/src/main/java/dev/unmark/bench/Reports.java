package dev.unmark.bench;

import dev.unmark.UnmarkException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes run and score results as Markdown and CSV. */
public final class Reports {

    /** The label of the row that pools every image of every set but {@code none}, as BASELINES.md does. */
    public static final String ALL = "ALL (all sets but none)";

    private Reports() {
    }

    /**
     * The summaries plus, when there is more than one set, one pooled row per configuration over the images of all
     * sets but {@code none} (means over images, not over sets).
     */
    public static List<SetSummary> withPooled(List<SetSummary> summaries) {
        List<SetSummary> rows = new ArrayList<>(summaries);
        if (summaries.stream().map(SetSummary::set).distinct().count() < 2) {
            return rows;
        }
        Map<String, List<ImageScore>> byConfig = new LinkedHashMap<>();
        Map<String, Double> peak = new LinkedHashMap<>();
        for (SetSummary s : summaries) {
            if (s.set().equals("none")) {
                continue;
            }
            byConfig.computeIfAbsent(s.config(), k -> new ArrayList<>()).addAll(s.scores());
            peak.merge(s.config(), s.peakHeapMiB(), (a, b) -> Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b));
        }
        byConfig.forEach((config, scores) -> rows.add(SetSummary.of(ALL, config, scores, peak.get(config))));
        return rows;
    }

    public static String markdown(List<SetSummary> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| set | n | config | PSNR256 | SSIM256 | PSNR | RMSE | RMSEw | mask IoU | mask F1 | FP frac"
                + " | failures | s/image median | s/image mean | peak heap MiB |\n");
        sb.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (SetSummary s : rows) {
            sb.append("| ").append(s.set()).append(" | ").append(s.images()).append(" | ").append(s.config())
                    .append(" | ").append(f(s.psnr256(), 2)).append(" | ").append(f(s.ssim256(), 4))
                    .append(" | ").append(f(s.psnr(), 2)).append(" | ").append(f(s.rmse(), 2))
                    .append(" | ").append(f(s.rmseMasked(), 2)).append(" | ").append(f(s.maskIou(), 3))
                    .append(" | ").append(f(s.maskF1(), 3)).append(" | ").append(f(s.falsePositiveFraction(), 4))
                    .append(" | ").append(s.failures()).append(" | ").append(f(s.medianSeconds(), 3))
                    .append(" | ").append(f(s.meanSeconds(), 3)).append(" | ").append(f(s.peakHeapMiB(), 0))
                    .append(" |\n");
        }
        return sb.toString();
    }

    public static String summaryCsv(List<SetSummary> rows) {
        StringBuilder sb = new StringBuilder("set,config,images,failures,psnr256,ssim256,psnr,rmse,rmse_masked,"
                + "mask_iou,mask_f1,fp_fraction,seconds_median,seconds_mean,peak_heap_mib\n");
        for (SetSummary s : rows) {
            sb.append(csv(s.set())).append(',').append(csv(s.config())).append(',').append(s.images()).append(',')
                    .append(s.failures()).append(',').append(c(s.psnr256())).append(',').append(c(s.ssim256()))
                    .append(',').append(c(s.psnr())).append(',').append(c(s.rmse())).append(',')
                    .append(c(s.rmseMasked())).append(',').append(c(s.maskIou())).append(',').append(c(s.maskF1()))
                    .append(',').append(c(s.falsePositiveFraction())).append(',').append(c(s.medianSeconds()))
                    .append(',').append(c(s.meanSeconds())).append(',').append(c(s.peakHeapMiB())).append('\n');
        }
        return sb.toString();
    }

    public static String imagesCsv(List<SetSummary> rows) {
        StringBuilder sb = new StringBuilder("set,config,name,failed,failure,psnr256,ssim256,psnr,rmse,rmse_masked,"
                + "mask_iou,mask_f1,fp_fraction,seconds\n");
        for (SetSummary s : rows) {
            for (ImageScore i : s.scores()) {
                sb.append(csv(s.set())).append(',').append(csv(s.config())).append(',').append(csv(i.name()))
                        .append(',').append(i.failed()).append(',').append(csv(i.failure() == null ? "" : i.failure()))
                        .append(',').append(c(i.psnr256())).append(',').append(c(i.ssim256())).append(',')
                        .append(c(i.psnr())).append(',').append(c(i.rmse())).append(',').append(c(i.rmseMasked()))
                        .append(',').append(c(i.maskIou())).append(',').append(c(i.maskF1())).append(',')
                        .append(c(i.falsePositiveFraction())).append(',').append(c(i.seconds())).append('\n');
            }
        }
        return sb.toString();
    }

    /** Writes {@code report.md}, {@code report.csv} (one row per set and configuration) and {@code images.csv}. */
    public static void write(Path out, List<SetSummary> rows, String header) {
        try {
            Files.createDirectories(out);
            Files.writeString(out.resolve("report.md"), header + "\n" + markdown(rows) + notes(rows));
            Files.writeString(out.resolve("report.csv"), summaryCsv(rows));
            Files.writeString(out.resolve("images.csv"), imagesCsv(rows));
        } catch (IOException e) {
            throw new UnmarkException(out + ": " + e.getMessage(), e);
        }
    }

    private static String notes(List<SetSummary> rows) {
        StringBuilder sb = new StringBuilder("\n");
        sb.append("PSNR256/SSIM256: output and clean resized to 256x256 (OpenCV INTER_LINEAR); PSNR/RMSE full "
                + "resolution, PSNR capped at 100 dB; RMSEw: RMSE inside the ground-truth mask. Mask scores only for "
                + "configurations that predict a mask; FP frac = share of pixels marked outside the true mask. "
                + "s/image: time inside the configuration, without file I/O. Peak heap: sum of the JVM heap pools' "
                + "peak use (MemoryPoolMXBean) while the configuration ran on the set, native (OpenCV) memory not "
                + "included.\n");
        for (SetSummary s : rows) {
            for (ImageScore i : s.scores()) {
                if (i.failed()) {
                    sb.append("\n- failure: ").append(s.set()).append(" / ").append(s.config()).append(" / ")
                            .append(i.name()).append(": ").append(i.failure());
                }
            }
        }
        return sb.append('\n').toString();
    }

    static String f(double v, int decimals) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static String c(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6f", v);
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"")
                .replace("\n", " ") + "\"" : s;
    }
}
