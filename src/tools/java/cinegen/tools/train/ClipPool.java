package cinegen.tools.train;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.family.bundled.net.VideoEncoder;
import cinegen.engine.pipeline.FrameTensors;
import cinegen.frames.Resample;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A pool of captioned scene clips already encoded by the frozen autoencoder. Each step replaces a few clips
 * with fresh ones, so the denoiser sees new scenes all the time while encoding costs only a fraction of a step.
 */
final class ClipPool {
    /** One encoded clip: raw latents (L, T, h, w), its scene, and the objects' coverage on the latent grid (T, h, w). */
    /** One encoded clip: raw latents (L, T, h, w), its scene, the objects' coverage on the latent grid (T, h, w) and their
     *  silhouettes folded onto it (16, T, h, w; decision 29). */
    record Clip(float[] latents, SceneSpec spec, float[] coverage, float[] silhouettes) {}

    private final List<Clip> clips = new ArrayList<>();
    private final SceneSampler sampler;
    private final VideoEncoder encoder;
    private final NDManager manager;
    private final int size, frames, latentSize, downsampling;

    ClipPool(VideoEncoder encoder, NDManager manager, int size, int frames, int downsampling) {
        this.encoder = encoder;
        this.manager = manager;
        this.size = size;
        this.frames = frames;
        this.downsampling = downsampling;
        this.latentSize = size / downsampling;
        this.sampler = new SceneSampler(frames);
    }

    int size() { return clips.size(); }

    Clip get(int i) { return clips.get(i); }

    /** Adds a fresh clip, replacing the one at {@code replace} (or appending when negative). */
    void refresh(int replace, SplittableRandom rng) {
        Clip c = make(rng);
        if (replace < 0 || replace >= clips.size()) clips.add(c);
        else clips.set(replace, c);
    }

    private Clip make(SplittableRandom rng) {
        SceneSpec spec = sampler.random(rng);
        SceneRenderer.Rendered r = SceneRenderer.render(spec, size, frames);
        float[] latents;
        try (NDManager m = manager.newSubManager()) {
            NDArray x = FrameTensors.toTensor(m, r.frames().frames(), size, size);
            NDArray z = encoder.apply(x); // (T, L, h, w)
            latents = z.transpose(1, 0, 2, 3).toFloatArray();
        }
        int plane = latentSize * latentSize;
        float[] coverage = new float[frames * plane];
        for (int f = 0; f < frames; f++) {
            float[] c = Resample.areaResize(r.objectCoverage().get(f), size, size, latentSize, latentSize);
            System.arraycopy(c, 0, coverage, f * plane, plane);
        }
        return new Clip(latents, spec, coverage, SceneLayout.fold(r.objectCoverage(), size, downsampling));
    }
}
