package cinegen.engine.schedule.diffusers;

import ai.djl.ndarray.NDArray;

/**
 * What a diffusers model predicts ({@code prediction_type}): the noise, the velocity
 * v = sqrt(abar) eps - sqrt(1 - abar) x0, or the clean sample. The conversions work on a variance-preserving sample
 * x = sqrt(abar) x0 + sqrt(1 - abar) eps, which is what the model sees (for the Euler family that is the output of
 * {@link DiffusersScheduler#scaleModelInput}); abar comes from {@link DiffusersScheduler#alphaBarAt}. The scalars
 * are float32, as in diffusers' DDIM.
 */
public enum Prediction {
    EPSILON("epsilon"), V_PREDICTION("v_prediction"), SAMPLE("sample");

    private final String id;

    Prediction(String id) { this.id = id; }

    /** The name diffusers uses in {@code prediction_type}. */
    public String id() { return id; }

    public static Prediction parse(String s) {
        for (Prediction p : values()) if (p.id.equals(s)) return p;
        throw new IllegalArgumentException("\"" + s + "\" is not a prediction type (epsilon, v_prediction, sample)");
    }

    /** The clean sample implied by a model output for the VP sample x at noise level abar. */
    public NDArray toX0(NDArray x, NDArray modelOutput, double alphaBar) {
        float a = (float) alphaBar, sa = (float) Math.sqrt(a), sb = (float) Math.sqrt(1f - a);
        return switch (this) {
            case EPSILON -> x.sub(modelOutput.mul(sb)).div(sa);
            case V_PREDICTION -> x.mul(sa).sub(modelOutput.mul(sb));
            case SAMPLE -> modelOutput;
        };
    }

    /** The noise implied by a model output for the VP sample x at noise level abar. */
    public NDArray toEps(NDArray x, NDArray modelOutput, double alphaBar) {
        float a = (float) alphaBar, sa = (float) Math.sqrt(a), sb = (float) Math.sqrt(1f - a);
        return switch (this) {
            case EPSILON -> modelOutput;
            case V_PREDICTION -> modelOutput.mul(sa).add(x.mul(sb));
            case SAMPLE -> x.sub(modelOutput.mul(sa)).div(sb);
        };
    }

    /** The model output that would imply clean sample x0 for the VP sample x (e.g. after editing x0). */
    public NDArray fromX0(NDArray x, NDArray x0, double alphaBar) {
        float a = (float) alphaBar, sa = (float) Math.sqrt(a), sb = (float) Math.sqrt(1f - a);
        return switch (this) {
            case EPSILON -> x.sub(x0.mul(sa)).div(sb);
            case V_PREDICTION -> x.sub(x0.mul(sa)).div(sb).mul(sa).sub(x0.mul(sb));
            case SAMPLE -> x0;
        };
    }
}
