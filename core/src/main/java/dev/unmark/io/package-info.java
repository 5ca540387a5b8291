/**
 * Reading and writing image and mask files.
 *
 * <ul>
 *   <li>{@link dev.unmark.io.ImageFiles#read} identifies the format from the content (JPEG including CMYK/YCCK,
 *       PNG 1-16 bit gray/palette/RGB with alpha, WebP, TIFF, BMP), refuses images over
 *       {@link dev.unmark.io.ReadOptions#maxPixels()} from the header before decoding, fails on truncated or corrupt
 *       data instead of returning padded pixels, and returns the image upright (EXIF orientation applied).</li>
 *   <li>{@link dev.unmark.io.ImageFiles#write} encodes per {@link dev.unmark.io.WriteOptions} and replaces the target
 *       atomically ({@link dev.unmark.io.AtomicFiles}).</li>
 *   <li>{@link dev.unmark.io.MaskFiles} reads masks from any of those formats and writes 0/255 gray PNGs.</li>
 * </ul>
 *
 * <p>Colour: RGB samples are kept in the source's own colour space, not converted, and its ICC profile is carried in
 * {@link dev.unmark.io.ImageMetadata}; CMYK, YCCK and other non-RGB sources are converted to sRGB and their profile
 * dropped; gray becomes R = G = B (a gray profile is dropped). An embedded sRGB profile is not carried (untagged
 * means sRGB).
 *
 * <p>Metadata written, per output format:
 * <ul>
 *   <li>JPEG: ICC profile (APP2, chunked) and EXIF (APP1) with the orientation set to 1, as the pixels are already
 *       upright; an EXIF block over 64 KB is dropped. The EXIF thumbnail and size tags are copied as they were. XMP,
 *       IPTC and comments are dropped. Alpha is dropped (not composited).</li>
 *   <li>PNG: ICC profile (iCCP); EXIF dropped. 16 bits per sample when {@code bitsPerSample} is 16.</li>
 *   <li>WebP (lossy, at the quality), TIFF, BMP: no metadata. BMP drops alpha.</li>
 * </ul>
 * EXIF is only read from JPEG input; the orientation is honoured for every format that carries it.
 */
package dev.unmark.io;
