package cinegen.engine.family.sd;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.clip.ClipTextEncoder;
import cinegen.engine.diffusers.clip.ClipTokenizer;
import cinegen.engine.diffusers.io.ModelScanner;
import cinegen.engine.diffusers.io.ScannedModel;
import cinegen.engine.diffusers.pipeline.DiffusersFolder;
import cinegen.engine.diffusers.pipeline.DiffusersStyles;
import cinegen.engine.diffusers.pipeline.DiffusersVideoModel;
import cinegen.engine.diffusers.unet.MotionAdapterConfig;
import cinegen.engine.diffusers.unet.UNet2DConditionConfig;
import cinegen.engine.diffusers.unet.UNetMotionModel;
import cinegen.engine.diffusers.unet.VideoDenoiser;
import cinegen.engine.diffusers.vae.AutoencoderKL;
import cinegen.engine.family.LoadedModel;
import cinegen.engine.family.ModelFamily;
import cinegen.engine.family.ModelSource;
import cinegen.engine.family.Precision;
import cinegen.engine.diffusers.io.WeightStorage;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.schedule.diffusers.SchedulerConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Stable Diffusion 1.5 bases (and their fine-tunes, and SD inpainting bases with 9 input channels) animated by an
 * AnimateDiff motion module. The base is a diffusers AnimateDiff or Stable Diffusion folder, or a single-file SD 1.x
 * checkpoint ({@link SingleFileCheckpoint}: {@code .safetensors} or {@code .ckpt} in the original layout, with an
 * optional sidecar {@code NAME.json} of config overrides, see {@link Sidecar}); {@code --motion} is a MotionAdapter
 * folder or a motion module file ({@link MotionModuleFile}); {@code --vae} a diffusers vae/ folder or a VAE file.
 */
public final class SdFamily implements ModelFamily {
    public static final String ID = "sd15";
    public static final String NAME = "Stable Diffusion 1.5 + AnimateDiff";
    /** AnimateDiff's motion modules were trained on 16-frame clips. */
    static final int WINDOW = 16;

    @Override public String id() { return ID; }
    @Override public String displayName() { return NAME; }

    /** A diffusers SD/AnimateDiff folder, or a file whose header is a Stable Diffusion 1.x checkpoint's. */
    @Override
    public boolean recognises(Path path) {
        if (Files.isDirectory(path)) {
            String cls = DiffusersFolder.pipelineClassOf(path);
            return cls != null && (DiffusersFolder.ANIMATEDIFF.contains(cls) || DiffusersFolder.STABLE_DIFFUSION.contains(cls));
        }
        if (!Files.isRegularFile(path) || !hasWeightExtension(path)) return false;
        return SingleFileCheckpoint.isSd1Checkpoint(ModelScanner.scan(path));
    }

    private static boolean hasWeightExtension(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return ModelScanner.WEIGHT_EXTENSIONS.stream().anyMatch(n::endsWith);
    }

    @Override
    public LoadedModel load(ModelSource source, Device device) throws ModelPackException {
        Path base = source.base();
        if (!Files.isDirectory(base) && !Files.isRegularFile(base)) throw new ModelPackException(base + " does not exist");
        LoadedModel model = Files.isDirectory(base) ? loadFolder(source, device) : loadFile(source, device);
        if (model instanceof DiffusersVideoModel d) d.setStyleCheckpointReader(SdFamily::readStyleCheckpoint);
        return model;
    }

    /** A single-file SD 1.x checkpoint used as a style: its UNet and text encoder weights (not its autoencoder). */
    private static cinegen.engine.diffusers.Params[] readStyleCheckpoint(Path file, ai.djl.ndarray.NDManager m) throws ModelPackException {
        SingleFileCheckpoint.Weights w = SingleFileCheckpoint.open(file).load(m, false);
        return new cinegen.engine.diffusers.Params[] {w.unet(), w.textEncoder().weights()};
    }

    private static boolean isFile(Path p) { return p != null && !Files.isDirectory(p); }

