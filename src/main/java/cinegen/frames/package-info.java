/**
 * Plain video frames and masks, and the vocabulary every layer shares ({@link cinegen.frames.GenerationMode},
 * {@link cinegen.frames.MediaKind}): the engine, the project and media cannot see each other, so what they all name
 * is defined once here. No dependencies.
 */
package cinegen.frames;
