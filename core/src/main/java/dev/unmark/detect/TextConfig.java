package dev.unmark.detect;

/**
 * Parameters of {@link TextDetector}. "Map pixels" are pixels of the probability map the model returns (the
 * image scaled so its long side is at most {@link #limitSide}, or {@link #fineSide} in the tiled pass);
 * "H" is the height (short side) of a text region after unclipping, in image pixels.
 *
 * @param limitSide      long side, in pixels, the whole image is scaled down to for the model (PP-OCR's
 *                       {@code limit_side_len}, type "max"); also the tile size of the fine pass. Range 64-4096,
 *                       start at 960. Smaller images are not enlarged.
 * @param fineSide       long side of a second, tiled pass for images more than 1.5 times larger than
 *                       {@code limitSide}, so small text in large photos is seen at a finer scale; 0 switches it
 *                       off. Range 0 or {@code limitSide}-16384, start at 1920.
 * @param tileOverlap    overlap of neighbouring tiles of the fine pass, in map pixels; should exceed the height
 *                       of the text it must not cut. Range 0-({@code limitSide}/2), start at 128.
 * @param binaryThreshold probability above which a map pixel is text core (DB's {@code thresh}). Range 0-1,
 *                       start at 0.3.
 * @param boxThreshold   least mean probability over a core region for it to count (DB's {@code box_thresh}).
 *                       Range 0-1, start at 0.6.
 * @param unclipRatio    DB's unclip ratio r: a core region grows by {@code D = A r / L} (A area, L perimeter of
 *                       its rotated rectangle). Range 0.5-5, start at 1.5.
 * @param endExtension   how far each text line is lengthened at both ends after unclipping, as a fraction of its
 *                       height, so that symbols the model leaves out (a leading (c), a trailing TM) are searched
 *                       for strokes too. Range 0-5, start at 1.25 (0 switches it off).
 * @param minSize        least short side of a region, in map pixels, before unclipping (and that plus 2 after),
 *                       as PP-OCR's {@code min_size}. Range 1-100, start at 3.
 * @param minContrast    least difference from the local background, in 0-255 luma levels, for a pixel to count
 *                       as stroke, whatever Otsu says. Range 1-128, start at 8.
 * @param edgeFraction   antialiased edges: pixels next to a stroke count too when their difference exceeds this
 *                       fraction of the stroke threshold (hysteresis). Range 0-1, start at 0.35 (1 switches off).
 * @param maxFill        most share of a region's pixels that may be stroke (before outlines); letters fill a
 *                       minority of their line's box, so a fuller region is a textured or bright patch the model
 *                       took for text, and is dropped. Range 0-1, start at 0.75.
 * @param outlines       whether to add outlines and shadows: pixels of the opposite polarity next to strokes
 *                       that differ from the region's surroundings by at least half the stroke threshold.
 * @param minConfidence  least overlay-model fit (0-1) a region needs: the stroke-weighted share of its stroke
 *                       pixels whose change from the local background is explained by one overlay colour W and
 *                       an opacity in (0, 1] ({@code J - B = a (W - B)}). Watermarks fit; scene text (own paint,
 *                       varying colour) and texture the model took for text do not. Range 0-1, start at 0.5
 *                       (0 keeps every region).
 * @param maxOpacity     most median stroke opacity (against the fitted W) a region may have: a watermark lets
 *                       the photo show through, while dark or saturated scene structures (shadows, foliage, signs)
 *                       "fit" an overlay only as a nearly opaque one. Range 0-1, start at 0.8 (1 switches it off).
 * @param alphaFloor     stroke pixels must have an overlay opacity of at least this fraction of their region's
 *                       median opacity (and a change pointing at W); removes background texture that passed the
 *                       luma threshold. Range 0-1, start at 0.75 (0 switches the test off; 0.35, 0.5, 0.65 and 0.75
 *                       gave text-hd F1 0.405, 0.414, 0.427, 0.432: low-opacity pixels are mostly texture).
 * @param dilateRadius   final growth of each stroke mask, in image pixels. Range 0-10, start at 0: the strokes
 *                       already include their antialiased edges, and a grown mask gives the fill more photo to
 *                       invent.
 * @param maxHeight      tallest text line kept, as a fraction of the image's short side (the line's height after
 *                       unclipping). Watermark text is a caption, not a fifth of the frame; DBNet's huge "lines"
 *                       are scene structures (a building's arcades, a bowl's rim, grass), where the stroke step
 *                       then picks everything narrower than half that height. Range 0.01-1, start at 0.2 (1
 *                       switches it off); on the dev sets the tallest true line was 0.167, the false ones
 *                       0.22-0.41.
 */
public record TextConfig(int limitSide, int fineSide, int tileOverlap, double binaryThreshold,
        double boxThreshold, double unclipRatio, double endExtension, int minSize, double minContrast, double edgeFraction,
        double maxFill, boolean outlines, double minConfidence, double maxOpacity, double alphaFloor,
        int dilateRadius, double maxHeight) {

    /** Without {@code maxHeight}: it takes its start value. */
    public TextConfig(int limitSide, int fineSide, int tileOverlap, double binaryThreshold, double boxThreshold,
            double unclipRatio, double endExtension, int minSize, double minContrast, double edgeFraction,
            double maxFill, boolean outlines, double minConfidence, double maxOpacity, double alphaFloor,
            int dilateRadius) {
        this(limitSide, fineSide, tileOverlap, binaryThreshold, boxThreshold, unclipRatio, endExtension, minSize,
                minContrast, edgeFraction, maxFill, outlines, minConfidence, maxOpacity, alphaFloor, dilateRadius,
                DEFAULT_MAX_HEIGHT);
    }

    private static final double DEFAULT_MAX_HEIGHT = 0.2;

    public TextConfig {
        check("limitSide", limitSide, 64, 4096);
        if (fineSide != 0) {
            check("fineSide", fineSide, limitSide, 16384);
        }
        check("tileOverlap", tileOverlap, 0, limitSide / 2.0);
        check("binaryThreshold", binaryThreshold, 0, 1);
        check("boxThreshold", boxThreshold, 0, 1);
        check("unclipRatio", unclipRatio, 0.5, 5);
        check("endExtension", endExtension, 0, 5);
        check("minSize", minSize, 1, 100);
        check("minContrast", minContrast, 1, 128);
        check("edgeFraction", edgeFraction, 0, 1);
        check("maxFill", maxFill, 0, 1);
        check("minConfidence", minConfidence, 0, 1);
        check("maxOpacity", maxOpacity, 0, 1);
        check("alphaFloor", alphaFloor, 0, 1);
        check("dilateRadius", dilateRadius, 0, 10);
        check("maxHeight", maxHeight, 0.01, 1);
    }

    /** The starting values given in the field docs. */
    public static TextConfig defaults() {
        return new TextConfig(960, 1920, 128, 0.3, 0.6, 1.5, 1.25, 3, 8, 0.35, 0.75, true, 0.5, 0.8, 0.75, 0, DEFAULT_MAX_HEIGHT);
    }

    private static void check(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) { // also rejects NaN
            throw new IllegalArgumentException(name + " must be in [" + min + ", " + max + "], got " + v);
        }
    }
}
