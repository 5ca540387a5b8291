package dev.unmark.pipeline;

import dev.unmark.detect.Region;
import dev.unmark.matte.Recovery;
import dev.unmark.matte.TemplateMatch;

/**
 * What the known-template stage did to one image.
 *
 * @param match    where the template was found and how well; {@code match.found()} false means the image was left
 *                 as it was
 * @param region   the template's region in the pipeline's regions (kind {@code "template"}), or null when not found
 * @param recovery what reversing its blend recovered and left to the fill, or null when not found
 * @param millis   time spent finding and reversing it
 */
public record TemplateReport(TemplateMatch match, Region region, Recovery recovery, double millis) {
}
