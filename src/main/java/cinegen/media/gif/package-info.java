/** A plain-Java animated GIF writer: per-clip palette, dithering, LZW, loop count. */
package cinegen.media.gif;
