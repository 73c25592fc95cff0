/**
 * The Stable Diffusion autoencoder as diffusers computes it ({@link cinegen.engine.diffusers.vae.AutoencoderKL}),
 * with the pipelines' helpers (scaled latents, frames in chunks, tiled decoding), and the cheap previews of SD
 * latents: a per-family latent-to-RGB map ({@link cinegen.engine.diffusers.vae.LatentRgbPreview}) and TAESD's
 * decoder ({@link cinegen.engine.diffusers.vae.TinyAutoencoderDecoder}).
 */
package cinegen.engine.diffusers.vae;
