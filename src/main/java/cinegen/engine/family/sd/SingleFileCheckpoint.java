package cinegen.engine.family.sd;

import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.clip.ClipTextConfig;
import cinegen.engine.diffusers.clip.ClipTextEncoder;
import cinegen.engine.diffusers.clip.ClipTokenizer;
import cinegen.engine.diffusers.io.CheckpointLoader;
import cinegen.engine.diffusers.io.KeyMap;
import cinegen.engine.diffusers.io.KeyMaps;
import cinegen.engine.diffusers.io.ModelKind;
import cinegen.engine.diffusers.io.ModelScanner;
import cinegen.engine.diffusers.io.ScannedModel;
import cinegen.engine.diffusers.io.TensorSource;
import cinegen.engine.diffusers.io.TensorSources;
import cinegen.engine.diffusers.io.UnetLayout;
import cinegen.engine.diffusers.unet.UNet2DConditionConfig;
import cinegen.engine.diffusers.vae.AutoencoderKL;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.schedule.diffusers.SchedulerConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;
import java.util.Set;

/**
 * A Stable Diffusion 1.x checkpoint in one file, as artists download it: the original (CompVis/LDM) layout with
 * {@code model.diffusion_model.*} (the UNet, 4 or 9 input channels), {@code first_stage_model.*} (the VAE) and
 * {@code cond_stage_model.transformer.*} (CLIP ViT-L/14), in fp32, fp16 or bf16 safetensors or a {@code .ckpt}. The
 * configs are what the weights tell over SD 1.5's published configs, under the sidecar {@code NAME.json}
 * (see {@link Sidecar}); the scheduler is AnimateDiff's recommended DDIM unless the sidecar says otherwise.
 * {@link #open} reads the header only.
 */
public final class SingleFileCheckpoint {
    static final Set<String> SECTIONS = Set.of(Sidecar.UNET, Sidecar.VAE, Sidecar.TEXT_ENCODER, Sidecar.SCHEDULER);
    static final String TODO = "use a Stable Diffusion 1.5 checkpoint (or a fine-tune of it) in the original single-file layout,"
            + " or a diffusers folder";

    private final Path file;
    private final Sidecar sidecar;
    private final UnetLayout unetLayout;
    private final UNet2DConditionConfig unet;
    private final int sampleSize;
    private final VaeFile vae;
    private final ClipTextConfig text;
    private final SchedulerConfig scheduler;

    private SingleFileCheckpoint(Path file, Sidecar sidecar, UnetLayout unetLayout, UNet2DConditionConfig unet, int sampleSize,
                                 VaeFile vae, ClipTextConfig text, SchedulerConfig scheduler) {
        this.file = file;
        this.sidecar = sidecar;
        this.unetLayout = unetLayout;
        this.unet = unet;
        this.sampleSize = sampleSize;
        this.vae = vae;
        this.text = text;
        this.scheduler = scheduler;
    }

    /** Whether the scanner calls {@code s} a Stable Diffusion 1.x checkpoint (usable or not: loading says why not). */
    static boolean isSd1Checkpoint(ScannedModel s) {
        return s.kind() == ModelKind.CHECKPOINT && s.family().startsWith("SD1.x");
    }

