package cinegen.engine.schedule;

import ai.djl.ndarray.NDArray;

import java.util.Locale;

/** What the denoiser predicts: the noise (eps) or the velocity v = sqrt(abar) eps - sqrt(1 - abar) x0. */
public enum PredictionType {
    EPSILON, V_PREDICTION;

    public String id() { return this == EPSILON ? "eps" : "v"; }

    public static PredictionType parse(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "eps", "epsilon" -> EPSILON;
            case "v", "v_prediction", "v-prediction" -> V_PREDICTION;
            default -> throw new IllegalArgumentException("unknown prediction type '" + s + "' (eps or v)");
        };
    }

    /** The clean sample implied by a model output at noise level abar for the VP sample x_t. */
    public NDArray toX0(NDArray xt, NDArray out, double alphaBar) {
        float a = (float) Math.sqrt(alphaBar), s = (float) Math.sqrt(1 - alphaBar);
        return this == EPSILON ? xt.sub(out.mul(s)).div(a) : xt.mul(a).sub(out.mul(s));
    }

    /** The noise implied by a model output. */
    public NDArray toEps(NDArray xt, NDArray out, double alphaBar) {
        float a = (float) Math.sqrt(alphaBar), s = (float) Math.sqrt(1 - alphaBar);
        return this == EPSILON ? out : xt.mul(s).add(out.mul(a));
    }

    /** The model output that corresponds to a given clean sample (used after editing the predicted x0). */
    public NDArray fromX0(NDArray xt, NDArray x0, double alphaBar) {
        float a = (float) Math.sqrt(alphaBar), s = (float) Math.sqrt(1 - alphaBar);
        NDArray eps = xt.sub(x0.mul(a)).div(s);
        return this == EPSILON ? eps : eps.mul(a).sub(x0.mul(s));
    }

    /** The training target for clean sample x0 and noise eps. */
    public NDArray target(NDArray x0, NDArray eps, double alphaBar) {
        float a = (float) Math.sqrt(alphaBar), s = (float) Math.sqrt(1 - alphaBar);
        return this == EPSILON ? eps : eps.mul(a).sub(x0.mul(s));
    }
}
