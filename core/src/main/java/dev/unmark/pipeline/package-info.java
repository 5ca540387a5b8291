/** The stages composed: {@link dev.unmark.pipeline.Pipeline} runs detection then fill on one image and reports what it did. */
package dev.unmark.pipeline;
