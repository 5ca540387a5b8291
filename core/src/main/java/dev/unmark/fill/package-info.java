/**
 * Fill (inpainting) engines behind {@link dev.unmark.fill.FillEngine}, chosen by name from
 * {@link dev.unmark.fill.FillEngines}. {@link dev.unmark.fill.CroppingFill} owns the crop-around-each-hole strategy.
 */
package dev.unmark.fill;
