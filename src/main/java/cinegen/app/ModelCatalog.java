package cinegen.app;

import cinegen.engine.diffusers.io.ModelKind;
import cinegen.engine.diffusers.io.ModelScanner;
import cinegen.engine.diffusers.io.ScannedModel;
import cinegen.engine.family.ModelFamily;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The models the studio can offer: the bundled model, every model in the user's models folders
 * ({@link ModelFolders#roots()}) and the models added by hand, each with its family and what is known of it before it
 * is loaded (from its manifest, configs and headers alone, never its weights). Files that no family of this build
 * runs are listed too, with the sentence saying why. A single-file SD checkpoint is an image model: it is offered once
 * with each motion module of the same folders. Blocking (reads headers): call it off the JavaFX thread.
 */
public final class ModelCatalog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelCatalog() {}

    /**
     * One model to choose, or a file that cannot be used.
     *
     * @param path     the model's file or folder
     * @param motion   the motion module it runs with, or null
     * @param name     what to call it in a list
     * @param family   the family that runs it ("Stable Diffusion 1.5 + AnimateDiff"), or what the file is
     * @param details  what is known before loading it (native size, kind, vocabulary); "" when nothing
     * @param reason   why it cannot be used, or null when it can
     * @param bundled  whether it is the model that ships with the studio
     */
    public record Entry(Path path, Path motion, String name, String family, String details, String reason, boolean bundled) {
        public Entry {
            Objects.requireNonNull(path, "path");
            name = Objects.requireNonNullElse(name, path.getFileName() == null ? path.toString() : path.getFileName().toString());
            family = Objects.requireNonNullElse(family, "");
            details = Objects.requireNonNullElse(details, "");
        }

        public boolean usable() { return reason == null; }

        /** The same model, whatever list it came from: its path and its motion module's. */
        public boolean sameModel(Path otherPath, Path otherMotion) {
            return same(path, otherPath) && same(motion, otherMotion);
        }

        private static boolean same(Path a, Path b) {
            if (a == null || b == null) return a == b;
            return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
        }

        @Override
        public String toString() { return name; }
    }

    /**
     * Everything to offer: the bundled model first (when there is one), then each usable model of {@code roots} and
     * {@code added} by name, then the files that cannot be used.
     */
    public static List<Entry> list(Path bundled, List<Path> roots, List<Path> added) {
        List<ScannedModel> scanned = scanAll(roots);
        List<Path> motions = motionModules(scanned);
        Map<String, Entry> usable = new LinkedHashMap<>(), unusable = new LinkedHashMap<>();
        if (bundled != null) put(usable, bundled(bundled));
        for (Path p : added) {
            for (Entry e : inspectWith(p, motions)) put(e.usable() ? usable : unusable, e);
        }
        for (ScannedModel m : scanned) {
            for (Entry e : entries(m, motions)) put(e.usable() ? usable : unusable, e);
        }
        List<Entry> out = new ArrayList<>(usable.values());
        out.addAll(unusable.values());
        return out;
    }

    private static void put(Map<String, Entry> into, Entry e) {
        String key = e.path().toAbsolutePath().normalize() + "|" + (e.motion() == null ? "" : e.motion().toAbsolutePath().normalize());
        into.putIfAbsent(key, e);
    }

    /**
     * What a file or folder the user picked is: one entry per way to run it (a checkpoint with each motion module of
     * {@code roots}), or one saying why it cannot run.
     */
    public static List<Entry> inspect(Path path, List<Path> roots) {
        return inspectWith(path, motionModules(scanAll(roots)));
    }

    private static List<ScannedModel> scanAll(List<Path> roots) {
        List<ScannedModel> scanned = new ArrayList<>();
        for (Path root : roots) {
            try {
                scanned.addAll(ModelScanner.scanFolder(root));
            } catch (IOException | RuntimeException e) {
                // an unreadable folder lists nothing; the others still do
            }
        }
        return scanned;
    }

    private static List<Entry> inspectWith(Path path, List<Path> motionModules) {
        if (!Files.exists(path)) return List.of(new Entry(path, null, null, "", "", path + " does not exist.", false));
        if (Files.isDirectory(path) && Files.isRegularFile(path.resolve("manifest.json"))) return List.of(bundled(path));
        return entries(ModelScanner.scan(path), motionModules);
    }

    /** The motion modules (files and MotionAdapter folders) among {@code scanned} that can be used. */
    public static List<Path> motionModules(List<ScannedModel> scanned) {
        return scanned.stream().filter(m -> m.usable() && (m.kind() == ModelKind.MOTION_MODULE || m.kind() == ModelKind.MOTION_ADAPTER))
                .map(ScannedModel::path).toList();
    }

    private static List<Entry> entries(ScannedModel m, List<Path> motions) {
        Path path = m.path();
        if (!m.usable()) return List.of(new Entry(path, null, null, m.family(), m.description(), sentence(m.unusableReason()), false));
        boolean model = m.kind() == ModelKind.CHECKPOINT || m.kind() == ModelKind.DIFFUSERS_PIPELINE;
        if (!model) return List.of(); // parts of a model (VAEs, LoRAs, motion modules, ...) are not models to choose
        Optional<ModelFamily> family = ModelFamilies.recognise(path);
        if (family.isEmpty()) return List.of(new Entry(path, null, null, m.family(), m.description(), sentence(ModelFamilies.whyNot(path)), false));
        String details = join(nativeSize(path), m.description());
        if (m.kind() == ModelKind.CHECKPOINT) {
            if (motions.isEmpty()) {
                return List.of(new Entry(path, null, null, family.get().displayName(), details, path.getFileName()
                        + " is an image model: put an AnimateDiff motion module (such as mm_sd_v15_v2.ckpt) in the"
                        + " animatediff_models/ folder of your models folder to make videos with it.", false));
            }
            List<Entry> out = new ArrayList<>();
            for (Path mm : motions) {
                out.add(new Entry(path, mm, baseName(path) + " + " + baseName(mm), family.get().displayName(), details, null, false));
            }
            return out;
        }
        return List.of(new Entry(path, null, baseName(path), family.get().displayName(), details, null, false));
    }

    /** The bundled-format model pack in {@code dir}: its name, native size and vocabulary from its manifest. */
    private static Entry bundled(Path dir) {
        String family = ModelFamilies.recognise(dir).map(ModelFamily::displayName).orElse("Cinegen model pack");
        try {
            JsonNode manifest = JSON.readTree(dir.resolve("manifest.json").toFile());
            String name = manifest.path("name").asText(baseName(dir));
            JsonNode a = manifest.path("architecture");
            String size = a.path("width").asInt(0) > 0 ? a.path("width").asInt() + "×" + a.path("height").asInt() + " native" : "";
            int words = manifest.path("vocabulary").size();
            String vocab = words > 0 ? "understands " + Math.max(0, words - 2) + " words" : "";
            return new Entry(dir, null, name, family, join(size, vocab), null, true);
        } catch (IOException | RuntimeException e) {
            return new Entry(dir, null, baseName(dir), family, "", dir.getFileName() + ": its manifest.json cannot be read ("
                    + e.getMessage() + ").", true);
        }
    }

    /**
     * "512×512 native" from a diffusers folder's UNet sample size and autoencoder scale; "" when it is not known
     * before loading (single files).
     */
    static String nativeSize(Path path) {
        if (!Files.isDirectory(path)) return "";
        try {
            JsonNode unet = JSON.readTree(path.resolve("unet").resolve("config.json").toFile());
            JsonNode vae = JSON.readTree(path.resolve("vae").resolve("config.json").toFile());
            JsonNode s = unet.path("sample_size");
            int side = s.isArray() ? s.get(0).asInt(0) : s.asInt(0);
            int levels = vae.path("block_out_channels").size();
            if (side <= 0 || levels <= 0) return "";
            int px = side * (1 << (levels - 1));
            return px + "×" + px + " native";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    private static String join(String a, String b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        return a + " · " + b;
    }

    private static String sentence(String s) {
        if (s == null || s.isBlank()) return "It cannot be used.";
        String t = s.strip();
        return t.endsWith(".") ? t : t + ".";
    }

    static String baseName(Path p) {
        Path n = p.toAbsolutePath().normalize().getFileName();
        String s = n == null ? p.toString() : n.toString();
        String lower = s.toLowerCase(Locale.ROOT);
        for (String e : ModelScanner.WEIGHT_EXTENSIONS) if (lower.endsWith(e)) return s.substring(0, s.length() - e.length());
        return s;
    }
}
