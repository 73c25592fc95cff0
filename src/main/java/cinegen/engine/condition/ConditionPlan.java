package cinegen.engine.condition;

import java.util.List;

/**
 * The conditioning of one generation in pixel space at native resolution: the conditioning video C (ARGB per
 * frame) and the keep mask M per frame (1 = keep what C shows, 0 = generate), as Lumiere section 4.2 defines them.
 */
public record ConditionPlan(int width, int height, List<int[]> conditionFrames, List<float[]> keep) {
    /** True when some pixel of some frame is kept (anything but text-to-video). */
    public boolean keepsAnything() {
        for (float[] k : keep) for (float v : k) if (v > 0) return true;
        return false;
    }

    public int frames() { return keep.size(); }
}
