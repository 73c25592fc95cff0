/** Plain video frames and masks, shared by every layer. No dependencies. */
package cinegen.frames;
