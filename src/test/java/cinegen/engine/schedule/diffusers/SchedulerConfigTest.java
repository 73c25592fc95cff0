package cinegen.engine.schedule.diffusers;

import cinegen.engine.schedule.NoiseSchedule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing, class defaults, from_config semantics and refusals of {@link SchedulerConfig}. */
class SchedulerConfigTest {
    private static final SchedulerFixtures FIXTURE = SchedulerFixtures.get();

    /** The getters a saved config must agree on, by name. */
    private static final Map<String, Function<SchedulerConfig, Object>> GETTERS = new HashMap<>();

    static {
        GETTERS.put("num_train_timesteps", SchedulerConfig::numTrainTimesteps);
        GETTERS.put("beta_start", SchedulerConfig::betaStart);
        GETTERS.put("beta_end", SchedulerConfig::betaEnd);
        GETTERS.put("beta_schedule", SchedulerConfig::betaSchedule);
        GETTERS.put("prediction_type", SchedulerConfig::predictionType);
        GETTERS.put("timestep_spacing", SchedulerConfig::timestepSpacing);
        GETTERS.put("steps_offset", SchedulerConfig::stepsOffset);
        GETTERS.put("set_alpha_to_one", SchedulerConfig::setAlphaToOne);
        GETTERS.put("clip_sample", SchedulerConfig::clipSample);
        GETTERS.put("clip_sample_range", SchedulerConfig::clipSampleRange);
        GETTERS.put("thresholding", SchedulerConfig::thresholding);
        GETTERS.put("rescale_betas_zero_snr", SchedulerConfig::rescaleBetasZeroSnr);
        GETTERS.put("use_karras_sigmas", SchedulerConfig::useKarrasSigmas);
        GETTERS.put("use_exponential_sigmas", SchedulerConfig::useExponentialSigmas);
        GETTERS.put("use_beta_sigmas", SchedulerConfig::useBetaSigmas);
        GETTERS.put("use_lu_lambdas", SchedulerConfig::useLuLambdas);
        GETTERS.put("final_sigmas_type", SchedulerConfig::finalSigmasType);
        GETTERS.put("lower_order_final", SchedulerConfig::lowerOrderFinal);
        GETTERS.put("euler_at_final", SchedulerConfig::eulerAtFinal);
        GETTERS.put("algorithm_type", SchedulerConfig::algorithmType);
        GETTERS.put("solver_order", SchedulerConfig::solverOrder);
        GETTERS.put("solver_type", SchedulerConfig::solverType);
        GETTERS.put("lambda_min_clipped", SchedulerConfig::lambdaMinClipped);
        GETTERS.put("variance_type", SchedulerConfig::varianceType);
        GETTERS.put("original_inference_steps", SchedulerConfig::originalInferenceSteps);
        GETTERS.put("timestep_scaling", SchedulerConfig::timestepScaling);
        GETTERS.put("interpolation_type", SchedulerConfig::interpolationType);
        GETTERS.put("timestep_type", SchedulerConfig::timestepType);
        GETTERS.put("sigma_min", SchedulerConfig::sigmaMin);
        GETTERS.put("sigma_max", SchedulerConfig::sigmaMax);
    }

    private static SchedulerConfig fixtureConfig(String folder) throws Exception { return FIXTURE.config(folder + ".x"); }

    /** Every key the saved file has reads the same from {@code derived} (defaults included). */
    private static void assertSameKeys(SchedulerConfig saved, SchedulerConfig derived, List<String> keys) {
        for (String key : keys) {
            assertTrue(saved.has(key) || key.equals("variance_type") || key.startsWith("sigma_m"), saved + " lacks " + key);
            assertEquals(GETTERS.get(key).apply(saved), GETTERS.get(key).apply(derived), key + " of " + derived.className());
        }
    }

