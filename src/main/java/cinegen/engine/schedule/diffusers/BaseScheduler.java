package cinegen.engine.schedule.diffusers;

/** The training table, the chosen timesteps and the checks every scheduler shares. */
abstract class BaseScheduler implements DiffusersScheduler {
    protected final SchedulerConfig config;
    protected final int trainSteps;
    protected final Prediction prediction;
    protected final float[] alphasCumprod;
    /** The timesteps of the current schedule; null until {@link #setTimesteps}. */
    protected double[] timesteps;
    /** The n of the last setTimesteps (diffusers' num_inference_steps). */
    protected int inferenceSteps;

    BaseScheduler(SchedulerConfig config, String className) {
        this.config = className.equals(config.className()) ? config : config.withClassName(className);
        this.trainSteps = this.config.numTrainTimesteps();
        this.prediction = this.config.predictionType();
        this.alphasCumprod = TrainingSchedule.alphasCumprod(TrainingSchedule.betas(this.config));
    }

    @Override public SchedulerConfig config() { return config; }

    @Override public int numSteps() { return schedule().length; }

    @Override public double[] timesteps() { return schedule().clone(); }

    @Override public float[] alphasCumprod() { return alphasCumprod.clone(); }

    @Override
    public double alphaBar(double timestep) {
        if (!(timestep >= 0 && timestep <= trainSteps - 1)) {
            throw new IllegalArgumentException("timestep " + timestep + " is outside [0, " + (trainSteps - 1) + "]");
        }
        if (timestep == Math.rint(timestep)) return alphasCumprod[(int) timestep];
        double sigma = Numerics.interpOnIndex(timestep, sigmaTable());
        return 1 / (1 + sigma * sigma);
    }

    /** sqrt((1 - abar) / abar) over the training timesteps, in float32 as torch computes it. */
    protected float[] sigmaTable() {
        float[] out = new float[alphasCumprod.length];
        for (int i = 0; i < out.length; i++) out[i] = Numerics.sqrt((1f - alphasCumprod[i]) / alphasCumprod[i]);
        return out;
    }

    protected double[] schedule() {
        if (timesteps == null) throw new IllegalStateException(getClass().getSimpleName() + ": call setTimesteps before using the schedule");
        return timesteps;
    }

    /** Fails for a step count diffusers would refuse. */
    protected void checkStepCount(int n) {
        if (n < 1 || n > trainSteps) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": steps must be between 1 and num_train_timesteps (" +
                    trainSteps + "), got " + n);
        }
    }

    /** Dynamic thresholding (for pixel-space models) is not implemented; a config asking for it is refused. */
    protected void refuseThresholding() {
        if (config.thresholding()) {
            throw new IllegalArgumentException(config.source() + ": \"thresholding\": true (dynamic thresholding, for pixel-space models) " +
                    "is not supported; latent diffusion models use false");
        }
    }

    protected static NoiseFn requireNoise(NoiseFn noise, String who) {
        if (noise == null) throw new IllegalArgumentException(who + " adds fresh noise at each step: pass a NoiseFn");
        return noise;
    }
}
