/**
 * unmark removes visible watermarks from images. Start at {@link dev.unmark.Unmark}; the stages live in
 * {@code io} (read/write), {@code detect} (find the mark, yield a mask), {@code fill} (inpainting engines) and
 * {@code pipeline} (composes them and reports what it did); {@code image} holds the data types.
 */
package dev.unmark;
