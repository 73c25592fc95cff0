package cinegen.engine.family.bundled;

import cinegen.engine.pack.*;

import ai.djl.Device;
import cinegen.engine.family.bundled.net.DenoiserConfig;
import cinegen.engine.testing.TinyPack;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A broken model pack is refused with a message naming the file and the problem, never a raw DJL exception. */
class ModelPackTest {
    @TempDir Path dir;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path pack() throws Exception { return TinyPack.create(dir.resolve("pack"), 1); }

    private String failure(Path pack) {
        ModelPackException e = assertThrows(ModelPackException.class, () -> VideoModel.load(ModelPack.open(pack), Device.cpu()).close());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
        return e.getMessage();
    }

    private void editManifest(Path pack, Consumer<ObjectNode> edit) throws Exception {
        ObjectNode m = (ObjectNode) JSON.readTree(pack.resolve("manifest.json").toFile());
        edit.accept(m);
        JSON.writeValue(pack.resolve("manifest.json").toFile(), m);
    }

    @Test
    void aValidPackLoadsAndHasAStableHash() throws Exception {
        Path p = pack();
        try (VideoModel m = VideoModel.load(ModelPack.open(p), Device.cpu())) {
            assertEquals(64, m.hash().length());
            assertEquals(ModelPack.open(p).contentHash(), m.hash());
        }
    }

    @Test
    void missingWeightFileIsNamed() throws Exception {
        Path p = pack();
        Files.delete(p.resolve("denoiser.safetensors"));
        String msg = failure(p);
        assertTrue(msg.contains("denoiser.safetensors") && msg.contains("missing"), msg);
    }

    @Test
    void missingManifestIsNamed() throws Exception {
        Path p = pack();
        Files.delete(p.resolve("manifest.json"));
        assertTrue(failure(p).contains("manifest.json"));
    }

    @Test
    void newerFormatVersionIsRefused() throws Exception {
        Path p = pack();
        editManifest(p, m -> m.put("formatVersion", 99));
        String msg = failure(p);
        assertTrue(msg.contains("99") && msg.contains("newer"), msg);
    }

    @Test
    void wrongShapeNamesTheTensor() throws Exception {
        Path p = pack();
        editManifest(p, m -> ((ObjectNode) m.get("architecture")).putArray("denoiserChannels").add(16).add(32).add(32));
        String msg = failure(p);
        assertTrue(msg.contains("shape") && msg.contains("'"), msg);
    }

    @Test
    void noiseFrameCorrelationIsReadFromTheScheduleAndChecked() throws Exception {
        Path p = pack();
        assertEquals(0.0, ModelPack.open(p).schedule().frameCorrelation(), "absent means plain noise");
        String written = Files.readString(p.resolve("manifest.json"));
        assertFalse(written.contains("frameCorrelation") || written.contains("midTemporalLayers") || written.contains("learnedResampling"), "unused options are not written as null");
        editManifest(p, m -> ((ObjectNode) m.get("schedule")).put("frameCorrelation", 0.3));
        assertEquals(0.3, ModelPack.open(p).schedule().frameCorrelation(), 1e-12);
        editManifest(p, m -> ((ObjectNode) m.get("schedule")).put("frameCorrelation", 1.5));
        String msg = assertThrows(ModelPackException.class, () -> ModelPack.open(p)).getMessage();
        assertTrue(msg.contains("correlation") && msg.contains("1.5"), msg);
    }

    /** The bundled pack's manifest reads back as the bundled architecture's denoiser, option for option. */
    @Test
    void theBundledManifestDescribesTheBundledDenoiser() throws Exception {
        assertSameDenoiser(Architecture.bundled().denoiser(), ModelPack.open(Path.of("assets/models/bundled")).architecture().denoiser());
    }

