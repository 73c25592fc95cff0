package cinegen.engine.diffusers.pipeline;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.clip.ClipTextEncoder;
import cinegen.engine.diffusers.clip.ClipTokenizer;
import cinegen.engine.diffusers.unet.UNet3DConditionModel;
import cinegen.engine.diffusers.unet.UNetMotionModel;
import cinegen.engine.diffusers.unet.VideoDenoiser;
import cinegen.engine.diffusers.vae.AutoencoderKL;
import cinegen.engine.pack.ModelPackException;
import cinegen.engine.schedule.diffusers.SchedulerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A model saved by diffusers' {@code save_pretrained}: a folder with {@code model_index.json} naming the pipeline
 * class and one sub-folder per component. Reads what the families need to decide, and loads the components.
 */
public final class DiffusersFolder {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** AnimateDiff pipelines (a motion UNet, or an image UNet plus a motion adapter). */
    public static final Set<String> ANIMATEDIFF = Set.of("AnimateDiffPipeline", "AnimateDiffVideoToVideoPipeline",
            "AnimateDiffSparseControlNetPipeline", "AnimateDiffPAGPipeline");
    /** Stable Diffusion 1.x image pipelines (also LCM-distilled ones): run with a motion module. */
    public static final Set<String> STABLE_DIFFUSION = Set.of("StableDiffusionPipeline", "StableDiffusionImg2ImgPipeline",
            "StableDiffusionInpaintPipeline", "LatentConsistencyModelPipeline", "LatentConsistencyModelImg2ImgPipeline");
    /** ModelScope / Zeroscope text-to-video. */
    public static final Set<String> TEXT_TO_VIDEO = Set.of("TextToVideoSDPipeline", "VideoToVideoSDPipeline");

    private final Path dir;
    private final String pipelineClass;

    private DiffusersFolder(Path dir, String pipelineClass) {
        this.dir = dir;
        this.pipelineClass = pipelineClass;
    }

    /** The folder's pipeline class, or null when {@code dir} is not a diffusers folder. */
    public static String pipelineClassOf(Path dir) {
        Path index = dir.resolve("model_index.json");
        if (!Files.isRegularFile(index)) return null;
        try {
            JsonNode n = JSON.readTree(index.toFile());
            return n == null ? null : n.path("_class_name").asText(null);
        } catch (IOException e) {
            return null;
        }
    }

    public static DiffusersFolder open(Path dir) throws ModelPackException {
        String cls = pipelineClassOf(dir);
        if (cls == null) throw new ModelPackException(dir + " has no readable model_index.json (not a diffusers model folder)");
        return new DiffusersFolder(dir, cls);
    }

    public Path dir() { return dir; }
    public String pipelineClass() { return pipelineClass; }
    public Path component(String name) { return dir.resolve(name); }

    /** The UNet's class from {@code unet/config.json}. */
    public String unetClass() throws ModelPackException {
        return config(component("unet")).path("_class_name").asText("");
    }

    public static JsonNode config(Path folder) throws ModelPackException {
        Path c = folder.resolve("config.json");
        if (!Files.isRegularFile(c)) throw new ModelPackException(folder.getFileName() + "/config.json is missing");
        try {
            return JSON.readTree(c.toFile());
        } catch (IOException e) {
            throw new ModelPackException(folder.getFileName() + "/config.json is not valid JSON (" + e.getMessage() + ")");
        }
    }

    public ClipTokenizer tokenizer() throws ModelPackException { return ClipTokenizer.load(component("tokenizer")); }

    public ClipTextEncoder textEncoder(NDManager m) throws ModelPackException { return ClipTextEncoder.load(component("text_encoder"), m); }

    public AutoencoderKL vae(Path override, NDManager m) throws ModelPackException {
        return AutoencoderKL.load(override != null ? override : component("vae"), m);
    }

    public SchedulerConfig scheduler() throws ModelPackException {
        Path c = component("scheduler").resolve("scheduler_config.json");
        try {
            return SchedulerConfig.load(c);
        } catch (IOException | RuntimeException e) {
            throw new ModelPackException("scheduler/scheduler_config.json cannot be read (" + e.getMessage() + ")");
        }
    }

    /** The motion UNet: saved whole, or the image UNet combined with a motion adapter (the folder's or {@code motion}). */
    public VideoDenoiser motionUnet(Path motion, NDManager m) throws ModelPackException {
        String cls = unetClass();
        if (cls.equals("UNetMotionModel") && motion == null) return UNetMotionModel.load(component("unet"), m);
        Path adapter = motion != null ? motion : component("motion_adapter");
        if (!Files.isDirectory(adapter)) {
            throw new ModelPackException(dir.getFileName() + " is an image model: give a motion module with --motion"
                    + " (an AnimateDiff motion adapter folder), or put one in its motion_adapter/ folder");
        }
        if (cls.equals("UNetMotionModel")) {
            throw new ModelPackException(dir.getFileName() + " already holds motion modules; --motion cannot be combined with it");
        }
        return UNetMotionModel.load(component("unet"), adapter, m);
    }

