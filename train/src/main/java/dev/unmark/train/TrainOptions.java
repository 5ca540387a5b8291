package dev.unmark.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The trainer's command line: {@code --photos --logos --fonts} (folders of the licensed sources; {@code --photos}
 * may be given more than once), {@code --empty-share} (the share of samples without a mark), {@code --exclude
 * SETS} (skip every photo and logo a benchmark set under SETS was made from, so the dev numbers stay honest),
 * {@code --out DIR}, and the schedule.
 */
record TrainOptions(List<Path> photos, Path logos, Path fonts, List<Path> excludeSets, Path out, Path resume, int steps,
                    int batch, int side, float lr, long seed, int producers, int validation, int logEvery,
                    int evalEvery, double emptyShare) {

    static TrainOptions parse(String[] args) {
        Path logos = null, fonts = null, out = null, resume = null;
        List<Path> photos = new ArrayList<>();
        List<Path> exclude = new ArrayList<>();
        double emptyShare = 0.08;
        int steps = 6000, batch = 12, side = 256, producers = 1, validation = 96, logEvery = 20, evalEvery = 250;
        float lr = 2e-3f;
        long seed = 1;
        for (int k = 0; k < args.length; k++) {
            String a = args[k];
            String v = k + 1 < args.length ? args[k + 1] : null;
            switch (a) {
                case "--photos" -> photos.add(Path.of(v));
                case "--logos" -> logos = Path.of(v);
                case "--fonts" -> fonts = Path.of(v);
                case "--exclude" -> exclude.add(Path.of(v));
                case "--out" -> out = Path.of(v);
                case "--resume" -> resume = Path.of(v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--batch" -> batch = Integer.parseInt(v);
                case "--side" -> side = Integer.parseInt(v);
                case "--lr" -> lr = Float.parseFloat(v);
                case "--seed" -> seed = Long.parseLong(v);
                case "--producers" -> producers = Integer.parseInt(v);
                case "--validation" -> validation = Integer.parseInt(v);
                case "--log-every" -> logEvery = Integer.parseInt(v);
                case "--eval-every" -> evalEvery = Integer.parseInt(v);
                case "--empty-share" -> emptyShare = Double.parseDouble(v);
                default -> throw new IllegalArgumentException("unknown option " + a);
            }
            k++;
        }
        if (photos.isEmpty() || logos == null || fonts == null || out == null) {
            throw new IllegalArgumentException("usage: --photos DIR --logos DIR --fonts DIR --out DIR [--exclude SETS]"
                    + " [--photos DIR ...] [--empty-share F] [--steps N] [--batch N] [--side PX] [--lr F] [--seed N] [--resume CHECKPOINT]");
        }
        if (side % MarkNetGraph.MULTIPLE != 0) {
            throw new IllegalArgumentException("--side must be a multiple of " + MarkNetGraph.MULTIPLE);
        }
        return new TrainOptions(List.copyOf(photos), logos, fonts, List.copyOf(exclude), out, resume, steps, batch, side, lr, seed,
                producers, validation, logEvery, evalEvery, emptyShare);
    }
}
