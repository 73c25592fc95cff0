package cinegen.app.generate;

import cinegen.engine.diffusers.clip.ClipTokenizer;
import cinegen.engine.diffusers.pipeline.DiffusersVideoModel;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.family.bundled.net.Tokenizer;
import cinegen.engine.family.bundled.scene.SceneSpec;
import cinegen.engine.family.bundled.scene.SceneVocabulary;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a model makes of a prompt, for the studio to be honest about it (issue 31). A closed-vocabulary model (the
 * bundled one) knows a fixed word list: the words it does not know are ignored, so they are pointed out, and prompts
 * of its scene grammar are offered as examples. An open-vocabulary model (Stable Diffusion's CLIP) reads any text
 * up to its token limit: the prompt's token count is given against that limit. Immutable and thread-safe; counting
 * runs BPE, so the studio calls it off the JavaFX thread.
 */
public final class PromptAdvisor {
    /** Runs of letters and digits: the words of the bundled model's tokenizer (it splits on anything else). */
    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");
    private static final PromptAdvisor NONE = new PromptAdvisor(true, 0, Set.of(), null, List.of());

    private final boolean openVocabulary;
    private final int maxTokens;
    private final Set<String> vocabulary;
    private final ClipTokenizer tokenizer;
    private final List<String> examples;

    private PromptAdvisor(boolean openVocabulary, int maxTokens, Set<String> vocabulary, ClipTokenizer tokenizer, List<String> examples) {
        this.openVocabulary = openVocabulary;
        this.maxTokens = maxTokens;
        this.vocabulary = vocabulary;
        this.tokenizer = tokenizer;
        this.examples = examples;
    }

    /** No model: nothing to say about prompts. */
    public static PromptAdvisor none() { return NONE; }

    /** The advisor for a loaded model: its vocabulary and grammar, or its CLIP tokenizer. */
    public static PromptAdvisor of(LoadedModel model) {
        var info = model.info();
        if (!info.openVocabulary()) {
            List<String> words = model instanceof VideoModel v ? v.pack().tokenizer().vocabulary() : SceneVocabulary.words();
            return closed(words, info.maxPromptTokens());
        }
        ClipTokenizer tok = model instanceof DiffusersVideoModel d ? d.parts().tokenizer() : null;
        return open(tok, info.maxPromptTokens());
    }

    /** A closed-vocabulary model knowing {@code words} (PAD and UNK are not words), reading at most {@code maxWords}. */
    public static PromptAdvisor closed(Collection<String> words, int maxWords) {
        Set<String> vocab = new LinkedHashSet<>();
        for (String w : words) {
            if (w == null || w.equals(Tokenizer.PAD) || w.equals(Tokenizer.UNK)) continue;
            vocab.add(w.toLowerCase(Locale.ROOT));
        }
        Set<String> known = Set.copyOf(vocab);
        return new PromptAdvisor(false, maxWords, known, null, grammarExamples(known, maxWords));
    }

    /** An open-vocabulary model with its CLIP tokenizer (null: the count is not known). */
    public static PromptAdvisor open(ClipTokenizer tokenizer, int maxTokens) {
        return new PromptAdvisor(true, tokenizer != null ? tokenizer.maxLength() : maxTokens, Set.of(), tokenizer, List.of());
    }

    public boolean openVocabulary() { return openVocabulary; }

    /** Tokens a prompt can use, start and end included (77 for CLIP); words for a closed vocabulary; 0 unknown. */
    public int maxTokens() { return maxTokens; }

    /** Whether {@link #countTokens} knows the model's tokenizer. */
    public boolean countsTokens() { return tokenizer != null; }

    /**
     * Tokens {@code prompt} takes, start and end included, untruncated (so more than {@link #maxTokens()} means the
     * end of the prompt is cut off); -1 when the tokenizer is not known. For a closed vocabulary: its words.
     */
    public int countTokens(String prompt) {
        String p = prompt == null ? "" : prompt;
        if (!openVocabulary) return words(p).size();
        return tokenizer == null ? -1 : tokenizer.countTokens(p);
    }

    /** A stretch of the prompt, and whether the model ignores it (a word it does not know, or one past its limit). */
    public record Span(String text, boolean ignored) {}

    /**
     * The prompt cut into stretches, the words a closed-vocabulary model does not know marked ignored (and, past its
     * word limit, the words it never reads). One unmarked span for an open vocabulary.
     */
    public List<Span> spans(String prompt) {
        String p = prompt == null ? "" : prompt;
        if (openVocabulary || p.isEmpty()) return p.isEmpty() ? List.of() : List.of(new Span(p, false));
        List<Span> out = new ArrayList<>();
        Matcher m = WORD.matcher(p);
        int at = 0, n = 0;
        StringBuilder plain = new StringBuilder();
        while (m.find()) {
            plain.append(p, at, m.start());
            String w = m.group();
            boolean ignored = !vocabulary.contains(w.toLowerCase(Locale.ROOT)) || (maxTokens > 0 && n >= maxTokens);
            n++;
            if (ignored) {
                if (plain.length() > 0) out.add(new Span(plain.toString(), false));
                plain.setLength(0);
                out.add(new Span(w, true));
            } else {
                plain.append(w);
            }
            at = m.end();
        }
        plain.append(p.substring(at));
        if (plain.length() > 0) out.add(new Span(plain.toString(), false));
        return out;
    }

    /** The words of {@code prompt} a closed-vocabulary model does not know, lower-cased, once each; none for an open one. */
    public List<String> unknownWords(String prompt) {
        if (openVocabulary || prompt == null) return List.of();
        Set<String> out = new LinkedHashSet<>();
        for (String w : words(prompt)) if (!vocabulary.contains(w)) out.add(w);
        return List.copyOf(out);
    }

    /** Prompts of the model's grammar that it understands entirely (none for an open vocabulary). */
    public List<String> examples() { return examples; }

    /** Every word the model knows, for a hint (empty for an open vocabulary). */
    public Set<String> vocabulary() { return vocabulary; }

    private static List<String> words(String prompt) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(prompt);
        while (m.find()) out.add(m.group().toLowerCase(Locale.ROOT));
        return out;
    }

    /**
     * A few captions of the scene grammar with contrasting colours, kept when the model reads every word: all in its
     * vocabulary, and no more than {@code maxWords} (else the caption without its background, when that fits).
     */
    static List<String> grammarExamples(Set<String> vocabulary, int maxWords) {
        Object[][] scenes = {
                {Hue.RED, ShapeKind.CIRCLE, Motion.LEFT, Background.SKY},
                {Hue.YELLOW, ShapeKind.STAR, Motion.BOUNCING, Background.BLACK},
                {Hue.GREEN, ShapeKind.SQUARE, Motion.UP, Background.WHITE},
                {Hue.BLUE, ShapeKind.TRIANGLE, Motion.GROWING, Background.SUNSET},
                {Hue.PINK, ShapeKind.CIRCLE, Motion.RIGHT, Background.GRASS},
                {Hue.ORANGE, ShapeKind.STAR, Motion.SHRINKING, Background.CHECKERBOARD},
                {Hue.WHITE, ShapeKind.SQUARE, Motion.DOWN, Background.GRAY},
        };
        List<String> out = new ArrayList<>();
        for (Object[] s : scenes) {
            Hue hue = (Hue) s[0];
            Background bg = (Background) s[3];
            if (!SceneVocabulary.contrasts(hue, bg)) continue;
            SceneSpec spec = new SceneSpec(bg, List.of(new SceneSpec.Item(hue, (ShapeKind) s[1], 0.5, 0.5, 0.1, 0, 0, 0)),
                    (Motion) s[2], 8, 0);
            out.add(spec.caption());
            out.add(spec.caption(true, false));
        }
        SceneSpec two = new SceneSpec(Background.SKY, List.of(new SceneSpec.Item(Hue.RED, ShapeKind.CIRCLE, 0.3, 0.5, 0.1, 0, 0, 0),
                new SceneSpec.Item(Hue.YELLOW, ShapeKind.SQUARE, 0.7, 0.5, 0.1, 0, 0, 0)), Motion.RIGHT, 8, 0);
        out.add(two.caption());
        List<String> fit = new ArrayList<>();
        for (String c : out) {
            List<String> w = words(c);
            if (!w.stream().allMatch(vocabulary::contains) || (maxWords > 0 && w.size() > maxWords)) continue;
            // the short form only when the full caption of the same scene does not fit
            if (!fit.isEmpty() && c.length() < fit.get(fit.size() - 1).length() && fit.get(fit.size() - 1).startsWith(c)) continue;
            fit.add(c);
        }
        return fit;
    }
}
