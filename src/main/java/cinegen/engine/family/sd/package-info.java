/**
 * Stable Diffusion 1.5 + AnimateDiff ({@link cinegen.engine.family.sd.SdFamily}), from what artists download.
 *
 * <p><b>Base model</b>: a diffusers folder (AnimateDiff or Stable Diffusion pipeline), or a single-file SD 1.x
 * checkpoint ({@code .safetensors} or {@code .ckpt}, fp32/fp16/bf16, original layout: {@code model.diffusion_model.*},
 * {@code first_stage_model.*}, {@code cond_stage_model.transformer.*}; 4-channel or 9-channel inpainting UNets).
 * A single file's configs are inferred from its weights (channels, depths, attention placement, widths, vocabulary
 * and positions) over SD 1.5's published configs (the JSON resources of this package); its scheduler is
 * AnimateDiff's recommended DDIM ({@code scheduler_config.json} here).
 *
 * <p><b>Sidecar</b> (our convention): {@code NAME.json} beside {@code NAME.safetensors} overrides config keys per
 * component: {@code {"unet": {...}, "vae": {...}, "text_encoder": {...}, "scheduler": {...}}} for a checkpoint,
 * {@code {"motion_adapter": {...}}} for a motion module file, {@code {"vae": {...}}} for a VAE file; each section holds
 * keys of that component's diffusers/transformers config. See {@link cinegen.engine.family.sd.Sidecar}.
 *
 * <p><b>Tokenizer</b> of a single file: a {@code tokenizer/} folder or {@code vocab.json} + {@code merges.txt} beside
 * the file, else {@code <models root>/tokenizers/}, where the models root is the folder above {@code checkpoints/}.
 *
 * <p><b>{@code --motion}</b>: a MotionAdapter folder, or one file (AnimateDiff's original layout: v1/v2/v3,
 * AnimateLCM, AnimateDiff-Lightning; or a MotionAdapter's weights), config inferred from its weights (8 heads unless
 * the sidecar says otherwise). <b>{@code --vae}</b>: a diffusers vae/ folder or one file in either layout.
 */
package cinegen.engine.family.sd;