    @Test
    void dpmSolverDefaultsAreThoseDiffusersSaved() throws Exception {
        // dpmpp_2m is DPMSolverMultistepScheduler from the SD 1.5 config: SD's betas and steps_offset, defaults otherwise
        SchedulerConfig derived = SchedulerConfig.defaults(SchedulerConfig.DPM_SOLVER_MULTISTEP).withOverrides(Map.of(
                "beta_schedule", "scaled_linear", "beta_start", 0.00085, "beta_end", 0.012, "steps_offset", 1));
        assertSameKeys(fixtureConfig("dpmpp_2m"), derived, List.of("num_train_timesteps", "beta_start", "beta_end", "beta_schedule",
                "prediction_type", "timestep_spacing", "steps_offset", "thresholding", "rescale_betas_zero_snr", "use_karras_sigmas",
                "use_exponential_sigmas", "use_beta_sigmas", "use_lu_lambdas", "final_sigmas_type", "lower_order_final",
                "euler_at_final", "algorithm_type", "solver_order", "solver_type", "lambda_min_clipped", "variance_type"));
    }

    @Test
    void eulerDefaultsAreThoseDiffusersSaved() throws Exception {
        Map<String, Object> sd = Map.of("beta_schedule", "scaled_linear", "beta_start", 0.00085, "beta_end", 0.012, "steps_offset", 1);
        assertSameKeys(fixtureConfig("euler_linspace"), SchedulerConfig.defaults(SchedulerConfig.EULER).withOverrides(sd),
                List.of("num_train_timesteps", "prediction_type", "timestep_spacing", "rescale_betas_zero_snr", "use_karras_sigmas",
                        "use_exponential_sigmas", "use_beta_sigmas", "final_sigmas_type", "interpolation_type", "timestep_type",
                        "sigma_min", "sigma_max"));
        assertSameKeys(fixtureConfig("euler_ancestral"), SchedulerConfig.defaults(SchedulerConfig.EULER_ANCESTRAL).withOverrides(sd),
                List.of("num_train_timesteps", "prediction_type", "timestep_spacing", "rescale_betas_zero_snr"));
    }

    @Test
    void lcmFromAnSdConfigIsTheAnimateLcmFixture() throws Exception {
        // AnimateLCM: LCMScheduler.from_config(<SD 1.5 scheduler config>, beta_schedule="linear")
        SchedulerConfig derived = fixtureConfig("ddim_leading_epsilon").withClassName(SchedulerConfig.LCM)
                .withOverrides(Map.of("beta_schedule", "linear"));
        SchedulerConfig saved = fixtureConfig("lcm_animatelcm");
        assertSameKeys(saved, derived, List.of("num_train_timesteps", "beta_start", "beta_end", "beta_schedule", "prediction_type",
                "timestep_spacing", "steps_offset", "set_alpha_to_one", "clip_sample", "clip_sample_range", "thresholding",
                "rescale_betas_zero_snr", "original_inference_steps", "timestep_scaling"));
        DiffusersScheduler lcm = DiffusersScheduler.create(derived);
        assertTrue(lcm instanceof LcmScheduler);
        assertArrayEquals(FIXTURE.tensor("lcm_animatelcm.alphas_cumprod").data(), lcm.alphasCumprod());
        for (int n : new int[] {4, 10, 25}) {
            lcm.setTimesteps(n);
            float[] want = FIXTURE.tensor("lcm_animatelcm.set_timesteps_" + n + ".out.timesteps").data();
            double[] got = lcm.timesteps();
            assertEquals(want.length, got.length);
            for (int i = 0; i < want.length; i++) assertEquals(want[i], got[i], 0.0, "n = " + n + " step " + i);
        }
    }

    @Test
    void classChangeKeepsKeysAndDefaultsTheRest() throws Exception {
        SchedulerConfig euler = fixtureConfig("euler_karras_v_prediction");
        SchedulerConfig ddim = euler.withClassName(SchedulerConfig.DDIM);
        assertEquals(Prediction.V_PREDICTION, ddim.predictionType());
        assertEquals(SchedulerConfig.TimestepSpacing.LINSPACE, ddim.timestepSpacing());
        assertTrue(ddim.clipSample(), "DDIM's own default (clip_sample true) applies where the Euler config has no key");
        assertTrue(ddim.setAlphaToOne());
        assertEquals(SchedulerConfig.DDIM, DiffusersScheduler.create(ddim).config().className());
        // a scheduler constructed directly from another class's config reads it as from_config does
        DdimScheduler direct = new DdimScheduler(euler);
        assertEquals(SchedulerConfig.DDIM, direct.config().className());
        assertArrayEquals(DiffusersScheduler.create(euler).alphasCumprod(), direct.alphasCumprod());

        SchedulerConfig ddimDefaults = SchedulerConfig.defaults(SchedulerConfig.DDIM);
        assertEquals(SchedulerConfig.TimestepSpacing.LEADING, ddimDefaults.timestepSpacing());
        assertEquals(SchedulerConfig.TimestepSpacing.LINSPACE, ddimDefaults.withClassName(SchedulerConfig.EULER).timestepSpacing());
        assertEquals(SchedulerConfig.BetaSchedule.SCALED_LINEAR, SchedulerConfig.defaults(SchedulerConfig.LCM).betaSchedule());
        assertEquals(SchedulerConfig.BetaSchedule.LINEAR, ddimDefaults.betaSchedule());
    }

