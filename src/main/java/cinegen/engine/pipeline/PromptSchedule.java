package cinegen.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * What a clip is prompted with: prompts at keyframes (AnimateDiff's prompt travel). Each frame's text state is
 * interpolated linearly between the keyframes around it and held before the first and after the last; one keyframe
 * (or keyframes that all say the same) is a single prompt for the whole clip. Keyframes are sorted by frame, one per
 * frame; frames count from 0.
 */
public record PromptSchedule(List<Keyframe> keyframes) {

    /** The prompt that holds at {@code frame}. */
    public record Keyframe(int frame, String prompt) {
        public Keyframe {
            if (frame < 0) throw new IllegalArgumentException("a prompt keyframe's frame must be 0 or more, got " + frame);
            Objects.requireNonNull(prompt, "prompt");
        }
    }

    public PromptSchedule {
        if (keyframes == null || keyframes.isEmpty()) throw new IllegalArgumentException("a prompt schedule needs a keyframe");
        List<Keyframe> sorted = new ArrayList<>(keyframes);
        sorted.sort(Comparator.comparingInt(Keyframe::frame));
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).frame() == sorted.get(i - 1).frame()) {
                throw new IllegalArgumentException("frame " + sorted.get(i).frame() + " has two prompts");
            }
        }
        keyframes = List.copyOf(sorted);
    }

    /** One prompt for every frame. */
    public static PromptSchedule of(String prompt) {
        return new PromptSchedule(List.of(new Keyframe(0, prompt == null ? "" : prompt)));
    }

    /** Whether frames are prompted differently (more than one distinct prompt). */
    public boolean travels() { return prompts().size() > 1; }

    /** The distinct prompts, in keyframe order: what is encoded, once each. */
    public List<String> prompts() {
        List<String> out = new ArrayList<>();
        for (Keyframe k : keyframes) if (!out.contains(k.prompt())) out.add(k.prompt());
        return out;
    }

    /** The first keyframe's prompt: the prompt of every frame when the schedule does not travel. */
    public String first() { return keyframes.get(0).prompt(); }

    /** The frame of the last keyframe. */
    public int lastFrame() { return keyframes.get(keyframes.size() - 1).frame(); }

    /**
     * For each frame 0 .. length-1, the weight of each of {@link #prompts()} in its text state: 1 for the one prompt
     * before the first keyframe, at a keyframe and after the last; between keyframes a and b, {@code 1 - t} and
     * {@code t} with {@code t = (f - a) / (b - a)}.
     */
    public float[][] weights(int length) {
        List<String> prompts = prompts();
        float[][] w = new float[length][prompts.size()];
        int next = 0; // the first keyframe after the frame
        for (int f = 0; f < length; f++) {
            while (next < keyframes.size() && keyframes.get(next).frame() <= f) next++;
            if (next == 0) {
                w[f][prompts.indexOf(first())] = 1f;
            } else if (next == keyframes.size()) {
                w[f][prompts.indexOf(keyframes.get(next - 1).prompt())] = 1f;
            } else {
                Keyframe a = keyframes.get(next - 1), b = keyframes.get(next);
                int ia = prompts.indexOf(a.prompt()), ib = prompts.indexOf(b.prompt());
                if (ia == ib || f == a.frame()) {
                    w[f][ia] = 1f;
                } else {
                    float t = (float) ((f - a.frame()) / (double) (b.frame() - a.frame()));
                    w[f][ia] = 1f - t;
                    w[f][ib] = t;
                }
            }
        }
        return w;
    }

    /**
     * The text state of every frame, (length, L, D), from the states of {@link #prompts()}, (n, L, D), in their
     * manager and type. A frame with one prompt gets that prompt's state exactly.
     */
    public NDArray perFrame(NDArray promptStates, int length) {
        Shape s = promptStates.getShape();
        int n = prompts().size();
        if (s.dimension() != 3 || s.get(0) != n) {
            throw new IllegalArgumentException("prompt states of shape " + s + " for " + n + " prompts: expected (" + n + ", tokens, dim)");
        }
        float[][] w = weights(length);
        float[] flat = new float[length * n];
        for (int f = 0; f < length; f++) System.arraycopy(w[f], 0, flat, f * n, n);
        NDArray states = promptStates.toType(DataType.FLOAT32, false).reshape(n, s.get(1) * s.get(2));
        NDArray weights = promptStates.getManager().create(flat, new Shape(length, n));
        return weights.matMul(states).reshape(length, s.get(1), s.get(2)).toType(promptStates.getDataType(), false);
    }

    /**
     * Rows {@code start .. start+count-1} of per-frame states (T, L, D), wrapping past the last frame to the first (a
     * looped clip's windows).
     */
    public static NDArray windowRows(NDArray perFrame, int start, int count) {
        int length = Math.toIntExact(perFrame.getShape().get(0));
        if (count > length) throw new IllegalArgumentException("a window of " + count + " frames over " + length + " frames");
        int s = Math.floorMod(start, length);
        if (s + count <= length) return perFrame.get(new ai.djl.ndarray.index.NDIndex("{}:{}", s, s + count));
        return perFrame.get(new ai.djl.ndarray.index.NDIndex("{}:", s))
                .concat(perFrame.get(new ai.djl.ndarray.index.NDIndex("0:{}", s + count - length)), 0);
    }
}
