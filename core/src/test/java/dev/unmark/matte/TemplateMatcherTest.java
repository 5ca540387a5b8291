package dev.unmark.matte;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.unmark.UnmarkException;
import dev.unmark.detect.NoDetector;
import dev.unmark.fill.FillEngines;
import dev.unmark.image.Image;
import dev.unmark.image.Mask;
import dev.unmark.image.Masks;
import dev.unmark.io.ImageFiles;
import dev.unmark.io.ImageFormat;
import dev.unmark.io.WriteOptions;
import dev.unmark.pipeline.Pipeline;
import dev.unmark.pipeline.PipelineResult;
import dev.unmark.testing.Scenes;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemplateMatcherTest {

    @TempDir
    Path dir;

    private final Image rgba = Stamps.logo();
    private final Template template = Template.of("logo", rgba);
    private final TemplateMatcher matcher = new TemplateMatcher(template, TemplateConfig.defaults());
    private final Image clean = Stamps.rounded(Scenes.withEdges(320, 240, 5));

    /** The logo shrunk to 48 px (scale 0.75) at (201, 150), full strength: a corner stamp over texture. */
    private Matte scaledStamp() {
        double s = 0.75;
        return Lanczos.place(template, 201, 150, s, s, 1, Lanczos.footprint(template, 201, 150, s, s, clean.bounds()));
    }

    private Pipeline pipeline() {
        return new Pipeline(new NoDetector(), FillEngines.create("telea"), Pipeline.AUTO_DILATION)
                .withTemplate(matcher, new ReverseBlend(BlendConfig.defaults()));
    }

    @Test
    void findsPositionAndScaleOfAShrunkStampWithinAPixel() {
        Image marked = Stamps.stamp(clean, scaledStamp());

        TemplateMatch m = matcher.find(marked);

        assertThat(m.found()).as("%s", m).isTrue();
        assertThat(m.x()).isCloseTo(201, offset(1.0));
        assertThat(m.y()).isCloseTo(150, offset(1.0));
        assertThat(m.scaleX() * template.width()).as("placed width").isCloseTo(48, offset(1.0));
        assertThat(m.strength()).isCloseTo(1, offset(0.03));
    }

    @Test
    void aSmallStampOffTheWholePixelGridIsFittedToATenthOfAPixel() {
        // 21 px from the 64 px logo: the fit's search resamples a reduced copy of the template (TemplateMatcher.fit),
        // the position, scale and strength must still come out as the exact resampling's.
        double x = 201.37, y = 150.62, s = 0.33;
        Matte stamp = Lanczos.place(template, x, y, s, s, 0.85, Lanczos.footprint(template, x, y, s, s,
                clean.bounds()));
        Image marked = Stamps.stamp(clean, stamp);

        TemplateMatch m = matcher.find(marked);

        assertThat(m.found()).as("%s", m).isTrue();
        assertThat(m.x()).as("%s", m).isCloseTo(x, offset(0.1));
        assertThat(m.y()).as("%s", m).isCloseTo(y, offset(0.1));
        assertThat(m.scaleX()).as("%s", m).isCloseTo(s, offset(0.003));
        assertThat(m.strength()).as("%s", m).isCloseTo(0.85, offset(0.03));
    }

    @Test
    void fitsTheStrengthTheTemplateWasBlendedWith() {
        Image marked = Stamps.stamp(clean, Stamps.unscaled(rgba, 90, 40, 0.7f));

        TemplateMatch m = matcher.find(marked);

        assertThat(m.found()).as("%s", m).isTrue();
        assertThat(m.x()).isCloseTo(90, offset(0.5));
        assertThat(m.y()).isCloseTo(40, offset(0.5));
        assertThat(m.strength()).isCloseTo(0.7, offset(0.03));
    }

    @Test
    void reversingTheFoundTemplateBeatsTeleaWithTheTrueMaskByFar() {
        Matte truth = scaledStamp();
        Image marked = Stamps.stamp(clean, truth);
        Mask inside = Stamps.support(truth, clean.width(), clean.height());

        PipelineResult r = pipeline().run(marked, null);
        Image telea = FillEngines.create("telea").fill(marked, Masks.dilate(inside, 2));

        double ours = Stamps.rmse(r.output(), clean, inside);
        double baseline = Stamps.rmse(telea, clean, inside);
        // Only the orange core (alpha 0.95) is inpainted; the rest is recovered to within rounding.
        assertThat(ours).as("RMSE in the mark, Telea with the true mask %.2f", baseline).isLessThan(0.3 * baseline);
        assertThat(r.template().match().found()).isTrue();
        assertThat(r.template().recovery().recoveredFraction()).isBetween(0.8, 0.99);
        assertThat(r.mask().count()).as("only the residual is filled")
                .isEqualTo(r.template().recovery().residualPixels());
        assertThat(r.regions()).extracting(dev.unmark.detect.Region::kind).containsExactly("template");
    }

    @Test
    void onAJpegTheStampIsFoundAndReversedWellBelowTelea() {
        Matte truth = scaledStamp();
        Image jpeg = Stamps.jpeg(Stamps.stamp(clean, truth), 90, dir);
        Mask inside = Stamps.support(truth, clean.width(), clean.height());

        Pipeline p = pipeline().withBlend(new ReverseBlend(BlendConfig.lossy()));
        PipelineResult r = p.run(jpeg, null);
        Image telea = FillEngines.create("telea").fill(jpeg, Masks.dilate(inside, 2));

        TemplateMatch m = r.template().match();
        assertThat(m.found()).as("%s", m).isTrue();
        assertThat(m.x()).isCloseTo(201, offset(1.0));
        assertThat(m.y()).isCloseTo(150, offset(1.0));
        double ours = Stamps.rmse(r.output(), clean, inside);
        double baseline = Stamps.rmse(telea, clean, inside);
        assertThat(ours).as("RMSE in the mark, Telea with the true mask %.2f", baseline).isLessThan(0.5 * baseline);
    }

    @Test
    void anImageWithoutTheTemplateIsLeftUnchangedAndSaysSo() {
        PipelineResult r = pipeline().run(clean, null);

        assertThat(r.template().match().found()).isFalse();
        assertThat(r.template().region()).isNull();
        assertThat(r.output().sameContent(clean)).isTrue();
        assertThat(r.mask().isEmpty()).isTrue();
        assertThat(r.regions()).isEmpty();
    }

    @Test
    void anImageSmallerThanTheSmallestSearchIsNotFound() {
        assertThat(matcher.find(Image.blank(6, 6)).found()).isFalse();
    }

    @Test
    void aTemplateFileThatCannotBeUsedFailsWithItsNameAndTheReason() throws Exception {
        Path missing = dir.resolve("missing.png");
        assertThatThrownBy(() -> Template.read(missing)).isInstanceOf(UnmarkException.class)
                .hasMessageStartingWith(missing.toString()).hasMessageContaining("no such file");

        Path opaque = dir.resolve("opaque.png");
        ImageFiles.write(opaque, clean, WriteOptions.defaults(ImageFormat.PNG));
        assertThatThrownBy(() -> Template.read(opaque)).isInstanceOf(UnmarkException.class)
                .hasMessageStartingWith(opaque.toString()).hasMessageContaining("alpha channel");

        Path text = dir.resolve("notes.png");
        Files.writeString(text, "not an image");
        assertThatThrownBy(() -> Template.read(text)).isInstanceOf(UnmarkException.class)
                .hasMessageStartingWith(text.toString());

        Path clear = dir.resolve("clear.png");
        ImageFiles.write(clear, Image.wrap(8, 8, new float[8 * 8 * 3], new float[8 * 8]),
                WriteOptions.defaults(ImageFormat.PNG));
        assertThatThrownBy(() -> Template.read(clear)).isInstanceOf(UnmarkException.class)
                .hasMessageContaining("fully transparent");
    }
}
