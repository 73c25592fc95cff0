package cinegen.engine.diffusers.pipeline;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import cinegen.engine.diffusers.Params;
import cinegen.engine.diffusers.io.LoraFile;
import cinegen.engine.diffusers.io.ModelFileException;
import cinegen.engine.diffusers.io.UnetLayout;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a style file into the deltas {@link DiffusersStyles} blends: a LoRA (kohya or diffusers/PEFT names; Δ =
 * up·down·alpha/rank), or a second model of the same architecture as a diffusers folder (Δ = its UNet image layers
 * and text encoder minus the base's; the motion modules stay the base's).
 */
final class StyleSources {
    private StyleSources() {}

    /** Registers the file as a style of {@code model} and returns the style's name (the file's name without extension). */
    static String add(DiffusersVideoModel model, Path file) throws ModelPackException {
        String name = nameOf(file);
        read(model, file, name);
        model.rememberStyleFile(name, file);
        return name;
    }

    /** Names the file as a style now and reads it when a mix first uses it; returns the style's name. */
    static String addLater(DiffusersVideoModel model, Path file) {
        String name = nameOf(file);
        model.parts().styles().addLater(name, styles -> read(model, file, name));
        model.rememberStyleFile(name, file);
        return name;
    }

    static String nameOf(Path file) {
        return file.getFileName().toString().replaceFirst("\\.(safetensors|ckpt|pt|pth|bin)$", "").toLowerCase(Locale.ROOT);
    }

    private static void read(DiffusersVideoModel model, Path file, String name) throws ModelPackException {
        if (!Files.exists(file)) throw new ModelPackException(file + " does not exist");
        DiffusersVideoModel.Parts parts = model.parts();
        Params unet = DiffusersFolder.unetParams(parts.denoiser()), text = parts.textEncoder().weights();
        Map<String, NDArray> unetDeltas = new LinkedHashMap<>(), textDeltas = new LinkedHashMap<>();
        NDManager m = parts.manager();
        if (Files.isDirectory(file)) {
            if (DiffusersFolder.pipelineClassOf(file) == null) throw new ModelPackException(file + " is neither a LoRA nor a diffusers model folder");
            DiffusersFolder other = DiffusersFolder.open(file);
            try (NDManager tmp = m.newSubManager()) {
                checkpointDeltas(Params.load(weightFile(other.component("unet"), "diffusion_pytorch_model"), tmp), unet, unetDeltas, file, m);
                Params otherText = Params.load(weightFile(other.component("text_encoder"), "model"), tmp);
                if (otherText.has("text_model.embeddings.token_embedding.weight")) otherText = otherText.at("text_model");
                checkpointDeltas(otherText, text, textDeltas, file, m);
            }
        } else if (cinegen.engine.diffusers.io.ModelScanner.scan(file).kind() == cinegen.engine.diffusers.io.ModelKind.CHECKPOINT) {
            if (model.styleCheckpointReader() == null) throw new ModelPackException(parts.name() + " cannot take a checkpoint file as a style");
            try (NDManager tmp = m.newSubManager()) {
                cinegen.engine.diffusers.Params[] other = model.styleCheckpointReader().read(file, tmp);
                checkpointDeltas(other[0], unet, unetDeltas, file, m);
                checkpointDeltas(other[1], text, textDeltas, file, m);
            }
        } else {
            try (LoraFile lora = LoraFile.open(file, parts.unetLayout())) {
                if (lora.inspection().unusableReason() != null) throw new ModelPackException(file.getFileName() + ": " + lora.inspection().unusableReason());
                for (LoraFile.Entry e : lora.entries()) {
                    boolean te = e.component() == LoraFile.Component.TEXT_ENCODER;
                    Params store = te ? text : unet;
                    String key = te && !store.has(e.target()) ? e.target().replaceFirst("^text_model\\.", "") : e.target();
                    if (!store.has(key)) {
                        throw new ModelPackException(file.getFileName() + " changes '" + e.target() + "', which " + parts.name()
                                + " does not have: it was made for another model");
                    }
                    NDArray d = lora.delta(e, store.get(key).getShape().getShape(), m);
                    (te ? textDeltas : unetDeltas).merge(key, d, (a, b) -> { NDArray s = a.add(b); a.close(); b.close(); return s; });
                }
            } catch (ModelFileException e) {
                throw new ModelPackException(e.getMessage());
            }
        }
        parts.styles().add(name, unetDeltas, textDeltas);
    }

    private static Path weightFile(Path folder, String stem) throws ModelPackException {
        for (String s : new String[] {".safetensors", ".fp16.safetensors"}) {
            Path p = folder.resolve(stem + s);
            if (Files.isRegularFile(p)) return p;
        }
        throw new ModelPackException(folder + " has no " + stem + ".safetensors");
    }

    private static void checkpointDeltas(Params other, Params base, Map<String, NDArray> out, Path file, NDManager m) throws ModelPackException {
        int matched = 0;
        for (String key : other.keys()) {
            String local = key.startsWith(other.key("")) ? key.substring(other.key("").length()) : key;
            if (local.contains("motion_modules") || !base.has(local)) continue;
            NDArray b = base.get(local), s = other.get(local);
            if (!b.getShape().equals(s.getShape())) {
                throw new ModelPackException(file.getFileName() + ": '" + local + "' has shape " + s.getShape() + ", the base's " + b.getShape()
                        + "; a style checkpoint must have the base's architecture");
            }
            NDArray d = s.sub(b);
            d.attach(m);
            out.put(local, d);
            matched++;
        }
        if (matched == 0) throw new ModelPackException(file.getFileName() + " shares no weight with the base model");
    }
}