    /** Checks the file and reads its configs from the header and the sidecar; no weights are read. */
    public static SingleFileCheckpoint open(Path file) throws ModelPackException {
        ScannedModel s = ModelScanner.scan(file);
        if (!isSd1Checkpoint(s) || !s.usable()) throw new ModelPackException(SdFamily.refusal(s, "not a Stable Diffusion 1.x checkpoint", TODO));
        Sidecar sidecar = Sidecar.read(file, SECTIONS);
        try (TensorSource src = TensorSources.open(file)) {
            UnetLayout layout = UnetLayout.inferFromOriginal(src, KeyMaps.UNET_PREFIX);
            ObjectNode unetJson = InferredConfigs.merge(InferredConfigs.published(InferredConfigs.UNET),
                    InferredConfigs.unet(layout, InferredConfigs.shapes(src, KeyMaps.unet(layout)), file), sidecar.section(Sidecar.UNET));
            UNet2DConditionConfig unet;
            try {
                unet = UNet2DConditionConfig.parse(file.getFileName() + " (UNet config)", new ObjectMapper().writeValueAsString(unetJson));
            } catch (ModelPackException e) {
                throw new ModelPackException(e.getMessage() + "; " + sidecar.hint(file, Sidecar.UNET));
            }
            int sampleSize = unetJson.path("sample_size").isArray() ? unetJson.path("sample_size").path(0).asInt(64) : unetJson.path("sample_size").asInt(64);

            VaeFile vae = VaeFile.inspect(file, src, KeyMaps.VAE_PREFIX, sidecar.section(Sidecar.VAE), sidecar.hint(file, Sidecar.VAE));

            ObjectNode textJson = InferredConfigs.merge(InferredConfigs.published(InferredConfigs.TEXT_ENCODER),
                    InferredConfigs.textEncoder(InferredConfigs.shapes(src, KeyMaps.textEncoder()), file), sidecar.section(Sidecar.TEXT_ENCODER));
            ClipTextConfig text;
            try {
                text = InferredConfigs.clipConfig(textJson, file.getFileName() + " (text encoder config)");
            } catch (ModelPackException e) {
                throw new ModelPackException(e.getMessage() + "; " + sidecar.hint(file, Sidecar.TEXT_ENCODER));
            }
            int context = unet.crossAttentionDim()[0];
            if (context != text.hiddenSize()) {
                throw new ModelPackException(file.getFileName() + ": its UNet attends to " + context + "-wide text states but its text encoder gives "
                        + text.hiddenSize() + ", so it is not a Stable Diffusion 1.x checkpoint; " + TODO);
            }

            ObjectNode schedJson = InferredConfigs.merge(InferredConfigs.published(InferredConfigs.SCHEDULER), sidecar.section(Sidecar.SCHEDULER));
            SchedulerConfig scheduler;
            try {
                scheduler = SchedulerConfig.parse(new ObjectMapper().writeValueAsString(schedJson), file.getFileName() + " (scheduler config)");
            } catch (IllegalArgumentException e) {
                throw new ModelPackException(e.getMessage() + "; " + sidecar.hint(file, Sidecar.SCHEDULER));
            }
            return new SingleFileCheckpoint(file, sidecar, layout, unet, sampleSize, vae, text, scheduler);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path file() { return file; }

    /** The sidecar file, or null when there is none. */
    public Path sidecarFile() { return sidecar.file(); }

    public UNet2DConditionConfig unetConfig() { return unet; }

    /** The UNet's native latent side ({@code sample_size}). */
    public int sampleSize() { return sampleSize; }

    public cinegen.engine.diffusers.vae.AutoencoderKLConfig vaeConfig() { return vae.config(); }

    public ClipTextConfig textConfig() { return text; }

    public SchedulerConfig scheduler() { return scheduler; }

    /** The CLIP tokenizer beside the file or in the models root (a single file holds none). */
    public ClipTokenizer tokenizer() throws ModelPackException { return TokenizerLocator.find(file); }

    /** The three components' weights, read once from the file; {@code withVae} false skips the VAE (one is given apart). */
    public record Weights(Params unet, AutoencoderKL vae, ClipTextEncoder textEncoder) {}

    public Weights load(NDManager m, boolean withVae) throws ModelPackException { return load(m, m, withVae); }

    /** {@link #load(NDManager, boolean)} with the UNet's weights on {@code unetManager} (see WeightStorage). */
    public Weights load(NDManager m, NDManager unetManager, boolean withVae) throws ModelPackException {
        try (TensorSource src = TensorSources.open(file)) {
            KeyMap textMap = KeyMaps.textEncoder();
            Params textAll = CheckpointLoader.loadOriginal(src, textMap, m);
            Params textScoped = textAll.at("text_model");
            ClipTextEncoder.checkWeights(text, textScoped, file.getFileName() + " (text encoder)");
            AutoencoderKL autoencoder = withVae ? vae.load(src, m) : null;
            Params unetParams = CheckpointLoader.loadOriginal(src, KeyMaps.unet(unetLayout), unetManager);
            return new Weights(unetParams, autoencoder, new ClipTextEncoder(text, textScoped));
        }
    }
}