    public VideoDenoiser unet3d(NDManager m) throws ModelPackException { return UNet3DConditionModel.load(component("unet"), m); }

    /** Frames per side of the UNet's native sample ({@code sample_size}) times the autoencoder's scale. */
    public int nativeSide(int vaeScale) throws ModelPackException {
        JsonNode s = config(component("unet")).path("sample_size");
        int side = s.isArray() ? s.get(0).asInt(64) : s.asInt(64);
        return side * vaeScale;
    }

    /**
     * A content hash of a model: for every weight file under the folders given, its name, size and safetensors header
     * (which holds every tensor's name, dtype, shape and offsets), never the data, so a 2 GB checkpoint hashes at once.
     */
    public static String hash(List<Path> roots) throws ModelPackException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (Path root : roots) {
                if (root == null) continue;
                List<Path> files;
                try (Stream<Path> s = Files.isDirectory(root) ? Files.walk(root) : Stream.of(root)) {
                    files = s.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    md.update(root.relativize(f.toAbsolutePath().normalize().equals(f) ? f : f).toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update(Long.toString(Files.size(f)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update(head(f));
                }
            }
            return HexFormat.of().formatHex(md.digest()).substring(0, 16);
        } catch (IOException e) {
            throw new ModelPackException("model files cannot be read (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 64 KB of a file (a safetensors header, or all of a config). */
    private static byte[] head(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            return in.readNBytes(64 * 1024);
        }
    }

    /** Loads a diffusers folder as a video model, with the denoiser the caller picks, in float32. */
    public DiffusersVideoModel load(String familyId, String familyName, VideoDenoiserLoader denoiser, Path motion, Path vae,
                                    Device device, int window) throws ModelPackException {
        return load(familyId, familyName, denoiser, motion, vae, device, window, cinegen.engine.family.Precision.FP32);
    }

    /**
     * Loads a diffusers folder as a video model, with the denoiser the caller picks, its weights kept in
     * {@code precision} (cast one tensor at a time as they load); the text encoder and autoencoder stay float32.
     */
    public DiffusersVideoModel load(String familyId, String familyName, VideoDenoiserLoader denoiser, Path motion, Path vae,
                                    Device device, int window, cinegen.engine.family.Precision precision) throws ModelPackException {
        NDManager m = NDManager.newBaseManager(device);
        try {
            ClipTokenizer tok = tokenizer();
            ClipTextEncoder text = textEncoder(m);
            AutoencoderKL autoencoder = vae(vae, m);
            VideoDenoiser unet = denoiser.load(this, cinegen.engine.diffusers.io.WeightStorage.storing(m, precision.dataType()));
            SchedulerConfig sched = scheduler();
            int side = nativeSide(autoencoder.config().downscale());
            String hash = hash(List.of(dir, motion == null ? dir : motion, vae == null ? dir : vae));
            var styles = new DiffusersStyles(unetParams(unet), text.weights());
            return new DiffusersVideoModel(new DiffusersVideoModel.Parts(dir.getFileName().toString(), familyId, familyName, hash, m,
                    tok, text, autoencoder, unet, sched, side, side, window, 0, styles, unetLayout()));
        } catch (ModelPackException | RuntimeException e) {
            m.close();
            if (e instanceof ModelPackException mpe) throw mpe;
            throw new ModelPackException(dir.getFileName() + " cannot be loaded: " + e.getMessage());
        }
    }

    /** The UNet's block layout (for LoRAs named in the original layout), or null when it has none of SD's. */
    cinegen.engine.diffusers.io.UnetLayout unetLayout() {
        try {
            return cinegen.engine.diffusers.io.UnetLayout.fromConfigFile(component("unet").resolve("config.json"));
        } catch (cinegen.engine.diffusers.io.ModelFileException | RuntimeException e) {
            return null;
        }
    }

    /** The block layout of a motion UNet's image part, or null for other denoisers. */
    public static cinegen.engine.diffusers.io.UnetLayout layoutOf(VideoDenoiser d) {
        if (!(d instanceof UNetMotionModel u)) return null;
        var c = u.unetConfig();
        java.util.List<Integer> channels = new java.util.ArrayList<>();
        for (int ch : c.blockOutChannels()) channels.add(ch);
        return new cinegen.engine.diffusers.io.UnetLayout(c.inChannels(), channels, c.layersPerBlock()[0],
                c.downBlockTypes().stream().map(t -> t.contains("CrossAttn")).toList(),
                c.upBlockTypes().stream().map(t -> t.contains("CrossAttn")).toList(),
                c.midBlockType() != null && c.midBlockType().contains("CrossAttn"));
    }

    static cinegen.engine.diffusers.Params unetParams(VideoDenoiser d) {
        if (d instanceof UNetMotionModel u) return u.params();
        if (d instanceof UNet3DConditionModel u) return u.params();
        throw new IllegalArgumentException("unknown denoiser " + d.getClass().getSimpleName());
    }

    /** How a family gets its denoiser out of the folder. */
    @FunctionalInterface
    public interface VideoDenoiserLoader {
        VideoDenoiser load(DiffusersFolder folder, NDManager m) throws ModelPackException;
    }
}
