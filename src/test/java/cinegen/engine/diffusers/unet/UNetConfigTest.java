package cinegen.engine.diffusers.unet;

import cinegen.engine.diffusers.ConfigJson;
import cinegen.engine.diffusers.Fixtures;
import cinegen.engine.pack.ModelPackException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The UNet and motion-adapter configs: diffusers' defaults and naming quirks, and refusals that name the key. */
class UNetConfigTest {
    private static Path fixture(String name) { return Fixtures.of(name).folder; }

    @Test
    void readsTheFixtureUNet() throws Exception {
        UNet2DConditionConfig c = UNet2DConditionConfig.load(fixture("unet_motion_inpaint").resolve("unet/config.json"));
        assertEquals(9, c.inChannels());
        assertEquals(4, c.outChannels());
        assertArrayEquals(new int[] {8, 16}, c.blockOutChannels());
        assertArrayEquals(new int[] {1, 1}, c.layersPerBlock());
        assertEquals(4, c.normNumGroups());
        // "attention_head_dim": 2 with no num_attention_heads means 2 heads (diffusers' naming quirk)
        assertArrayEquals(new int[] {2, 2}, c.numAttentionHeads());
        assertArrayEquals(new int[] {32, 32}, c.crossAttentionDim());
        assertEquals("UNetMidBlock2DCrossAttn", c.midBlockType());
        assertNull(c.timeCondProjDim());
    }

    @Test
    void absentKeysTakeDiffusersDefaults() throws Exception {
        UNet2DConditionConfig c = UNet2DConditionConfig.parse("config.json", "{}");
        assertArrayEquals(new int[] {320, 640, 1280, 1280}, c.blockOutChannels());
        assertArrayEquals(new int[] {8, 8, 8, 8}, c.numAttentionHeads());
        assertArrayEquals(new int[] {2, 2, 2, 2}, c.layersPerBlock());
        assertEquals(32, c.normNumGroups());
        assertEquals(1e-5f, c.normEps());
        assertTrue(c.flipSinToCos());
        assertEquals(4, c.inChannels());
    }

    @Test
    void headsMayBeGivenPerBlockAndNumAttentionHeadsWins() throws Exception {
        UNet2DConditionConfig c = UNet2DConditionConfig.parse("config.json",
                "{\"block_out_channels\": [320, 640], \"down_block_types\": [\"CrossAttnDownBlock2D\", \"DownBlock2D\"],"
                        + " \"up_block_types\": [\"UpBlock2D\", \"CrossAttnUpBlock2D\"], \"attention_head_dim\": [5, 10],"
                        + " \"num_attention_heads\": [4, 8], \"layers_per_block\": [1, 2], \"only_cross_attention\": [true, false]}");
        assertArrayEquals(new int[] {4, 8}, c.numAttentionHeads());
        assertArrayEquals(new int[] {5, 10}, c.attentionHeadDim());
        UNetLayout layout = c.layout();
        assertArrayEquals(new int[] {8, 4}, layout.upHeads());
        assertEquals(3, layout.upLayers(0));
        assertEquals(2, layout.upLayers(1));
        assertTrue(layout.downOnlyCross()[0]);
        assertFalse(layout.upOnlyCross()[0]);
    }

    @Test
    void refusesWhatItDoesNotCompute() {
        assertRefused("{\"addition_embed_type\": \"text_time\"}", "addition_embed_type");
        assertRefused("{\"class_embed_type\": \"timestep\"}", "class_embed_type");
        assertRefused("{\"resnet_time_scale_shift\": \"scale_shift\"}", "resnet_time_scale_shift");
        assertRefused("{\"mid_block_type\": \"UNetMidBlock2DSimpleCrossAttn\"}", "mid_block_type");
        assertRefused("{\"down_block_types\": [\"AttnDownBlock2D\", \"DownBlock2D\", \"DownBlock2D\", \"DownBlock2D\"]}", "down_block_types");
        assertRefused("{\"layers_per_block\": [1, 2]}", "layers_per_block");
        assertRefused("{\"block_out_channels\": [320, 640, 1280, 1280], \"attention_head_dim\": 7}", "attention_head_dim");
        assertRefused("{\"in_channels\": \"four\"}", "in_channels");
    }

    private static void assertRefused(String json, String key) {
        ModelPackException e = assertThrows(ModelPackException.class, () -> UNet2DConditionConfig.parse("unet/config.json", json));
        assertTrue(e.getMessage().contains("unet/config.json") && e.getMessage().contains("'" + key + "'"), e.getMessage());
    }

    @Test
    void aMotionUNetConfigGivesTheSameUNetAsItsParts() throws Exception {
        Path dir = fixture("unet_motion");
        UNet2DConditionConfig fromUnet = UNet2DConditionConfig.load(dir.resolve("unet/config.json")).asMotionSpatialPart();
        ConfigJson motionJson = ConfigJson.read(dir.resolve("unet_motion/config.json"));
        UNet2DConditionConfig fromMotion = UNet2DConditionConfig.from(motionJson).asMotionSpatialPart();
        for (var component : UNetLayout.class.getRecordComponents()) {
            Object a = component.getAccessor().invoke(fromUnet.layout()), b = component.getAccessor().invoke(fromMotion.layout());
            assertTrue(java.util.Objects.deepEquals(a, b), component.getName() + " differs");
        }
        assertArrayEquals(fromUnet.numAttentionHeads(), fromMotion.numAttentionHeads());
        assertArrayEquals(fromUnet.layersPerBlock(), fromMotion.layersPerBlock());

        MotionAdapterConfig adapter = MotionAdapterConfig.load(dir.resolve("motion_adapter/config.json"));
        MotionAdapterConfig inMotion = MotionAdapterConfig.fromMotionUNet(motionJson);
        assertArrayEquals(adapter.motionNumAttentionHeads(), inMotion.motionNumAttentionHeads());
        assertEquals(adapter.motionMaxSeqLength(), inMotion.motionMaxSeqLength());
        assertEquals(adapter.useMotionMidBlock(), inMotion.useMotionMidBlock());
        assertTrue(adapter.useMotionMidBlock());
        assertFalse(MotionAdapterConfig.load(fixture("unet_motion_inpaint").resolve("motion_adapter/config.json")).useMotionMidBlock());
    }

    @Test
    void unet3dHeadsAreChannelsOverHeadWidth() throws Exception {
        UNet3DConditionConfig c = UNet3DConditionConfig.load(fixture("unet_3d").resolve("config.json"));
        assertArrayEquals(new int[] {12, 24}, c.blockOutChannels());
        assertArrayEquals(new int[] {4, 4}, c.attentionHeadDim());
        assertArrayEquals(new int[] {3, 6}, c.layout().downHeads());
        assertEquals(6, c.layout().midHeads());
        ModelPackException e = assertThrows(ModelPackException.class,
                () -> UNet3DConditionConfig.parse("unet/config.json", "{\"num_attention_heads\": 8}"));
        assertTrue(e.getMessage().contains("'num_attention_heads'"), e.getMessage());
    }
}
