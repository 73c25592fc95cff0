/** The diffusion engine: DJL networks, schedules, conditioning, pipeline, model packs, previews, training. DJL only; no JavaFX, project or media. */
package cinegen.engine;
