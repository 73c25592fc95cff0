/** Flow-based frame interpolation in plain Java: dense optical flow and occlusion-aware in-between frames. */
package cinegen.media.interpolate;
