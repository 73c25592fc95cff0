package cinegen.engine.diffusers.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The guidance embedding an LCM-distilled UNet ({@code time_cond_proj_dim}) takes instead of classifier-free
 * guidance, as diffusers' LatentConsistencyModelPipeline computes it: {@code w = guidance_scale - 1} (a float32
 * tensor), then {@code get_guidance_scale_embedding(w, embedding_dim)}: the sinusoid of {@code w * 1000} at
 * frequencies {@code exp(-i * log(10000) / (half - 1))}, {@code i < half = dim / 2}, sines first, then cosines, a zero
 * column appended when {@code dim} is odd. All in float32 with torch's own kernels, as diffusers does.
 */
public final class GuidanceEmbedding {
    private GuidanceEmbedding() {}

    /** (batch, dim) rows of the embedding of {@code guidanceScale}, in {@code m}. */
    public static NDArray of(NDManager m, double guidanceScale, int dim, int batch) {
        if (dim < 4) throw new IllegalArgumentException("time_cond_proj_dim " + dim + " is too small for a guidance embedding");
        int half = dim / 2;
        float w = (float) (guidanceScale - 1); // torch.tensor(guidance_scale - 1): the Python float rounded to float32
        NDArray scaled = m.create(new float[] {w}).mul(1000.0);
        // torch.log(torch.tensor(10000.0)) / (half_dim - 1), float32
        NDArray step = m.create(new float[] {10000f}).log().div(half - 1);
        float[] index = new float[half];
        for (int i = 0; i < half; i++) index[i] = i;
        NDArray freqs = m.create(index).mul(step.neg()).exp();
        NDArray args = scaled.reshape(1, 1).mul(freqs.reshape(1, half));
        NDArray emb = args.sin().concat(args.cos(), 1);
        if (dim % 2 == 1) emb = emb.concat(m.zeros(new Shape(1, 1)), 1);
        return batch == 1 ? emb : emb.broadcast(new Shape(batch, dim)).duplicate();
    }
}
