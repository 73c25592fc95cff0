package cinegen.engine.family.bundled.scene;


/**
 * The layout of a scene on the latent grid (decision 26): per frame, a soft disc over each object's extent (its
 * centre and radius from {@link SceneSpec#state}), 1 inside, 0 outside, with a one-cell ramp at the edge. It says
 * where things are, not what they are: every shape gets the same disc, so the shape still comes from the caption.
 */
public final class SceneLayout {
    private SceneLayout() {}

    /**
     * The objects' silhouettes (decision 29): their coverage at pixel resolution ({@code size} x {@code size}), each
     * {@code cell} x {@code cell} block folded into the channels of one latent cell: (cell * cell, frames, size / cell,
     * size / cell), channel-major, channel {@code dy * cell + dx}.
     */
    public static float[] silhouettes(SceneSpec spec, int frames, int size, int cell) {
        return fold(SceneRenderer.render(spec, size, frames).objectCoverage(), size, cell);
    }

    /** Folds per-frame coverage planes (size x size) into cell x cell channels on the coarser grid. */
    public static float[] fold(java.util.List<float[]> coverage, int size, int cell) {
        int frames = coverage.size(), g = size / cell, plane = frames * g * g;
        float[] out = new float[cell * cell * plane];
        for (int f = 0; f < frames; f++) {
            float[] c = coverage.get(f);
            for (int y = 0; y < g * cell; y++) {
                for (int x = 0; x < g * cell; x++) {
                    int channel = (y % cell) * cell + x % cell;
                    out[channel * plane + (f * g + y / cell) * g + x / cell] = c[y * size + x];
                }
            }
        }
        return out;
    }

    /** (frames, size, size) values in [0, 1], frame-major. */
    public static float[] discs(SceneSpec spec, int frames, int size) {
        float[] out = new float[frames * size * size];
        for (int f = 0; f < frames; f++) {
            for (SceneSpec.Item it : spec.items()) {
                double[] s = spec.state(it, f);
                double cx = s[0] * size, cy = s[1] * size, r = s[2] * size;
                for (int y = 0; y < size; y++) {
                    for (int x = 0; x < size; x++) {
                        double d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
                        float v = (float) Math.max(0, Math.min(1, r - d + 0.5));
                        int p = (f * size + y) * size + x;
                        if (v > out[p]) out[p] = v;
                    }
                }
            }
        }
        return out;
    }
}
