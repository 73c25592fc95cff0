/** Import of images and videos and export to MP4, GIF, WebM and PNG sequences; frame interpolation. JavaCV lives here and only here. */
package cinegen.media;
