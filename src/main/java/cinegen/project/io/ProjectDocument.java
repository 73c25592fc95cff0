package cinegen.project.io;

import cinegen.frames.GenerationMode;
import cinegen.frames.MediaKind;
import cinegen.project.JobRecord;
import cinegen.project.Sampler;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.util.List;

/**
 * The JSON shape of the current project format ({@value ProjectCodec#CURRENT_FORMAT}), as plain records.
 * Kept apart from the domain so the file format changes only on purpose (and then gets a migration). {@code inspector}
 * and {@code jobs}, the studio's working state (decision 0619), are optional: files of older studios have neither.
 */
@JsonPropertyOrder({"formatVersion", "name", "savedAt", "settings", "media", "timeline", "masks", "inspector", "jobs"})
record ProjectDocument(
        @JsonProperty(required = true) int formatVersion,
        @JsonProperty(required = true) String name,
        String savedAt,
        @JsonProperty(required = true) Settings settings,
        @JsonProperty(required = true) List<Media> media,
        @JsonProperty(required = true) TimelineDoc timeline,
        List<MaskTrackDoc> masks,
        Inspector inspector,
        List<JobDoc> jobs) {

    record Style(@JsonProperty(required = true) String preset, @JsonProperty(required = true) double weight) {}

    @JsonPropertyOrder({"width", "height", "frames", "fps", "steps", "guidance", "sampler", "lowPass",
            "negativePrompt", "modelPackId", "styles"})
    record Settings(
            @JsonProperty(required = true) int width,
            @JsonProperty(required = true) int height,
            @JsonProperty(required = true) int frames,
            @JsonProperty(required = true) double fps,
            @JsonProperty(required = true) int steps,
            @JsonProperty(required = true) double guidance,
            @JsonProperty(required = true) Sampler sampler,
            @JsonProperty(required = true) double lowPass,
            String negativePrompt,
            String modelPackId,
            @JsonProperty(required = true) List<Style> styles) {}

    @JsonPropertyOrder({"mode", "prompt", "negativePrompt", "seed", "steps", "guidance", "sampler", "width", "height",
            "frames", "fps", "lowPass", "modelPackId", "modelPackHash", "styles", "engineVersion", "sourceMediaId", "maskTrackId"})
    record Recipe(
            @JsonProperty(required = true) GenerationMode mode,
            @JsonProperty(required = true) String prompt,
            String negativePrompt,
            @JsonProperty(required = true) long seed,
            @JsonProperty(required = true) int steps,
            @JsonProperty(required = true) double guidance,
            @JsonProperty(required = true) Sampler sampler,
            @JsonProperty(required = true) int width,
            @JsonProperty(required = true) int height,
            @JsonProperty(required = true) int frames,
            @JsonProperty(required = true) double fps,
            @JsonProperty(required = true) double lowPass,
            @JsonProperty(required = true) String modelPackId,
            @JsonProperty(required = true) String modelPackHash,
            @JsonProperty(required = true) List<Style> styles,
            @JsonProperty(required = true) String engineVersion,
            String sourceMediaId,
            String maskTrackId,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean cropToRegion) {}

    @JsonPropertyOrder({"id", "kind", "name", "path", "width", "height", "frameCount", "fps", "recipe"})
    record Media(
            @JsonProperty(required = true) String id,
            @JsonProperty(required = true) MediaKind kind,
            String name,
            @JsonProperty(required = true) String path,
            @JsonProperty(required = true) int width,
            @JsonProperty(required = true) int height,
            @JsonProperty(required = true) int frameCount,
            @JsonProperty(required = true) double fps,
            Recipe recipe) {}

    @JsonPropertyOrder({"id", "mediaId", "name", "start", "in", "out"})
    record ClipDoc(
            @JsonProperty(required = true) String id,
            @JsonProperty(required = true) String mediaId,
            String name,
            @JsonProperty(required = true) long start,
            @JsonProperty(value = "in", required = true) int in,
            @JsonProperty(value = "out", required = true) int out) {}

    record TimelineDoc(
            @JsonProperty(required = true) double fps,
            long playhead,
            @JsonProperty(required = true) List<ClipDoc> clips) {}

    @JsonPropertyOrder({"id", "mediaId", "width", "height", "frameCount", "perFrame", "files"})
    record MaskTrackDoc(
            @JsonProperty(required = true) String id,
            String mediaId,
            @JsonProperty(required = true) int width,
            @JsonProperty(required = true) int height,
            @JsonProperty(required = true) int frameCount,
            @JsonProperty(required = true) boolean perFrame,
            @JsonProperty(required = true) List<String> files) {}

    @JsonPropertyOrder({"mode", "prompt", "negativePrompt", "seed", "randomSeed", "steps", "guidance", "sampler", "width",
            "height", "frames", "fps", "lowPass", "lowPassCutoff", "styles", "cropToRegion"})
    record Inspector(
            @JsonProperty(required = true) GenerationMode mode,
            @JsonProperty(required = true) String prompt,
            String negativePrompt,
            @JsonProperty(required = true) long seed,
            @JsonProperty(required = true) boolean randomSeed,
            @JsonProperty(required = true) int steps,
            @JsonProperty(required = true) double guidance,
            @JsonProperty(required = true) Sampler sampler,
            @JsonProperty(required = true) int width,
            @JsonProperty(required = true) int height,
            @JsonProperty(required = true) int frames,
            @JsonProperty(required = true) int fps,
            @JsonProperty(required = true) boolean lowPass,
            @JsonProperty(required = true) double lowPassCutoff,
            @JsonProperty(required = true) List<Style> styles,
            @JsonProperty(required = true) boolean cropToRegion) {}

    @JsonPropertyOrder({"title", "outcome", "failure", "queuedAt", "startedAt", "finishedAt", "mediaId", "recipe"})
    record JobDoc(
            @JsonProperty(required = true) String title,
            @JsonProperty(required = true) JobRecord.Outcome outcome,
            String failure,
            @JsonProperty(required = true) String queuedAt,
            String startedAt,
            String finishedAt,
            String mediaId,
            @JsonProperty(required = true) Recipe recipe) {}
}
