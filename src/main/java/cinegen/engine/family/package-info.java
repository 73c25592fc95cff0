/**
 * The model-family extension point. A {@link cinegen.engine.family.ModelFamily} recognises a model on disk and loads
 * it as a {@link cinegen.engine.family.LoadedModel}: its info (sizes, window, modes, defaults and limits), prompt
 * encoding, latent codec with its preview map, denoiser call, extra conditioning channels, scheduler configuration
 * and style weights. {@link cinegen.engine.pipeline.VideoPipeline} is written once against this contract; each
 * family lives in its own package below this one and depends on no other family.
 */
package cinegen.engine.family;
