package cinegen.engine.family.sd;

import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.io.CheckpointLoader;
import cinegen.engine.diffusers.io.KeyMap;
import cinegen.engine.diffusers.io.KeyMaps;
import cinegen.engine.diffusers.io.ModelKind;
import cinegen.engine.diffusers.io.ModelScanner;
import cinegen.engine.diffusers.io.ScannedModel;
import cinegen.engine.diffusers.io.TensorSource;
import cinegen.engine.diffusers.io.TensorSources;
import cinegen.engine.diffusers.io.VaeLayout;
import cinegen.engine.diffusers.vae.AutoencoderKL;
import cinegen.engine.diffusers.vae.AutoencoderKLConfig;
import cinegen.engine.pack.ModelPackException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An AutoencoderKL from a diffusers {@code vae/} folder, a single VAE file (original layout as
 * {@code vae-ft-mse-840000-ema-pruned}, or diffusers layout), or the {@code first_stage_model} of a checkpoint. A
 * file's config is inferred from its weights over SD 1.5's VAE config, under its sidecar's {@code "vae"} section.
 * {@link #open} reads headers only; {@link #load} reads the weights.
 */
final class VaeFile {
    /** The names of a VAE's own weights (anything else in the file is not read). */
    static final List<String> ROOTS = List.of("encoder.", "decoder.", "quant_conv.", "post_quant_conv.");

    private final Path path;
    private final boolean folder;
    private final String prefix;
    private final boolean original;
    private final AutoencoderKLConfig config;

    private VaeFile(Path path, boolean folder, String prefix, boolean original, AutoencoderKLConfig config) {
        this.path = path;
        this.folder = folder;
        this.prefix = prefix;
        this.original = original;
        this.config = config;
    }

    AutoencoderKLConfig config() { return config; }

    Path path() { return path; }

    /** A {@code --vae} argument: a folder or a file. */
    static VaeFile open(Path path) throws ModelPackException {
        if (Files.isDirectory(path)) return new VaeFile(path, true, null, false, AutoencoderKLConfig.read(path.resolve(AutoencoderKL.CONFIG)));
        ScannedModel s = ModelScanner.scan(path);
        boolean checkpoint = s.kind() == ModelKind.CHECKPOINT && s.family().startsWith("SD1.x");
        if (s.kind() != ModelKind.VAE && !checkpoint) {
            throw new ModelPackException(SdFamily.refusal(s, "is not a VAE", "give --vae a Stable Diffusion VAE file (such as "
                    + "vae-ft-mse-840000-ema-pruned.safetensors) or a diffusers vae/ folder"));
        }
        if (!s.usable()) throw new ModelPackException(SdFamily.refusal(s, null, "give --vae a Stable Diffusion 1.5 VAE"));
        // a checkpoint given as --vae may carry its own sidecar: only its "vae" section is used here
        Sidecar sidecar = Sidecar.read(path, checkpoint ? SingleFileCheckpoint.SECTIONS : Set.of(Sidecar.VAE));
        try (TensorSource src = TensorSources.open(path)) {
            String prefix = anyStarts(src, KeyMaps.VAE_PREFIX) ? KeyMaps.VAE_PREFIX
                    : anyStarts(src, "vae.encoder.") || anyStarts(src, "vae.decoder.") ? "vae." : "";
            return inspect(path, src, prefix, sidecar.section(Sidecar.VAE), sidecar.hint(path, Sidecar.VAE));
        }
    }

    private static boolean anyStarts(TensorSource src, String p) {
        for (String n : src.names()) if (n.startsWith(p)) return true;
        return false;
    }

    /** The VAE under {@code prefix} of an open file, from its header; {@code override} are the sidecar's keys. */
    static VaeFile inspect(Path file, TensorSource src, String prefix, ObjectNode override, String hint) throws ModelPackException {
        ComponentView view = new ComponentView(src, prefix, ROOTS);
        boolean original = false;
        for (String n : view.names()) original |= n.startsWith("encoder.down.") || n.startsWith("decoder.up.");
        Map<String, long[]> shapes = original ? InferredConfigs.shapes(view, map(view)) : InferredConfigs.shapes(view, "");
        ObjectNode merged = InferredConfigs.merge(InferredConfigs.published(InferredConfigs.VAE), InferredConfigs.vae(shapes, file), override);
        String source = file.getFileName() + " (VAE config)";
        try {
            return new VaeFile(file, false, prefix, original, AutoencoderKLConfig.parse(merged, source));
        } catch (ModelPackException e) {
            throw new ModelPackException(e.getMessage() + "; " + hint);
        }
    }

    private static KeyMap map(TensorSource view) throws ModelPackException {
        return KeyMaps.vae(VaeLayout.inferFromOriginal(view, ""), "");
    }

    /** Reads the weights (opening the file again). */
    AutoencoderKL load(NDManager m) throws ModelPackException {
        if (folder) return AutoencoderKL.load(path, m);
        try (TensorSource src = TensorSources.open(path)) {
            return load(src, m);
        }
    }

    /** Reads the weights from {@code src}, the file {@link #inspect} saw. */
    AutoencoderKL load(TensorSource src, NDManager m) throws ModelPackException {
        ComponentView view = new ComponentView(src, prefix, ROOTS);
        Params p = original ? CheckpointLoader.loadOriginal(view, map(view), m) : CheckpointLoader.loadDiffusers(view, m);
        try {
            return new AutoencoderKL(config, p);
        } catch (ModelPackException e) {
            // the constructor names its source "weights"
            throw new ModelPackException(path.getFileName() + ": its VAE does not match its config (" + e.getMessage().replaceFirst("^weights: ", "") + ")");
        }
    }
}