    /** A manifest naming no denoiser option means the builder's defaults: one temporal layer, every option off. */
    @Test
    void aManifestWithoutOptionsIsTheBuildersDefaults() throws Exception {
        Path p = pack();
        editManifest(p, m -> ((ObjectNode) m.get("architecture")).remove("temporalLayers"));
        var d = ModelPack.open(p).architecture().denoiser();
        assertSameDenoiser(DenoiserConfig.builder(d.latentChannels(), d.channels(), d.textDim(), d.heads(), d.embDim()).build(), d);
        assertEquals(1, d.temporalLayers());
    }

    private static void assertSameDenoiser(DenoiserConfig expected, DenoiserConfig actual) {
        assertEquals(expected.latentChannels(), actual.latentChannels());
        assertArrayEquals(expected.channels(), actual.channels());
        assertEquals(List.of(expected.textDim(), expected.heads(), expected.embDim(), expected.temporalLayers(), expected.midTemporalLayers()),
                List.of(actual.textDim(), actual.heads(), actual.embDim(), actual.temporalLayers(), actual.midTemporalLayers()));
        assertEquals(List.of(expected.learnedResampling(), expected.frameConditioning(), expected.spaceTimeAttention(), expected.motionBias(),
                        expected.coordinates(), expected.layout(), expected.silhouette()),
                List.of(actual.learnedResampling(), actual.frameConditioning(), actual.spaceTimeAttention(), actual.motionBias(),
                        actual.coordinates(), actual.layout(), actual.silhouette()));
    }

    @Test
    void truncatedWeightsAreCorrupt() throws Exception {
        Path p = pack();
        Path f = p.resolve("text_encoder.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(raf.length() / 2);
        }
        String msg = failure(p);
        assertTrue(msg.contains("text_encoder.safetensors") && (msg.contains("truncated") || msg.contains("outside")), msg);
    }

    @Test
    void nanWeightsAreCorrupt() throws Exception {
        Path p = pack();
        Map<String, SafeTensors.Tensor> t = new LinkedHashMap<>(SafeTensors.read(p.resolve("text_encoder.safetensors")));
        String first = t.keySet().iterator().next();
        float[] d = t.get(first).data().clone();
        d[0] = Float.NaN;
        t.put(first, new SafeTensors.Tensor(t.get(first).shape(), d));
        SafeTensors.write(p.resolve("text_encoder.safetensors"), t, SafeTensors.DType.F32);
        assertTrue(failure(p).contains("NaN"));
    }

    @Test
    void garbageIsNotASafetensorsFile() throws Exception {
        Path p = pack();
        Files.writeString(p.resolve("autoencoder.safetensors"), "hello, not weights");
        assertTrue(failure(p).contains("autoencoder.safetensors"));
    }

    @Test
    void invalidJsonGivesTheLine() throws Exception {
        Path p = pack();
        Files.writeString(p.resolve("manifest.json"), "{\n \"format\": \"cinegen-model-pack\",\n oops\n}");
        String msg = failure(p);
        assertTrue(msg.contains("manifest.json") && msg.contains("line 3"), msg);
    }

    @Test
    void aFileOutsideThePackIsRefused() throws Exception {
        Path p = pack();
        editManifest(p, m -> ((ObjectNode) m.get("files")).put("denoiser", "../elsewhere.safetensors"));
        assertTrue(failure(p).contains("outside"));
    }

    @Test
    void thePackRecordsTheBetasOfItsSchedule() throws Exception {
        var linear = cinegen.engine.schedule.NoiseSchedule.linear(1000, 0.0001, 0.02);
        Path p = cinegen.engine.testing.TinyPack.createWithSchedule(dir.resolve("linear"), 2, linear);
        Manifest m = ModelPack.open(p).manifest();
        assertEquals(0.0001, m.schedule().betaStart(), 0);
        assertEquals(0.02, m.schedule().betaEnd(), 0);
        assertEquals(linear.alphaBar(500), ModelPack.open(p).schedule().alphaBar(500), 0, "read back as written");
        Manifest cosine = ModelPack.open(cinegen.engine.testing.TinyPack.create(dir.resolve("cosine"), 2)).manifest();
        assertNull(cosine.schedule().betaStart(), "a cosine schedule has no beta range");
    }
}
