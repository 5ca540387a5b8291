/** Not API: conversions at the OpenCV edge and other plumbing the stages share. */
package dev.unmark.internal;