    private static LoadedModel loadFolder(ModelSource source, Device device) throws ModelPackException {
        DiffusersFolder folder = DiffusersFolder.open(source.base());
        if (!isFile(source.motion()) && !isFile(source.vae())) {
            return folder.load(ID, NAME, (f, m) -> f.motionUnet(source.motion(), m), source.motion(), source.vae(), device, WINDOW,
                    source.precision());
        }
        // a motion module or a VAE given as one file: the components are assembled here
        String baseName = folder.dir().getFileName().toString();
        MotionModuleFile motionFile = null;
        if (isFile(source.motion())) {
            UNet2DConditionConfig unet = UNet2DConditionConfig.load(folder.component("unet").resolve("config.json"));
            if (unet.className().equals("UNetMotionModel")) {
                throw new ModelPackException(baseName + " already holds motion modules; --motion cannot be combined with it");
            }
            motionFile = MotionModuleFile.open(source.motion(), unet, baseName);
        }
        VaeFile vaeFile = source.vae() != null ? VaeFile.open(source.vae()) : null;
        MotionModuleFile mm = motionFile;
        return assemble(baseName, hashRoots(source, null), device, source.precision(), (m, dm) -> {
            ClipTokenizer tok = folder.tokenizer();
            ClipTextEncoder text = folder.textEncoder(m);
            AutoencoderKL vae = vaeFile != null ? vaeFile.load(m) : folder.vae(null, m);
            VideoDenoiser unet;
            if (mm != null) {
                Path unetDir = folder.component("unet");
                UNet2DConditionConfig cfg = UNet2DConditionConfig.load(unetDir.resolve("config.json"));
                unet = motionUnet(cfg, unetWeights(unetDir, dm), mm, dm);
            } else {
                unet = folder.motionUnet(source.motion(), dm);
            }
            return new Components(tok, text, vae, unet, folder.scheduler(), folder.nativeSide(vae.config().downscale()));
        });
    }

    private static LoadedModel loadFile(ModelSource source, Device device) throws ModelPackException {
        SingleFileCheckpoint ckpt = SingleFileCheckpoint.open(source.base());
        String baseName = source.base().getFileName().toString();
        // everything that needs no weights is checked first, so a wrong argument fails at once
        ClipTokenizer tok = ckpt.tokenizer();
        if (source.motion() == null) {
            throw new ModelPackException(baseName + " is an image model: give an AnimateDiff motion module with --motion"
                    + " (such as mm_sd_v15_v2.ckpt or v3_sd15_mm.ckpt, or a MotionAdapter folder)");
        }
        MotionModuleFile motionFile = isFile(source.motion()) ? MotionModuleFile.open(source.motion(), ckpt.unetConfig(), baseName) : null;
        MotionAdapterConfig adapterConfig = motionFile == null ? MotionAdapterConfig.load(source.motion().resolve("config.json")) : null;
        if (adapterConfig != null) MotionModuleFile.checkFits(adapterConfig, source.motion(), ckpt.unetConfig(), baseName);
        VaeFile vaeFile = source.vae() != null ? VaeFile.open(source.vae()) : null;
        String name = baseName.contains(".") ? baseName.substring(0, baseName.lastIndexOf('.')) : baseName;
        return assemble(name, hashRoots(source, ckpt.sidecarFile()), device, source.precision(), (m, dm) -> {
            SingleFileCheckpoint.Weights w = ckpt.load(m, dm, vaeFile == null);
            AutoencoderKL vae = vaeFile != null ? vaeFile.load(m) : w.vae();
            VideoDenoiser unet;
            if (motionFile != null) {
                unet = motionUnet(ckpt.unetConfig(), w.unet(), motionFile, dm);
            } else {
                Params adapter = Params.load(adapterWeights(source.motion()), dm);
                Params merged = UNetMotionModel.merge(w.unet(), adapter, source.motion());
                unet = build(source.motion(), () -> new UNetMotionModel(ckpt.unetConfig(), adapterConfig, merged));
            }
            return new Components(tok, w.textEncoder(), vae, unet, ckpt.scheduler(), ckpt.sampleSize() * vae.config().downscale());
        });
    }

