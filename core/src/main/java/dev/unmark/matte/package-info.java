/**
 * The matte stage, between detection and fill: undo a semi-transparent blend {@code J = (1 - a) I + a W} where it
 * is well conditioned, and hand the rest (nearly opaque or clipped pixels) to the fill stage as a residual mask.
 * {@link dev.unmark.matte.Matte} is one mark's opacity and colour layer, {@link dev.unmark.matte.ReverseBlend}
 * inverts it, and {@link dev.unmark.matte.TemplateMatcher} finds a known {@link dev.unmark.matte.Template} in an
 * image and fits its strength (Dekel et al., CVPR 2017).
 */
package dev.unmark.matte;
