package cinegen.project;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PromptTravelTest {
    private static List<PromptTravel.Keyframe> keys(Object... frameThenPrompt) {
        List<PromptTravel.Keyframe> out = new java.util.ArrayList<>();
        for (int i = 0; i < frameThenPrompt.length; i += 2) out.add(new PromptTravel.Keyframe((Integer) frameThenPrompt[i], (String) frameThenPrompt[i + 1]));
        return out;
    }

    @Test
    void plainPromptsWithCommasAndColonsStayOnePromptAsTyped() {
        for (String plain : List.of("a cat, sunset, 4k", "a cinematic shot, 16:9, film grain", "12:30 on the clock, a street",
                "rated 5: excellent, a cat", "  a cat  ", "", "note: a cat")) {
            PromptTravel p = PromptTravel.parse(plain);
            assertFalse(p.keyed(), plain);
            assertFalse(p.travels(), plain);
            assertEquals(keys(0, plain), p.keyframes(), "kept exactly as typed");
        }
        assertEquals(keys(0, ""), PromptTravel.parse(null).keyframes());
    }

    @Test
    void commaSeparatedKeyframes() {
        PromptTravel p = PromptTravel.parse("0: closed eyes, 16: open eyes");
        assertTrue(p.keyed());
        assertTrue(p.travels());
        assertEquals(keys(0, "closed eyes", 16, "open eyes"), p.keyframes());
        assertEquals(List.of(0, 16), p.frames());
        assertEquals(16, p.lastFrame());
    }

    @Test
    void commasInsideAKeyframesPromptAreText() {
        assertEquals(keys(0, "a cat, sunset, 4k", 12, "a dog, night, 16:9"),
                PromptTravel.parse("0: a cat, sunset, 4k, 12: a dog, night, 16:9").keyframes());
    }

    @Test
    void oneKeyframePerLineInAnyOrderWithWindowsLineEnds() {
        assertEquals(keys(0, "closed eyes", 8, "half open", 16, "open eyes"),
                PromptTravel.parse("16: open eyes\r\n0: closed eyes,\r\n\r\n8:half open\r\n").keyframes());
    }

    @Test
    void comfyUiScheduleAsPastedQuotesAndTrailingCommas() {
        assertEquals(keys(0, "closed eyes", 16, "open eyes, smiling"),
                PromptTravel.parse("\"0\": \"closed eyes\",\n\"16\": \"open eyes, smiling\",\n").keyframes());
    }

    @Test
    void textBeforeTheFirstKeyframeIsShared() {
        assertEquals(keys(0, "portrait of a woman, closed eyes", 16, "portrait of a woman, open eyes"),
                PromptTravel.parse("portrait of a woman, 0: closed eyes, 16: open eyes").keyframes());
        assertEquals(keys(0, "portrait of a woman, film grain, closed eyes", 16, "portrait of a woman, film grain, open eyes"),
                PromptTravel.parse("portrait of a woman, film grain\n0: closed eyes\n16: open eyes").keyframes());
    }

    @Test
    void oneKeyframeIsKeyedButDoesNotTravel() {
        PromptTravel p = PromptTravel.parse("8: a cat");
        assertTrue(p.keyed());
        assertFalse(p.travels());
        assertEquals(keys(8, "a cat"), p.keyframes());
        assertFalse(PromptTravel.parse("0: a cat\n8: a cat").travels(), "the same prompt twice");
    }

    @Test
    void mistakesAreNamed() {
        assertEquals("frame 16 has two prompts; give each keyframe its own frame",
                assertThrows(IllegalArgumentException.class, () -> PromptTravel.parse("0: a, 16: b, 16: c")).getMessage());
        assertEquals("the keyframe at frame 16 has no prompt",
                assertThrows(IllegalArgumentException.class, () -> PromptTravel.parse("0: closed eyes, 16:")).getMessage());
        assertEquals("the keyframe at frame 0 has no prompt",
                assertThrows(IllegalArgumentException.class, () -> PromptTravel.parse("0: ,\n16: open eyes")).getMessage());
        assertEquals("the keyframe at frame 4 has no prompt",
                assertThrows(IllegalArgumentException.class, () -> PromptTravel.parse("4: \"\"")).getMessage());
        assertEquals("frame 12345678901 is too large to be a frame of a clip",
                assertThrows(IllegalArgumentException.class, () -> PromptTravel.parse("0: a, 12345678901: b")).getMessage());
    }

    @Test
    void keyframesMustLieInsideTheClip() {
        assertEquals(keys(0, "a", 15, "b"), PromptTravel.parse("0: a, 15: b", 16).keyframes());
        assertEquals("the prompt keyframe at frame 16 is past the end of the 16-frame clip (frames count from 0 to 15)",
                assertThrows(IllegalArgumentException.class, () -> PromptTravel.parse("0: closed eyes, 16: open eyes", 16)).getMessage());
        assertEquals(keys(0, "a cat, sunset"), PromptTravel.parse("a cat, sunset", 1).keyframes(), "a plain prompt fits any clip");
    }
}
