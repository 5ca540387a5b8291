package dev.unmark.detect;

import dev.unmark.image.Image;

/** Finds nothing: for runs where the user supplies the mask ({@code --detector none --mask ...}). */
public final class NoDetector implements WatermarkDetector {

    @Override
    public String name() {
        return "none";
    }

    @Override
    public Detection detect(Image image) {
        return Detection.none(image.width(), image.height());
    }
}
