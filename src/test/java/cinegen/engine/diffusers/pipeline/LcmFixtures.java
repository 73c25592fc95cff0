package cinegen.engine.diffusers.pipeline;

import cinegen.engine.diffusers.Fixtures;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A tiny random LCM-distilled AnimateDiff folder: the parity fixture's UNet config with a guidance embedding
 * ({@code time_cond_proj_dim}), its motion adapter, VAE and text encoder configs, and AnimateLCM's LCMScheduler config;
 * every weight random (from {@link RandomModels}), so the cond_proj projection is there with the config's width.
 */
public final class LcmFixtures {
    private LcmFixtures() {}

    public static final int COND_DIM = 32;

    /** The fixture's unet/config.json with {@code time_cond_proj_dim} set to {@code dim}. */
    public static String unetConfig(int dim) throws Exception {
        String unet = Files.readString(Fixtures.ROOT.resolve("unet_motion/unet/config.json"));
        String lcm = unet.replace("\"time_cond_proj_dim\": null", "\"time_cond_proj_dim\": " + dim);
        if (lcm.equals(unet)) throw new IllegalStateException("the fixture's UNet config has no \"time_cond_proj_dim\": null to set");
        return lcm;
    }

    public static Path write(Path dir, long seed) throws Exception {
        Path root = Fixtures.ROOT;
        RandomModels.writeAnimateDiff(dir, seed, new RandomModels.AnimateDiffConfigs(unetConfig(COND_DIM),
                Files.readString(root.resolve("unet_motion/motion_adapter/config.json")),
                Files.readString(root.resolve("pipeline_animatediff/vae/config.json")),
                Files.readString(root.resolve("pipeline_animatediff/text_encoder/config.json")),
                Files.readString(root.resolve("schedulers/lcm_animatelcm/scheduler_config.json"))), m -> { });
        return dir;
    }
}
