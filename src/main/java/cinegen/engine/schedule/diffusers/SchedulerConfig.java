package cinegen.engine.schedule.diffusers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A diffusers {@code scheduler_config.json}: the keys as written, read through typed getters that fall back to the
 * defaults of the scheduler class in {@link #className()} (diffusers 0.31's constructor defaults). Like diffusers'
 * {@code XScheduler.from_config(other.config)}, {@link #withClassName} keeps every key and changes only the class:
 * keys the new class does not know are ignored, keys it knows but the file lacks take the new class's defaults
 * (so DDIM made from an Euler config clips samples, as in diffusers, unless {@code clip_sample} says otherwise).
 */
public final class SchedulerConfig {
    public static final String DDIM = "DDIMScheduler";
    public static final String EULER = "EulerDiscreteScheduler";
    public static final String EULER_ANCESTRAL = "EulerAncestralDiscreteScheduler";
    public static final String DPM_SOLVER_MULTISTEP = "DPMSolverMultistepScheduler";
    public static final String LCM = "LCMScheduler";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS) // diffusers writes lambda_min_clipped as -Infinity
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)     // and so does toJson, as Python's json does
            .build();

    public enum BetaSchedule { LINEAR, SCALED_LINEAR, SQUAREDCOS_CAP_V2 }

    public enum TimestepSpacing { LEADING, TRAILING, LINSPACE }

    public enum FinalSigmas { ZERO, SIGMA_MIN }

    private final String className;
    private final Map<String, JsonNode> keys;
    private final String source;

    private SchedulerConfig(String className, Map<String, JsonNode> keys, String source) {
        this.className = className;
        this.keys = keys;
        this.source = source;
    }

    /**
     * Reads a scheduler_config.json; its {@code _class_name} picks the scheduler. A class this package does not
     * implement (SD 1.5 ships PNDMScheduler) is read all the same, for {@link #withClassName}.
     */
    public static SchedulerConfig load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** Parses the text of a scheduler config; {@code source} names it in error messages. */
    public static SchedulerConfig parse(String json, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not valid JSON (" + e.getOriginalMessage() + ")", e);
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException(source + ": a scheduler config must be a JSON object");
        Map<String, JsonNode> keys = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> keys.put(e.getKey(), e.getValue()));
        JsonNode cls = keys.remove("_class_name");
        if (cls == null || !cls.isTextual()) throw new IllegalArgumentException(source + ": missing \"_class_name\" (which scheduler the config is for)");
        return new SchedulerConfig(cls.asText(), keys, source);
    }

    /** A config with every key at the defaults of {@code className}. */
    public static SchedulerConfig defaults(String className) {
        return new SchedulerConfig(checkClass(className, "defaults"), new LinkedHashMap<>(), className + " defaults");
    }

    /** Whether {@code className} is one of the schedulers this package implements. */
    public static boolean isSupported(String className) {
        return switch (className) {
            case DDIM, EULER, EULER_ANCESTRAL, DPM_SOLVER_MULTISTEP, LCM -> true;
            default -> false;
        };
    }

    static String checkClass(String name, String source) {
        if (!isSupported(name)) {
            throw new IllegalArgumentException(source + ": scheduler class \"" + name + "\" is not supported (" +
                    String.join(", ", DDIM, EULER, EULER_ANCESTRAL, DPM_SOLVER_MULTISTEP, LCM) + "); choose one with withClassName");
        }
        return name;
    }

    /** The same keys for another scheduler class, as diffusers' {@code from_config}. */
    public SchedulerConfig withClassName(String newClassName) {
        return new SchedulerConfig(checkClass(newClassName, source), keys, source);
    }

    /**
     * These keys replaced (a value of null removes the key, so the class default applies; {@code _class_name}
     * changes the class). Values are numbers, booleans, strings, or double/float arrays (trained_betas).
     */
    public SchedulerConfig withOverrides(Map<String, ?> overrides) {
        Map<String, JsonNode> next = new LinkedHashMap<>(keys);
        String cls = className;
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            if (e.getKey().equals("_class_name")) {
                if (e.getValue() != null) cls = e.getValue().toString();
            } else if (e.getValue() == null) {
                next.remove(e.getKey());
            } else {
                next.put(e.getKey(), JSON.valueToTree(e.getValue()));
            }
        }
        return new SchedulerConfig(cls.equals(className) ? cls : checkClass(cls, source), next, source);
    }

    /** The config as diffusers would save it (the keys given, plus {@code _class_name}). */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        keys.forEach(node::set);
        node.put("_class_name", className);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the scheduler config of " + source, e);
        }
    }

    public String className() { return className; }

    /** Where the config came from, for messages. */
    public String source() { return source; }

    /** Whether the file sets {@code key} (to something other than null). */
    public boolean has(String key) {
        JsonNode n = keys.get(key);
        return n != null && !n.isNull();
    }

    // ---- typed keys, each with diffusers 0.31's default for the class ----

    public int numTrainTimesteps() { return positiveInt("num_train_timesteps", 1000); }

    public double betaStart() { return number("beta_start", LCM.equals(className) ? 0.00085 : 0.0001); }

    public double betaEnd() { return number("beta_end", LCM.equals(className) ? 0.012 : 0.02); }

    public BetaSchedule betaSchedule() {
        String s = text("beta_schedule", LCM.equals(className) ? "scaled_linear" : "linear");
        return switch (s) {
            case "linear" -> BetaSchedule.LINEAR;
            case "scaled_linear" -> BetaSchedule.SCALED_LINEAR;
            case "squaredcos_cap_v2" -> BetaSchedule.SQUAREDCOS_CAP_V2;
            default -> throw bad("beta_schedule", "\"" + s + "\" is not supported (linear, scaled_linear, squaredcos_cap_v2)");
        };
    }

    /** Explicit betas, or null when the schedule is computed from beta_start/beta_end. */
    public double[] trainedBetas() {
        if (!has("trained_betas")) return null;
        JsonNode n = keys.get("trained_betas");
        if (!n.isArray() || n.isEmpty()) throw bad("trained_betas", "must be a non-empty list of numbers");
        double[] out = new double[n.size()];
        for (int i = 0; i < out.length; i++) {
            if (!n.get(i).isNumber()) throw bad("trained_betas", "entry " + i + " is not a number");
            out[i] = n.get(i).asDouble();
        }
        return out;
    }

    public Prediction predictionType() {
        String s = text("prediction_type", "epsilon");
        try {
            return Prediction.parse(s);
        } catch (IllegalArgumentException e) {
            throw bad("prediction_type", e.getMessage());
        }
    }

    public TimestepSpacing timestepSpacing() {
        String def = DDIM.equals(className) || LCM.equals(className) ? "leading" : "linspace";
        String s = text("timestep_spacing", def);
        return switch (s) {
            case "leading" -> TimestepSpacing.LEADING;
            case "trailing" -> TimestepSpacing.TRAILING;
            case "linspace" -> TimestepSpacing.LINSPACE;
            default -> throw bad("timestep_spacing", "\"" + s + "\" is not supported (leading, trailing, linspace)");
        };
    }

    public int stepsOffset() { return nonNegativeInt("steps_offset", 0); }

    public boolean setAlphaToOne() { return bool("set_alpha_to_one", true); }

    public boolean clipSample() { return bool("clip_sample", DDIM.equals(className)); }

    public double clipSampleRange() { return number("clip_sample_range", 1.0); }

    public boolean thresholding() { return bool("thresholding", false); }

    public boolean rescaleBetasZeroSnr() { return bool("rescale_betas_zero_snr", false); }

    public boolean useKarrasSigmas() { return bool("use_karras_sigmas", false); }

    public boolean useExponentialSigmas() { return bool("use_exponential_sigmas", false); }

    public boolean useBetaSigmas() { return bool("use_beta_sigmas", false); }

    public boolean useLuLambdas() { return bool("use_lu_lambdas", false); }

    public FinalSigmas finalSigmasType() {
        String s = text("final_sigmas_type", "zero");
        return switch (s) {
            case "zero" -> FinalSigmas.ZERO;
            case "sigma_min" -> FinalSigmas.SIGMA_MIN;
            default -> throw bad("final_sigmas_type", "\"" + s + "\" is not supported (zero, sigma_min)");
        };
    }

    public boolean lowerOrderFinal() { return bool("lower_order_final", true); }

    public boolean eulerAtFinal() { return bool("euler_at_final", false); }

    public String algorithmType() { return text("algorithm_type", "dpmsolver++"); }

    public int solverOrder() { return positiveInt("solver_order", 2); }

    public String solverType() { return text("solver_type", "midpoint"); }

    public double lambdaMinClipped() { return number("lambda_min_clipped", Double.NEGATIVE_INFINITY); }

    /** DPM-Solver's variance_type (null unless the model predicts a learned variance). */
    public String varianceType() { return has("variance_type") ? text("variance_type", null) : null; }

    public int originalInferenceSteps() { return positiveInt("original_inference_steps", 50); }

    public double timestepScaling() { return number("timestep_scaling", 10.0); }

    public String interpolationType() { return text("interpolation_type", "linear"); }

    public String timestepType() { return text("timestep_type", "discrete"); }

    /** Euler's sigma_min / sigma_max overrides for Karras sigmas, or null. */
    public Double sigmaMin() { return has("sigma_min") ? number("sigma_min", 0) : null; }

    public Double sigmaMax() { return has("sigma_max") ? number("sigma_max", 0) : null; }

    // ---- reading ----

    private IllegalArgumentException bad(String key, String problem) {
        return new IllegalArgumentException(source + ": \"" + key + "\" " + problem);
    }

    private double number(String key, double def) {
        if (!has(key)) return def;
        JsonNode n = keys.get(key);
        if (!n.isNumber()) throw bad(key, "must be a number, got " + n);
        return n.asDouble();
    }

    private int positiveInt(String key, int def) {
        int v = integer(key, def);
        if (v < 1) throw bad(key, "must be at least 1, got " + v);
        return v;
    }

    private int nonNegativeInt(String key, int def) {
        int v = integer(key, def);
        if (v < 0) throw bad(key, "must not be negative, got " + v);
        return v;
    }

    private int integer(String key, int def) {
        if (!has(key)) return def;
        JsonNode n = keys.get(key);
        if (!n.isIntegralNumber() || !n.canConvertToInt()) throw bad(key, "must be an integer, got " + n);
        return n.asInt();
    }

    private boolean bool(String key, boolean def) {
        if (!has(key)) return def;
        JsonNode n = keys.get(key);
        if (!n.isBoolean()) throw bad(key, "must be true or false, got " + n);
        return n.asBoolean();
    }

    private String text(String key, String def) {
        if (!has(key)) return def;
        JsonNode n = keys.get(key);
        if (!n.isTextual()) throw bad(key, "must be a string, got " + n);
        return n.asText();
    }

    @Override
    public String toString() { return className + " from " + source; }
}