    @Test
    void overridesReplaceAndNullRemoves() throws Exception {
        SchedulerConfig c = fixtureConfig("dpmpp_2m").withOverrides(Map.of("use_karras_sigmas", true, "_class_name", SchedulerConfig.EULER));
        assertEquals(SchedulerConfig.EULER, c.className());
        assertTrue(c.useKarrasSigmas());
        Map<String, Object> remove = new HashMap<>();
        remove.put("steps_offset", null);
        assertEquals(0, c.withOverrides(remove).stepsOffset());
        assertFalse(c.withOverrides(remove).has("steps_offset"));
        assertEquals(Double.NEGATIVE_INFINITY, fixtureConfig("dpmpp_2m").lambdaMinClipped(), "-Infinity as diffusers writes it");
        SchedulerConfig roundTrip = SchedulerConfig.parse(c.toJson(), "round trip");
        assertEquals(c.className(), roundTrip.className());
        assertTrue(roundTrip.useKarrasSigmas());
        assertEquals(Double.NEGATIVE_INFINITY, roundTrip.lambdaMinClipped());
    }

    @Test
    void trainedBetasAndCosineSchedule() {
        double[] betas = new double[10];
        for (int i = 0; i < 10; i++) betas[i] = 0.01 * (i + 1);
        DdimScheduler trained = new DdimScheduler(SchedulerConfig.defaults(SchedulerConfig.DDIM)
                .withOverrides(Map.of("trained_betas", betas, "num_train_timesteps", 10)));
        float[] table = trained.alphasCumprod();
        double acc = 1;
        for (int i = 0; i < 10; i++) {
            acc *= 1 - (float) betas[i];
            assertEquals(acc, table[i], 1e-7);
        }
        assertMessage(() -> new DdimScheduler(SchedulerConfig.defaults(SchedulerConfig.DDIM).withOverrides(Map.of("trained_betas", betas))),
                "trained_betas");

        float[] cosine = new DdimScheduler(SchedulerConfig.defaults(SchedulerConfig.DDIM)
                .withOverrides(Map.of("beta_schedule", "squaredcos_cap_v2"))).alphasCumprod();
        NoiseSchedule reference = NoiseSchedule.cosine(1000);
        for (int t = 0; t < 1000; t += 37) assertEquals(reference.alphaBar(t), cosine[t], 2e-6 * Math.max(1e-3, reference.alphaBar(t)) + 1e-9);
    }

    @Test
    void zeroTerminalSnrRescale() {
        Map<String, Object> keys = Map.of("beta_schedule", "scaled_linear", "beta_start", 0.00085, "beta_end", 0.012,
                "rescale_betas_zero_snr", true, "prediction_type", "v_prediction");
        float[] plain = new DdimScheduler(SchedulerConfig.defaults(SchedulerConfig.DDIM)
                .withOverrides(Map.of("beta_schedule", "scaled_linear", "beta_start", 0.00085, "beta_end", 0.012))).alphasCumprod();
        float[] ddim = new DdimScheduler(SchedulerConfig.defaults(SchedulerConfig.DDIM).withOverrides(keys)).alphasCumprod();
        assertEquals(0f, ddim[999], "zero SNR at the last training step");
        assertEquals(plain[0], ddim[0], 1e-6);
        EulerDiscreteScheduler euler = new EulerDiscreteScheduler(SchedulerConfig.defaults(SchedulerConfig.EULER).withOverrides(keys));
        assertEquals(0x1p-24f, euler.alphasCumprod()[999], "Euler keeps the last sigma finite");
        euler.setTimesteps(10);
        assertTrue(Float.isFinite(euler.sigmas()[0]) && euler.sigmas()[0] > 1000);
    }

