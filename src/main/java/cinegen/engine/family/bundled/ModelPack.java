package cinegen.engine.family.bundled;

import cinegen.engine.pack.*;

import cinegen.engine.family.bundled.net.AutoencoderConfig;
import cinegen.engine.family.bundled.net.DenoiserConfig;
import cinegen.engine.family.bundled.net.Tokenizer;
import cinegen.engine.schedule.NoiseSchedule;
import cinegen.engine.schedule.PredictionType;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * A model pack on disk: a folder with manifest.json and safetensors weight files. {@link #open} reads and
 * validates the manifest and checks that every file it names is there; any problem is a
 * {@link ModelPackException} naming the file and what is wrong. Weights are read by {@link VideoModel#load}.
 */
public final class ModelPack {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path dir;
    private final Manifest manifest;
    private final Architecture architecture;
    private final NoiseSchedule schedule;
    private final PredictionType prediction;
    private final Tokenizer tokenizer;

    private ModelPack(Path dir, Manifest m) throws ModelPackException {
        this.dir = dir;
        this.manifest = m;
        String where = "manifest.json";
        if (!Manifest.FORMAT.equals(m.format())) {
            throw new ModelPackException(where + ": not a Cinegen model pack (format is '" + m.format() + "', expected '" + Manifest.FORMAT + "')");
        }
        if (m.formatVersion() == null) throw new ModelPackException(where + ": formatVersion is missing");
        if (m.formatVersion() > Manifest.CURRENT_VERSION) {
            throw new ModelPackException(where + ": pack format version " + m.formatVersion()
                    + " is newer than this studio reads (up to " + Manifest.CURRENT_VERSION + "); update Cinegen Studio");
        }
        if (m.formatVersion() < 1) throw new ModelPackException(where + ": unknown pack format version " + m.formatVersion());
        try {
            this.architecture = architecture(m.architecture(), where);
        } catch (IllegalArgumentException e) { // combinations the denoiser cannot build, e.g. a motion bias without space-time attention
            throw new ModelPackException(where + ": architecture: " + e.getMessage());
        }
        int lc = architecture.latentChannels();
        if (m.latentMean() == null || m.latentMean().length != lc || m.latentStd() == null || m.latentStd().length != lc) {
            throw new ModelPackException(where + ": latentMean and latentStd must each have " + lc + " values (one per latent channel)");
        }
        for (float s : m.latentStd()) if (!(s > 0)) throw new ModelPackException(where + ": latentStd values must be positive");
        var sj = m.schedule();
        if (sj == null || sj.kind() == null) throw new ModelPackException(where + ": schedule is missing");
        try {
            this.schedule = NoiseSchedule.of(NoiseSchedule.Kind.parse(sj.kind()), positive(sj.trainSteps(), "schedule.trainSteps"),
                    sj.betaStart() == null ? NoiseSchedule.DEFAULT_BETA_START : sj.betaStart(),
                    sj.betaEnd() == null ? NoiseSchedule.DEFAULT_BETA_END : sj.betaEnd())
                    .withFrameCorrelation(sj.frameCorrelation() == null ? 0 : sj.frameCorrelation());
            this.prediction = PredictionType.parse(m.prediction() == null ? "" : m.prediction());
        } catch (IllegalArgumentException e) {
            throw new ModelPackException(where + ": " + e.getMessage());
        }
        if (m.vocabulary() == null || m.vocabulary().size() < 2) throw new ModelPackException(where + ": vocabulary is missing");
        try {
            this.tokenizer = new Tokenizer(m.vocabulary(), architecture.maxTokens());
        } catch (IllegalArgumentException e) {
            throw new ModelPackException(where + ": " + e.getMessage());
        }
        var p = m.preview();
        if (p == null || p.matrix() == null || p.matrix().length != 3 || p.bias() == null || p.bias().length != 3) {
            throw new ModelPackException(where + ": preview needs a 3 x " + lc + " matrix and 3 biases");
        }
        for (float[] row : p.matrix()) if (row == null || row.length != lc) throw new ModelPackException(where + ": preview matrix rows need " + lc + " values");
        if (m.files() == null) throw new ModelPackException(where + ": files is missing");
        requireFile(m.files().autoencoder(), "files.autoencoder");
        requireFile(m.files().textEncoder(), "files.textEncoder");
        requireFile(m.files().denoiser(), "files.denoiser");
        if (m.styles() != null) {
            for (Manifest.StyleJson s : m.styles()) {
                if (s.name() == null || s.name().isBlank()) throw new ModelPackException(where + ": a style has no name");
                requireFile(s.file(), "style '" + s.name() + "'");
            }
        }
    }

    private int positive(Integer v, String field) throws ModelPackException {
        if (v == null || v <= 0) throw new ModelPackException("manifest.json: " + field + " must be a positive number");
        Integer max = LIMITS.get(field);
        if (max != null && v > max) {
            throw new ModelPackException("manifest.json: " + field + " is " + v + ", more than the " + max + " a pack may have");
        }
        return v;
    }

    /**
     * Upper bounds of the manifest's sizes, far above any real pack: a damaged or hostile manifest is refused here,
     * before a network of absurd size is built or its weights read (issue 32).
     */
    private static final java.util.Map<String, Integer> LIMITS = java.util.Map.ofEntries(
            java.util.Map.entry("architecture.width", 1024), java.util.Map.entry("architecture.height", 1024),
            java.util.Map.entry("architecture.frameWindow", 256), java.util.Map.entry("architecture.latentChannels", 64),
            java.util.Map.entry("architecture.textDim", 4096), java.util.Map.entry("architecture.heads", 64),
            java.util.Map.entry("architecture.embDim", 4096), java.util.Map.entry("architecture.textLayers", 48),
            java.util.Map.entry("architecture.textHeads", 64), java.util.Map.entry("architecture.maxTokens", 512),
            java.util.Map.entry("schedule.trainSteps", 10_000));

    private static final int MAX_CHANNELS = 4096, MAX_LAYERS = 16;

    private void requireFile(String name, String field) throws ModelPackException {
        if (name == null || name.isBlank()) throw new ModelPackException("manifest.json: " + field + " names no file");
        Path f = dir.resolve(name).normalize();
        if (!f.startsWith(dir.normalize())) throw new ModelPackException("manifest.json: " + field + " points outside the pack: " + name);
        if (!Files.isRegularFile(f)) throw new ModelPackException(name + ": file is missing (named by " + field + " in manifest.json)");
    }

    private Architecture architecture(Manifest.ArchitectureJson a, String where) throws ModelPackException {
        if (a == null) throw new ModelPackException(where + ": architecture is missing");
        int width = positive(a.width(), "architecture.width"), height = positive(a.height(), "architecture.height");
        int window = positive(a.frameWindow(), "architecture.frameWindow");
        if (width % 16 != 0 || height % 16 != 0) throw new ModelPackException(where + ": width and height must be multiples of 16");
        if (window % 4 != 0) throw new ModelPackException(where + ": frameWindow must be a multiple of 4");
        int lc = positive(a.latentChannels(), "architecture.latentChannels");
        if (a.extraDecoderBlocks() != null && (a.extraDecoderBlocks() < 0 || a.extraDecoderBlocks() > MAX_LAYERS)) {
            throw new ModelPackException(where + ": architecture.extraDecoderBlocks must be between 0 and " + MAX_LAYERS);
        }
        for (Integer layers : new Integer[] {a.temporalLayers(), a.midTemporalLayers()}) {
            if (layers != null && (layers < 0 || layers > MAX_LAYERS)) {
                throw new ModelPackException(where + ": temporal layer counts must be between 0 and " + MAX_LAYERS + ", got " + layers);
            }
        }
        if (a.autoencoderChannels() == null || a.autoencoderChannels().length != 3) throw new ModelPackException(where + ": architecture.autoencoderChannels needs 3 values");
        if (a.denoiserChannels() == null || a.denoiserChannels().length != 3) throw new ModelPackException(where + ": architecture.denoiserChannels needs 3 values");
        int textDim = positive(a.textDim(), "architecture.textDim");
        int heads = positive(a.heads(), "architecture.heads");
        for (int c : a.denoiserChannels()) {
            if (c <= 0 || c % heads != 0) throw new ModelPackException(where + ": denoiser channels must be positive multiples of heads");
            if (c > MAX_CHANNELS) throw new ModelPackException(where + ": denoiser channels can be at most " + MAX_CHANNELS + ", got " + c);
        }
        for (int c : a.autoencoderChannels()) {
            if (c <= 0 || c > MAX_CHANNELS) throw new ModelPackException(where + ": autoencoder channels must be between 1 and " + MAX_CHANNELS + ", got " + c);
        }
        return new Architecture(width, height, window,
                new AutoencoderConfig(lc, a.autoencoderChannels(), a.extraDecoderBlocks() == null ? 0 : a.extraDecoderBlocks()),
                denoiser(a, lc, textDim, heads),
                textDim, positive(a.textLayers(), "architecture.textLayers"), positive(a.textHeads(), "architecture.textHeads"),
                positive(a.maxTokens(), "architecture.maxTokens"));
    }

    /** The manifest's denoiser; what it leaves out is off (one temporal layer, no middle ones). */
    private DenoiserConfig denoiser(Manifest.ArchitectureJson a, int latentChannels, int textDim, int heads) throws ModelPackException {
        DenoiserConfig.Builder b = DenoiserConfig.builder(latentChannels, a.denoiserChannels(), textDim, heads, positive(a.embDim(), "architecture.embDim"));
        if (a.temporalLayers() != null) b.temporalLayers(a.temporalLayers());
        if (a.midTemporalLayers() != null) b.midTemporalLayers(a.midTemporalLayers());
        return b.learnedResampling(Boolean.TRUE.equals(a.learnedResampling())).frameConditioning(Boolean.TRUE.equals(a.frameConditioning()))
                .spaceTimeAttention(Boolean.TRUE.equals(a.spaceTimeAttention())).motionBias(Boolean.TRUE.equals(a.motionBias()))
                .coordinates(Boolean.TRUE.equals(a.coordinates())).layout(Boolean.TRUE.equals(a.layout()))
                .silhouette(Boolean.TRUE.equals(a.silhouette())).build();
    }

    /** Reads and validates a pack folder. */
    public static ModelPack open(Path dir) throws ModelPackException {
        if (dir == null || !Files.isDirectory(dir)) throw new ModelPackException("model pack folder not found: " + dir);
        Path mf = dir.resolve("manifest.json");
        if (!Files.isRegularFile(mf)) throw new ModelPackException("manifest.json: file is missing in " + dir.getFileName());
        Manifest m;
        try (InputStream in = Files.newInputStream(mf)) {
            m = JSON.readValue(in, Manifest.class);
        } catch (JsonProcessingException e) {
            throw new ModelPackException("manifest.json: not valid (" + e.getOriginalMessage()
                    + (e.getLocation() != null ? " at line " + e.getLocation().getLineNr() : "") + ")");
        } catch (IOException e) {
            throw new ModelPackException("manifest.json: cannot be read (" + e.getMessage() + ")");
        }
        if (m == null) throw new ModelPackException("manifest.json: is empty");
        return new ModelPack(dir, m);
    }

    /** Writes a manifest atomically. */
    public static void writeManifest(Path dir, Manifest m) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve("manifest.json.tmp");
        JSON.writeValue(tmp.toFile(), m);
        Files.move(tmp, dir.resolve("manifest.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The manifest's architecture block for an {@link Architecture}. */
    public static Manifest.ArchitectureJson toJson(Architecture a) {
        DenoiserConfig d = a.denoiser();
        return new Manifest.ArchitectureJson(a.width(), a.height(), a.frameWindow(), a.latentChannels(),
                a.autoencoder().channels(), d.channels(), d.embDim(), d.heads(), d.temporalLayers(),
                a.textDim(), a.textLayers(), a.textHeads(), a.maxTokens(), d.midTemporalLayers() == 0 ? null : d.midTemporalLayers(),
                d.learnedResampling() ? Boolean.TRUE : null,
                a.autoencoder().extraDecoderBlocks() == 0 ? null : a.autoencoder().extraDecoderBlocks(),
                d.frameConditioning() ? Boolean.TRUE : null,
                d.spaceTimeAttention() ? Boolean.TRUE : null,
                d.motionBias() ? Boolean.TRUE : null,
                d.coordinates() ? Boolean.TRUE : null,
                d.layout() ? Boolean.TRUE : null,
                d.silhouette() ? Boolean.TRUE : null);
    }

    public Path dir() { return dir; }
    public Manifest manifest() { return manifest; }
    public Architecture architecture() { return architecture; }
    public NoiseSchedule schedule() { return schedule; }
    public PredictionType prediction() { return prediction; }
    public Tokenizer tokenizer() { return tokenizer; }
    public String name() { return manifest.name() == null ? dir.getFileName().toString() : manifest.name(); }

    public List<Manifest.StyleJson> styles() { return manifest.styles() == null ? List.of() : manifest.styles(); }

    public Path file(String name) { return dir.resolve(name); }

    /** SHA-256 over the manifest and the three weight files: identifies exactly which weights made a clip. */
    public String contentHash() throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String f : List.of("manifest.json", manifest.files().autoencoder(), manifest.files().textEncoder(), manifest.files().denoiser())) {
                try (InputStream in = Files.newInputStream(dir.resolve(f))) {
                    byte[] buf = new byte[1 << 16];
                    int r;
                    while ((r = in.read(buf)) > 0) md.update(buf, 0, r);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
