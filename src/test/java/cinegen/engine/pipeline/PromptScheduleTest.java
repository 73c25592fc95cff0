package cinegen.engine.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Prompt travel's schedule: weights per frame, per-frame states from real DJL arrays, window rows. */
class PromptScheduleTest {
    private static PromptSchedule schedule(Object... frameThenPrompt) {
        List<PromptSchedule.Keyframe> k = new java.util.ArrayList<>();
        for (int i = 0; i < frameThenPrompt.length; i += 2) k.add(new PromptSchedule.Keyframe((Integer) frameThenPrompt[i], (String) frameThenPrompt[i + 1]));
        return new PromptSchedule(k);
    }

    @Test
    void keyframesAreSortedAndOnePerFrame() {
        PromptSchedule s = schedule(16, "open eyes", 0, "closed eyes");
        assertEquals(List.of(0, 16), s.keyframes().stream().map(PromptSchedule.Keyframe::frame).toList());
        assertEquals(List.of("closed eyes", "open eyes"), s.prompts());
        assertEquals("closed eyes", s.first());
        assertEquals(16, s.lastFrame());
        assertTrue(s.travels());
        assertEquals("frame 3 has two prompts", assertThrows(IllegalArgumentException.class, () -> schedule(3, "a", 3, "b")).getMessage());
        assertFalse(PromptSchedule.of("a cat").travels());
        assertFalse(schedule(0, "a cat", 8, "a cat").travels(), "one distinct prompt");
        assertEquals(List.of("a cat"), schedule(0, "a cat", 8, "a cat").prompts(), "encoded once");
    }

    @Test
    void weightsHoldOutsideTheKeyframesAndInterpolateLinearlyBetween() {
        float[][] w = schedule(2, "a", 6, "b", 8, "a").weights(11);
        float[][] expected = {
                {1, 0}, {1, 0}, {1, 0},                  // held before the first keyframe, and at it
                {0.75f, 0.25f}, {0.5f, 0.5f}, {0.25f, 0.75f},
                {0, 1}, {0.5f, 0.5f},                      // back to "a" by frame 8
                {1, 0}, {1, 0}, {1, 0}};                   // held after the last
        for (int f = 0; f < expected.length; f++) assertArrayEquals(expected[f], w[f], 1e-7f, "frame " + f);
    }

    @Test
    void perFrameStatesAreTheInterpolatedPromptStates() {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            m.getEngine().setRandomSeed(5);
            NDArray states = m.randomNormal(new Shape(2, 7, 12)); // two prompts, 7 tokens, 12 wide
            NDArray a = states.get(new NDIndex("0")), b = states.get(new NDIndex("1"));
            NDArray frames = schedule(0, "closed eyes", 16, "open eyes").perFrame(states, 20);
            assertEquals(new Shape(20, 7, 12), frames.getShape());
            assertArrayEquals(a.toFloatArray(), frames.get(new NDIndex("0")).toFloatArray(), "the first keyframe exactly");
            assertArrayEquals(b.toFloatArray(), frames.get(new NDIndex("16")).toFloatArray(), "the last keyframe exactly");
            assertArrayEquals(b.toFloatArray(), frames.get(new NDIndex("19")).toFloatArray(), "held after the last");
            float[] middle = frames.get(new NDIndex("8")).toFloatArray(), av = a.toFloatArray(), bv = b.toFloatArray();
            for (int i = 0; i < middle.length; i++) assertEquals((av[i] + bv[i]) / 2, middle[i], 1e-6f, "the middle frame is the average");
            float[] quarter = frames.get(new NDIndex("4")).toFloatArray();
            for (int i = 0; i < quarter.length; i++) assertEquals(0.75f * av[i] + 0.25f * bv[i], quarter[i], 1e-6f);
            assertThrows(IllegalArgumentException.class, () -> PromptSchedule.of("a").perFrame(states, 4), "two states for one prompt");
        }
    }

    @Test
    void windowRowsAreTheWindowsFramesWrappingForLoops() {
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray rows = m.arange(0f, 10f).reshape(10, 1, 1);
            assertArrayEquals(new float[] {4, 5, 6, 7}, PromptSchedule.windowRows(rows, 4, 4).toFloatArray());
            assertArrayEquals(new float[] {8, 9, 0, 1}, PromptSchedule.windowRows(rows, 8, 4).toFloatArray());
            assertArrayEquals(new float[] {5, 6, 7, 8, 9, 0, 1, 2, 3, 4}, PromptSchedule.windowRows(rows, 5, 10).toFloatArray());
        }
    }

    @Test
    void aRequestRefusesAKeyframePastItsLastFrame() {
        var b = GenerationRequest.builder().frames(16).prompts(schedule(0, "closed eyes", 16, "open eyes"));
        assertEquals("the prompt keyframe at frame 16 is past the end of the 16-frame clip (frames count from 0 to 15)",
                assertThrows(IllegalArgumentException.class, b::build).getMessage());
        GenerationRequest r = b.frames(17).build();
        assertEquals("closed eyes", r.prompt());
        assertEquals(r.prompts(), r.toBuilder().build().prompts());
        assertEquals(PromptSchedule.of("a cat"), GenerationRequest.builder().prompt("a cat").build().prompts());
    }
}
