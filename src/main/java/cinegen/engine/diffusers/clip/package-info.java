/**
 * CLIP text side of the diffusers pipelines: {@link cinegen.engine.diffusers.clip.ClipTokenizer} (transformers'
 * CLIPTokenizer, pure Java) and {@link cinegen.engine.diffusers.clip.ClipTextEncoder} (CLIPTextModel on DJL), with
 * parity to transformers tested on the tokenizer, text_encoder and pipeline_animatediff fixtures.
 */
package cinegen.engine.diffusers.clip;
