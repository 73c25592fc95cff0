/**
 * Reading the model files artists own: lazy safetensors ({@link cinegen.engine.diffusers.io.TensorFile}) and
 * torch.save checkpoints read without running code ({@link cinegen.engine.diffusers.io.TorchCheckpoint}), the
 * name maps between diffusers and the original Stable Diffusion / AnimateDiff layouts
 * ({@link cinegen.engine.diffusers.io.KeyMaps}, loaded by {@link cinegen.engine.diffusers.io.CheckpointLoader}),
 * LoRA files ({@link cinegen.engine.diffusers.io.LoraFile}), and telling what a file or folder is from its header
 * alone ({@link cinegen.engine.diffusers.io.ModelScanner}). Every problem is a
 * {@link cinegen.engine.diffusers.io.ModelFileException} whose message names the file and says what is wrong.
 */
package cinegen.engine.diffusers.io;