    /** A UNet's weights with a motion module file's, as one UNetMotionModel. */
    private static UNetMotionModel motionUnet(UNet2DConditionConfig unet, Params unetWeights, MotionModuleFile mm, NDManager m)
            throws ModelPackException {
        Params merged = UNetMotionModel.merge(unetWeights, mm.weights(m), mm.file());
        return build(mm.file(), () -> new UNetMotionModel(unet, mm.config(), merged));
    }

    private static <T> T build(Path source, java.util.function.Supplier<T> builder) throws ModelPackException {
        try {
            return builder.get();
        } catch (IllegalArgumentException | Params.MissingWeightException e) {
            throw new ModelPackException(source.getFileName() + ": " + e.getMessage());
        }
    }

    private static final String[] DIFFUSERS_WEIGHTS = {"diffusion_pytorch_model.safetensors", "diffusion_pytorch_model.fp16.safetensors"};

    private static Path adapterWeights(Path folder) throws ModelPackException {
        for (String n : DIFFUSERS_WEIGHTS) if (Files.isRegularFile(folder.resolve(n))) return folder.resolve(n);
        throw new ModelPackException(folder.getFileName() + ": no " + String.join(" or ", DIFFUSERS_WEIGHTS));
    }

    private static Params unetWeights(Path unetDir, NDManager m) throws ModelPackException {
        return Params.load(adapterWeights(unetDir), m);
    }

    /** The files whose headers make the model's hash: weights, their sidecars, motion module and VAE. */
    private static List<Path> hashRoots(ModelSource source, Path baseSidecar) {
        List<Path> roots = new ArrayList<>();
        roots.add(source.base());
        if (baseSidecar != null) roots.add(baseSidecar);
        for (Path p : new Path[] {source.motion(), source.vae()}) {
            if (p == null) continue;
            roots.add(p);
            Path side = Files.isDirectory(p) ? null : Sidecar.pathFor(p);
            if (side != null && Files.isRegularFile(side)) roots.add(side);
        }
        return roots;
    }

    private record Components(ClipTokenizer tokenizer, ClipTextEncoder text, AutoencoderKL vae, VideoDenoiser denoiser,
                              SchedulerConfig scheduler, int side) {}

    /** Loads the components: {@code m} for the text encoder and autoencoder, {@code denoiserManager} for the denoiser. */
    @FunctionalInterface
    private interface ComponentLoader {
        Components load(NDManager m, NDManager denoiserManager) throws ModelPackException;
    }

    private static DiffusersVideoModel assemble(String name, List<Path> hashRoots, Device device, Precision precision,
                                                ComponentLoader loader) throws ModelPackException {
        String hash = DiffusersFolder.hash(hashRoots);
        NDManager m = NDManager.newBaseManager(device);
        try {
            Components c = loader.load(m, WeightStorage.storing(m, precision.dataType()));
            Params denoiserParams = ((UNetMotionModel) c.denoiser()).params();
            var styles = new DiffusersStyles(denoiserParams, c.text().weights());
            return new DiffusersVideoModel(new DiffusersVideoModel.Parts(name, ID, NAME, hash, m, c.tokenizer(), c.text(), c.vae(),
                    c.denoiser(), c.scheduler(), c.side(), c.side(), WINDOW, 0, styles, DiffusersFolder.layoutOf(c.denoiser())));
        } catch (ModelPackException | RuntimeException e) {
            m.close();
            if (e instanceof ModelPackException mpe) throw mpe;
            throw new ModelPackException(name + " cannot be loaded: " + e.getMessage());
        }
    }

    /**
     * One sentence for a file the family cannot use here: the scanner's reason when it already says what to do;
     * otherwise what is wrong (or what the file is, {@code notWhat}) followed by {@code todo}.
     */
    static String refusal(ScannedModel s, String notWhat, String todo) {
        String r = s.unusableReason();
        if (r != null) {
            if (r.contains("; ")) return r;
            if (r.contains("truncated")) return r + "; the file is incomplete, download it again";
            return r + "; " + todo;
        }
        String d = s.description();
        String article = !d.isEmpty() && "AEIOUaeiou".indexOf(d.charAt(0)) >= 0 ? "an " : "a ";
        return s.path().getFileName() + " is " + article + d + ", " + notWhat + "; " + todo;
    }
}
