/** The core's data types: {@link dev.unmark.image.Image} (RGB + optional alpha, float 0-255), {@link dev.unmark.image.Mask} and {@link dev.unmark.image.Rect}. */
package dev.unmark.image;
