package cinegen.engine.family.sd;

import cinegen.engine.diffusers.clip.ClipTokenizer;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the CLIP tokenizer for a single-file checkpoint, which holds none: a {@code tokenizer/} folder beside the
 * file, or {@code vocab.json} + {@code merges.txt} beside it, then the {@code tokenizers/} folder of the models
 * root (the folder above {@code checkpoints/}, as in ComfyUI's layout).
 */
final class TokenizerLocator {
    static final String VOCAB = "vocab.json", MERGES = "merges.txt", MODELS_FOLDER = "checkpoints", TOKENIZERS = "tokenizers";

    private TokenizerLocator() {}

    /** The folders looked in, in order. */
    static List<Path> candidates(Path weights) {
        Path dir = weights.toAbsolutePath().normalize().getParent();
        List<Path> out = new ArrayList<>(List.of(dir.resolve("tokenizer"), dir));
        Path root = modelsRoot(dir);
        if (root != null) out.add(root.resolve(TOKENIZERS));
        return out;
    }

    /** The folder above the nearest {@code checkpoints/} folder holding {@code dir}, or null. */
    static Path modelsRoot(Path dir) {
        for (Path p = dir; p != null; p = p.getParent()) {
            if (p.getFileName() != null && p.getFileName().toString().equals(MODELS_FOLDER)) return p.getParent();
        }
        return null;
    }

    static ClipTokenizer find(Path weights) throws ModelPackException {
        for (Path d : candidates(weights)) {
            if (Files.isRegularFile(d.resolve(VOCAB)) && Files.isRegularFile(d.resolve(MERGES))) return ClipTokenizer.load(d);
        }
        Path root = modelsRoot(weights.toAbsolutePath().normalize().getParent());
        String models = root != null ? root.resolve(TOKENIZERS).toString() : "the tokenizers/ folder of your models folder (the one holding checkpoints/)";
        throw new ModelPackException(weights.getFileName() + " holds no tokenizer: put vocab.json and merges.txt of CLIP ViT-L/14"
                + " (for example those in the tokenizer/ folder of any SD 1.5 diffusers model) in a tokenizer/ folder beside it or in " + models);
    }
}
