package cinegen.engine.diffusers.vae;

import cinegen.engine.diffusers.Fixtures;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Parity with diffusers 0.31 AutoencoderKL on the tiny random-weight fixture src/test/resources/diffusers/vae. */
class AutoencoderKLParityTest {
    private static Fixtures fx;

    @BeforeAll
    static void fixture() throws Exception { fx = new Fixtures("vae"); }

    @Test
    void encodeGivesTheLatentDistribution() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoencoderKL vae = AutoencoderKL.load(fx.folder, m);
            try (NDManager step = m.newSubManager()) {
                NDArray x = fx.input(step, "encode", "x");
                Map<String, NDArray> trace = new HashMap<>();
                NDArray moments = vae.moments(x, trace);
                fx.check("encode", "debug_encoder_out", trace.get("encoder_out"));
                fx.check("encode", "debug_moments", moments);
                LatentDistribution d = vae.encode(x);
                fx.check("encode", "latent_dist_mean", d.mean());
                fx.check("encode", "latent_dist_std", d.std());
                fx.check("encode", "latent_dist_logvar", d.logvar());
            }
        }
    }

    @Test
    void decodeGivesTheImage() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoencoderKL vae = AutoencoderKL.load(fx.folder, m);
            try (NDManager step = m.newSubManager()) {
                NDArray z = fx.input(step, "decode", "z");
                Map<String, NDArray> trace = new HashMap<>();
                NDArray traced = vae.decodeTile(z, false, trace);
                fx.check("decode", "debug_post_quant_conv", trace.get("post_quant_conv"));
                fx.check("decode", "debug_decoder.conv_in", trace.get("decoder.conv_in"));
                fx.check("decode", "debug_decoder.mid_block", trace.get("decoder.mid_block"));
                fx.check("decode", "sample", traced);
                fx.check("decode", "sample", vae.decode(z));
                assertEquals(2, z.getShape().get(0), "the caller's latents stay open");
            }
        }
    }

    @Test
    void decodeScaledDividesByTheScalingFactor() throws Exception {
        try (NDManager m = NDManager.newBaseManager()) {
            AutoencoderKL vae = AutoencoderKL.load(fx.folder, m);
            try (NDManager step = m.newSubManager()) {
                NDArray latents = fx.input(step, "decode_scaled_latent", "latents");
                fx.check("decode_scaled_latent", "sample", vae.decodeScaled(latents, 2, null));
                // one frame at a time gives the same frames
                fx.check("decode_scaled_latent", "sample", vae.decodeScaled(latents, 1, null));
            }
        }
    }
}
