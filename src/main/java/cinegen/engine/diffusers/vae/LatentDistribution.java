package cinegen.engine.diffusers.vae;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' DiagonalGaussianDistribution: the encoder's moments split into mean and log-variance (clamped to
 * [-30, 20]), std = exp(logvar / 2). All (N, latent_channels, h, w), on the images' manager.
 */
public record LatentDistribution(NDArray mean, NDArray logvar, NDArray std) {

    /** From moments (N, 2C, h, w): the first C channels are the mean, the rest the log-variance. */
    public static LatentDistribution fromMoments(NDArray moments) {
        long c = moments.getShape().get(1) / 2;
        NDArray mean = moments.get(":, :{}", c);
        NDArray logvar = moments.get(":, {}:", c).clip(-30f, 20f);
        return new LatentDistribution(mean, logvar, logvar.mul(0.5f).exp());
    }

    /** The mode (the mean). */
    public NDArray mode() { return mean; }

    /** mean + std * noise, with noise ~ N(0, 1) of the mean's shape drawn by the caller (diffusers' sample()). */
    public NDArray sample(NDArray noise) {
        if (!noise.getShape().equals(mean.getShape())) {
            throw new IllegalArgumentException("noise has shape " + noise.getShape() + ", the latents " + mean.getShape());
        }
        return mean.add(std.mul(noise));
    }
}