    private static void assertMessage(Executable e, String... words) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String w : words) assertTrue(ex.getMessage().contains(w), "message \"" + ex.getMessage() + "\" should mention " + w);
    }

    @Test
    void badConfigsAreRefusedWithAMessage() {
        assertMessage(() -> SchedulerConfig.parse("{\"beta_start\": 0.1}", "a.json"), "a.json", "_class_name");
        // SD 1.5 ships a PNDMScheduler config: it reads, cannot make a scheduler, and converts by class name
        SchedulerConfig pndm = SchedulerConfig.parse("{\"_class_name\": \"PNDMScheduler\", \"beta_schedule\": \"scaled_linear\", " +
                "\"skip_prk_steps\": true, \"steps_offset\": 1}", "b.json");
        assertMessage(() -> DiffusersScheduler.create(pndm), "b.json", "PNDMScheduler", "withClassName");
        assertEquals(1, DiffusersScheduler.create(pndm.withClassName(SchedulerConfig.DDIM)).config().stepsOffset());
        assertMessage(() -> pndm.withClassName("KDPM2DiscreteScheduler"), "KDPM2DiscreteScheduler");
        assertMessage(() -> SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\"", "c.json"), "c.json", "JSON");
        SchedulerConfig typo = SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\", \"num_train_timesteps\": \"many\"}", "d.json");
        assertMessage(() -> new DdimScheduler(typo), "d.json", "num_train_timesteps");
        SchedulerConfig spacing = SchedulerConfig.parse("{\"_class_name\": \"DDIMScheduler\", \"timestep_spacing\": \"even\"}", "e.json");
        assertMessage(() -> new DdimScheduler(spacing).setTimesteps(4), "e.json", "timestep_spacing", "even");
        SchedulerConfig ddim = SchedulerConfig.defaults(SchedulerConfig.DDIM);
        assertMessage(() -> new DdimScheduler(ddim.withOverrides(Map.of("thresholding", true))), "thresholding");
        assertMessage(() -> new LcmScheduler(ddim.withOverrides(Map.of("thresholding", true))), "thresholding");
        assertMessage(() -> new DdimScheduler(ddim.withOverrides(Map.of("prediction_type", "flow"))), "prediction_type", "flow");
        SchedulerConfig dpm = SchedulerConfig.defaults(SchedulerConfig.DPM_SOLVER_MULTISTEP);
        assertMessage(() -> new DpmSolverMultistepScheduler(dpm.withOverrides(Map.of("algorithm_type", "sde-dpmsolver++"))),
                "algorithm_type", "sde-dpmsolver++", "dpmsolver++");
        assertMessage(() -> new DpmSolverMultistepScheduler(dpm.withOverrides(Map.of("algorithm_type", "dpmsolver"))), "algorithm_type");
        assertMessage(() -> new DpmSolverMultistepScheduler(dpm.withOverrides(Map.of("solver_order", 3))), "solver_order");
        assertMessage(() -> new DpmSolverMultistepScheduler(dpm.withOverrides(Map.of("variance_type", "learned_range"))), "variance_type");
        assertMessage(() -> new DpmSolverMultistepScheduler(dpm.withOverrides(Map.of("use_lu_lambdas", true))), "use_lu_lambdas");
        SchedulerConfig euler = SchedulerConfig.defaults(SchedulerConfig.EULER);
        assertMessage(() -> new EulerDiscreteScheduler(euler.withOverrides(Map.of("interpolation_type", "log_linear"))), "interpolation_type");
        assertMessage(() -> new EulerDiscreteScheduler(euler.withOverrides(Map.of("final_sigmas_type", "one"))), "final_sigmas_type");
        assertMessage(() -> new EulerAncestralDiscreteScheduler(euler.withOverrides(Map.of("prediction_type", "sample"))), "sample");
    }
}
