/**
 * Learning a watermark that a collection of images shares (Dekel et al., "On the Effectiveness of Visible
 * Watermarks", CVPR 2017): {@link dev.unmark.learn.WatermarkLearner} estimates its opacity and colour from the
 * images themselves and writes a {@link dev.unmark.learn.Profile}; {@link dev.unmark.learn.ProfileRemover} finds the
 * learned mark in any image and reverses it through the matte stage.
 */
package dev.unmark.learn;
