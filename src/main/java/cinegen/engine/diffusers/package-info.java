/**
 * Building blocks that compute exactly what Hugging Face diffusers and transformers compute (CLIP tokenizer and
 * text encoder, AutoencoderKL, UNet blocks, motion modules), shared by the model families that load models in
 * diffusers' or the original Stable Diffusion layout. Written functionally: each block reads its weights by name
 * from {@link cinegen.engine.diffusers.Params}, so styles and LoRAs can swap weights without rebuilding anything.
 * Parity with the reference is tested against the fixtures in {@code src/test/resources/diffusers}.
 */
package cinegen.engine.diffusers;
