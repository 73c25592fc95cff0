package cinegen.engine.family.bundled;

import cinegen.engine.pack.*;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** A model pack's manifest.json, as Jackson reads and writes it. {@link ModelPack} validates it. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Manifest(
        String format,
        Integer formatVersion,
        String name,
        String description,
        String version,
        ArchitectureJson architecture,
        float[] latentMean,
        float[] latentStd,
        ScheduleJson schedule,
        String prediction,
        List<String> vocabulary,
        PreviewJson preview,
        DefaultsJson defaults,
        FilesJson files,
        List<StyleJson> styles) {

    public static final String FORMAT = "cinegen-model-pack";
    public static final int CURRENT_VERSION = 1;

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL) // optional fields absent, not null, in written manifests
    public record ArchitectureJson(Integer width, Integer height, Integer frameWindow,
                                   Integer latentChannels, int[] autoencoderChannels,
                                   int[] denoiserChannels, Integer embDim, Integer heads, Integer temporalLayers,
                                   Integer textDim, Integer textLayers, Integer textHeads, Integer maxTokens,
                                   Integer midTemporalLayers, Boolean learnedResampling, Integer extraDecoderBlocks,
                                   Boolean frameConditioning, Boolean spaceTimeAttention, Boolean motionBias,
                                   Boolean coordinates, Boolean layout, Boolean silhouette) {
        public ArchitectureJson(Integer width, Integer height, Integer frameWindow, Integer latentChannels, int[] autoencoderChannels,
                                int[] denoiserChannels, Integer embDim, Integer heads, Integer temporalLayers,
                                Integer textDim, Integer textLayers, Integer textHeads, Integer maxTokens) {
            this(width, height, frameWindow, latentChannels, autoencoderChannels, denoiserChannels, embDim, heads, temporalLayers,
                    textDim, textLayers, textHeads, maxTokens, null, null, null, null, null, null, null, null, null);
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ScheduleJson(String kind, Integer trainSteps, Double betaStart, Double betaEnd, Double frameCorrelation) {
        public ScheduleJson(String kind, Integer trainSteps, Double betaStart, Double betaEnd) { this(kind, trainSteps, betaStart, betaEnd, null); }
    }

    /** Linear latent-to-RGB map for previews: rgb = matrix . latent + bias, in [-1, 1]. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record PreviewJson(float[][] matrix, float[] bias) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DefaultsJson(Double fps, Integer steps, Double guidance, String sampler) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    public record FilesJson(String autoencoder, String textEncoder, String denoiser) {}

    /** A style weight set: low-rank deltas of the denoiser's spatial layers. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record StyleJson(String name, String file, String description) {}
}
