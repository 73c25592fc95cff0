package cinegen.project;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt as typed, read for prompt travel (AnimateDiff's prompt schedule): prompts at keyframes, e.g.
 * {@code 0: closed eyes, 16: open eyes}, or one keyframe per line. Recipes store the text as typed; this is how it is
 * read (decision 0618):
 * <ul>
 *   <li>A keyframe entry is a whole number and a colon ({@code 16:}) at the start of the text, at the start of a line
 *       or right after a comma; its prompt runs to the next entry. A colon followed by a digit is not an entry, so
 *       {@code 16:9} and {@code 12:30} stay text; commas inside a prompt are text ({@code 0: a cat, sunset, 4k}).</li>
 *   <li>The number and the prompt may be in double quotes ({@code "16": "open eyes",}, as ComfyUI's schedules are
 *       written); a comma ending an entry is dropped.</li>
 *   <li>Text before the first entry is shared: it goes before every keyframe's prompt, joined with a comma
 *       ({@code portrait of a woman, 0: closed eyes, 16: open eyes}).</li>
 *   <li>Text without an entry is one plain prompt for the whole clip, kept exactly as typed.</li>
 * </ul>
 * Frames count from 0. Keyframes are sorted by frame.
 *
 * @param keyframes at least one; a plain prompt is one keyframe at frame 0
 * @param keyed whether the text was written with keyframe entries
 */
public record PromptTravel(List<Keyframe> keyframes, boolean keyed) {
    /** Digits a keyframe's frame may have (clips have at most a few hundred frames). */
    private static final int MAX_FRAME_DIGITS = 6;
    private static final Pattern ENTRY = Pattern.compile("(?:^|[\\n,])\\s*\"?(\\d+)\"?[ \\t]*:(?!\\d)");

    /** The prompt (shared text included) that holds from {@code frame}. */
    public record Keyframe(int frame, String prompt) {}

    public PromptTravel {
        if (keyframes == null || keyframes.isEmpty()) throw new IllegalArgumentException("a prompt needs a keyframe");
        keyframes = List.copyOf(keyframes);
    }

    /**
     * Reads {@code text}.
     *
     * @throws IllegalArgumentException naming the problem: two prompts at one frame, a keyframe without a prompt, a
     *     frame number too large to be one
     */
    public static PromptTravel parse(String text) {
        String t = text == null ? "" : text;
        Matcher m = ENTRY.matcher(t);
        List<int[]> spans = new ArrayList<>(); // {entry start, prompt start}
        List<String> numbers = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(), m.end()});
            numbers.add(m.group(1));
        }
        if (spans.isEmpty()) return new PromptTravel(List.of(new Keyframe(0, t)), false);
        String prefix = clean(t.substring(0, spans.get(0)[0]));
        List<Keyframe> keyframes = new ArrayList<>();
        for (int i = 0; i < spans.size(); i++) {
            String number = numbers.get(i);
            if (number.length() > MAX_FRAME_DIGITS) throw new IllegalArgumentException("frame " + number + " is too large to be a frame of a clip");
            int frame = Integer.parseInt(number);
            int end = i + 1 < spans.size() ? spans.get(i + 1)[0] : t.length();
            String prompt = clean(t.substring(spans.get(i)[1], end));
            if (prompt.isEmpty()) throw new IllegalArgumentException("the keyframe at frame " + frame + " has no prompt");
            for (Keyframe k : keyframes) {
                if (k.frame() == frame) throw new IllegalArgumentException("frame " + frame + " has two prompts; give each keyframe its own frame");
            }
            keyframes.add(new Keyframe(frame, prefix.isEmpty() ? prompt : prefix + ", " + prompt));
        }
        keyframes.sort(Comparator.comparingInt(Keyframe::frame));
        return new PromptTravel(keyframes, true);
    }

    /**
     * Reads {@code text} for a clip of {@code frames} frames.
     *
     * @throws IllegalArgumentException as {@link #parse(String)}, and for a keyframe past the clip's last frame
     */
    public static PromptTravel parse(String text, int frames) {
        PromptTravel p = parse(text);
        p.requireWithin(frames);
        return p;
    }

    /** Refuses a keyframe past the last frame of a clip of {@code frames} frames. */
    public void requireWithin(int frames) {
        int last = lastFrame();
        if (last >= frames) {
            throw new IllegalArgumentException("the prompt keyframe at frame " + last + " is past the end of the " + frames
                    + "-frame clip (frames count from 0 to " + (frames - 1) + ")");
        }
    }

    /** The frame of the last keyframe. */
    public int lastFrame() { return keyframes.get(keyframes.size() - 1).frame(); }

    /** The keyframes' frames, in order. */
    public List<Integer> frames() { return keyframes.stream().map(Keyframe::frame).toList(); }

    /** Whether frames are prompted differently (more than one distinct prompt). */
    public boolean travels() { return keyframes.stream().map(Keyframe::prompt).distinct().count() > 1; }

    /** An entry's text without surrounding space, a comma ending it, or the double quotes around it. */
    private static String clean(String s) {
        String c = s.strip();
        while (c.endsWith(",")) c = c.substring(0, c.length() - 1).strip();
        if (c.length() >= 2 && c.startsWith("\"") && c.endsWith("\"")) c = c.substring(1, c.length() - 1).strip();
        return c;
    }
}
