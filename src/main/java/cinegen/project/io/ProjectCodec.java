package cinegen.project.io;

import cinegen.frames.GenerationMode;
import cinegen.frames.Mask;
import cinegen.project.Clip;
import cinegen.project.GenerationRecipe;
import cinegen.project.GenerationSettings;
import cinegen.project.InspectorSettings;
import cinegen.project.JobRecord;
import cinegen.project.MaskTrack;
import cinegen.project.MediaItem;
import cinegen.project.Project;
import cinegen.project.StyleBlend;
import cinegen.project.StyleWeight;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Project document &lt;-&gt; JSON &lt;-&gt; domain. Parsing is strict (no type coercion, no duplicate keys, no trailing
 * content) and every failure becomes a {@link ProjectFormatException} naming the file, the field and, when the JSON
 * parser knows it, the line and column.
 */
final class ProjectCodec {
    /** The format this studio writes. */
    static final int CURRENT_FORMAT = 2;
    /** Larger files are refused before parsing. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addModule(new SimpleModule("stored modes").addDeserializer(GenerationMode.class, new StoredModes()))
            .build();

    private static final Pattern QUOTED = Pattern.compile("'([^']+)'");

    /** A parsed document and the format it was written in. */
    record Parsed(ProjectDocument document, int originalFormat) {}

    /** Resolves a path read from the file, refusing any that leaves the project folder. */
    interface PathCheck {
        Path resolve(String relative) throws ProjectFormatException;
    }

    /** Reads a mask image of the expected size. */
    interface MaskReader {
        Mask read(String relative, int width, int height) throws ProjectFormatException;
    }

    private ProjectCodec() {}

    // ---- JSON ----

    static Parsed parse(byte[] bytes, String fileName) throws ProjectFormatException {
        JsonNode tree;
        try {
            tree = MAPPER.readTree(bytes);
        } catch (IOException e) {
            throw describe(e, fileName);
        }
        if (tree == null || tree.isMissingNode()) throw invalid(fileName, "the file is empty");
        if (!(tree instanceof ObjectNode root)) throw invalid(fileName, "expected a JSON object at the top");
        JsonNode version = root.get("formatVersion");
        if (version == null) throw invalid(fileName, "it has no formatVersion, so it is not a Cinegen project");
        if (!version.isInt()) throw invalid(fileName, "formatVersion must be a whole number, found " + version);
        int format = version.asInt();
        if (format > CURRENT_FORMAT) {
            throw new ProjectFormatException(fileName + " was saved by a newer Cinegen Studio (project format " + format
                    + "). This version opens project formats " + Migrations.oldestFormat() + " to " + CURRENT_FORMAT
                    + "; update Cinegen Studio to open it.");
        }
        if (format < Migrations.oldestFormat()) {
            throw invalid(fileName, "project format " + format + " does not exist (the oldest is " + Migrations.oldestFormat() + ")");
        }
        try {
            if (format == CURRENT_FORMAT) {
                // map from the bytes, not the tree, so errors carry line and column
                return new Parsed(MAPPER.readValue(bytes, ProjectDocument.class), format);
            }
            Migrations.upgrade(root, format, fileName);
            return new Parsed(MAPPER.treeToValue(root, ProjectDocument.class), format);
        } catch (IOException e) {
            throw describe(e, fileName);
        }
    }

    static byte[] write(ProjectDocument document) {
        try {
            return MAPPER.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("project document could not be written as JSON", e);
        }
    }

    /** Reads only the {@code savedAt} stamp; null when the file has none or cannot be read. */
    static Instant savedAt(byte[] bytes) {
        try {
            JsonNode saved = MAPPER.readTree(bytes).get("savedAt");
            return saved == null || !saved.isTextual() ? null : Instant.parse(saved.asText());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Reads only the project name; null when unreadable. */
    static String name(byte[] bytes) {
        try {
            JsonNode name = MAPPER.readTree(bytes).get("name");
            return name == null || !name.isTextual() ? null : name.asText();
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    // ---- document -> domain ----

    static Project toProject(ProjectDocument doc, String fileName, PathCheck paths, MaskReader masks) throws ProjectFormatException {
        String where = "settings";
        try {
            GenerationSettings settings = toSettings(required(doc.settings(), "settings", fileName), fileName);
            where = "timeline";
            ProjectDocument.TimelineDoc timelineDoc = required(doc.timeline(), "timeline", fileName);
            where = "timeline.fps";
            if (!(timelineDoc.fps() > 0) || Double.isInfinite(timelineDoc.fps())) {
                throw invalid(fileName, where + ": the frame rate must be a positive number, got " + timelineDoc.fps());
            }
            where = "name";
            Project project = new Project(required(doc.name(), "name", fileName), settings, timelineDoc.fps());

            List<ProjectDocument.Media> media = required(doc.media(), "media", fileName);
            for (int i = 0; i < media.size(); i++) {
                where = "media[" + i + "]";
                ProjectDocument.Media m = required(media.get(i), where, fileName);
                paths.resolve(required(m.path(), where + ".path", fileName));
                GenerationRecipe recipe = m.recipe() == null ? null : toRecipe(m.recipe(), where + ".recipe", fileName);
                project.addMedia(project.media().size(), new MediaItem(m.id(), m.kind(), m.name(), m.path(),
                        m.width(), m.height(), m.frameCount(), m.fps(), recipe));
            }

            List<ProjectDocument.ClipDoc> clipDocs = required(timelineDoc.clips(), "timeline.clips", fileName);
            List<Clip> clips = new ArrayList<>();
            for (int i = 0; i < clipDocs.size(); i++) {
                where = "timeline.clips[" + i + "]";
                ProjectDocument.ClipDoc c = required(clipDocs.get(i), where, fileName);
                Clip clip = new Clip(c.id(), c.mediaId(), c.name(), c.start(), c.in(), c.out());
                String bounds = cinegen.project.Timeline.boundsProblem(clip);
                if (bounds != null) throw invalid(fileName, where + ": " + bounds);
                clips.add(clip);
            }
            where = "timeline";
            project.timeline().setClips(clips);
            project.timeline().setPlayhead(timelineDoc.playhead());

            List<ProjectDocument.MaskTrackDoc> tracks = doc.masks() == null ? List.of() : doc.masks();
            Map<String, Mask> loaded = new HashMap<>();
            for (int i = 0; i < tracks.size(); i++) {
                where = "masks[" + i + "]";
                ProjectDocument.MaskTrackDoc t = required(tracks.get(i), where, fileName);
                MaskTrack track = new MaskTrack(t.id(), t.mediaId(), t.width(), t.height(), t.frameCount());
                List<String> files = required(t.files(), where + ".files", fileName);
                int expected = t.perFrame() ? t.frameCount() : 1;
                if (files.size() != expected) {
                    throw invalid(fileName, where + " lists " + files.size() + " mask file(s) but needs " + expected);
                }
                List<Mask> trackMasks = new ArrayList<>();
                for (String file : files) {
                    required(file, where + ".files", fileName);
                    Mask m = loaded.get(file);
                    if (m == null || m.width() != t.width() || m.height() != t.height()) {
                        m = masks.read(file, t.width(), t.height());
                        loaded.put(file, m);
                    }
                    trackMasks.add(m);
                }
                track.setMasks(t.perFrame(), trackMasks);
                project.addMaskTrack(project.maskTracks().size(), track);
            }
            where = "inspector";
            if (doc.inspector() != null) project.setInspectorSettings(toInspector(doc.inspector(), fileName));
            List<ProjectDocument.JobDoc> jobDocs = doc.jobs() == null ? List.of() : doc.jobs();
            List<JobRecord> jobs = new ArrayList<>();
            for (int i = 0; i < jobDocs.size(); i++) {
                where = "jobs[" + i + "]";
                jobs.add(toJob(required(jobDocs.get(i), where, fileName), where, fileName));
            }
            project.setJobHistory(jobs);
            project.markClean();
            return project;
        } catch (NullPointerException e) {
            throw invalid(fileName, where + ": a required value is null" + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        } catch (RuntimeException e) {
            throw invalid(fileName, where + ": " + e.getMessage());
        }
    }

    private static GenerationSettings toSettings(ProjectDocument.Settings s, String fileName) throws ProjectFormatException {
        return new GenerationSettings(s.width(), s.height(), s.frames(), s.fps(), s.steps(), s.guidance(), s.sampler(),
                s.lowPass(), s.negativePrompt(), s.modelPackId(), toBlend(required(s.styles(), "settings.styles", fileName)));
    }

    private static GenerationRecipe toRecipe(ProjectDocument.Recipe r, String where, String fileName) throws ProjectFormatException {
        return new GenerationRecipe(r.mode(), r.prompt(), r.negativePrompt(), r.seed(), r.steps(), r.guidance(),
                r.sampler(), r.width(), r.height(), r.frames(), r.fps(), r.lowPass(), r.modelPackId(), r.modelPackHash(),
                toBlend(required(r.styles(), where + ".styles", fileName)), r.engineVersion(), r.sourceMediaId(), r.maskTrackId(),
                r.cropToRegion());
    }

    private static InspectorSettings toInspector(ProjectDocument.Inspector i, String fileName) throws ProjectFormatException {
        return new InspectorSettings(i.mode(), i.prompt(), i.negativePrompt(), i.seed(), i.randomSeed(), i.steps(),
                i.guidance(), i.sampler(), i.width(), i.height(), i.frames(), i.fps(), i.lowPass(), i.lowPassCutoff(),
                toBlend(required(i.styles(), "inspector.styles", fileName)), i.cropToRegion());
    }

    private static JobRecord toJob(ProjectDocument.JobDoc j, String where, String fileName) throws ProjectFormatException {
        GenerationRecipe recipe = toRecipe(required(j.recipe(), where + ".recipe", fileName), where + ".recipe", fileName);
        return new JobRecord(j.title(), j.outcome(), j.failure(), recipe,
                time(required(j.queuedAt(), where + ".queuedAt", fileName), where + ".queuedAt", fileName),
                time(j.startedAt(), where + ".startedAt", fileName), time(j.finishedAt(), where + ".finishedAt", fileName),
                j.mediaId());
    }

    /** A time written by {@link Instant#toString()}; null stays null. */
    private static Instant time(String stamp, String where, String fileName) throws ProjectFormatException {
        if (stamp == null) return null;
        try {
            return Instant.parse(stamp);
        } catch (DateTimeParseException e) {
            throw invalid(fileName, where + ": '" + stamp + "' is not a time such as 2025-01-05T10:12:00Z");
        }
    }

    private static StyleBlend toBlend(List<ProjectDocument.Style> styles) {
        List<StyleWeight> weights = new ArrayList<>();
        for (ProjectDocument.Style s : styles) {
            if (s == null) throw new IllegalArgumentException("a style entry is empty");
            weights.add(new StyleWeight(s.preset(), s.weight()));
        }
        return new StyleBlend(weights);
    }

    private static <T> T required(T value, String where, String fileName) throws ProjectFormatException {
        if (value == null) throw invalid(fileName, where + " is missing");
        return value;
    }

    // ---- domain -> document ----

    /** @param maskFiles the file (relative path) each distinct mask was saved to */
    static ProjectDocument toDocument(Project project, Instant savedAt, Function<Mask, String> maskFiles) {
        GenerationSettings s = project.settings();
        ProjectDocument.Settings settings = new ProjectDocument.Settings(s.width(), s.height(), s.frames(), s.fps(),
                s.steps(), s.guidance(), s.sampler(), s.lowPass(), s.negativePrompt(), s.modelPackId(), styles(s.styles()));
        List<ProjectDocument.Media> media = new ArrayList<>();
        for (MediaItem m : project.media()) {
            ProjectDocument.Recipe recipe = m.generation().map(ProjectCodec::recipe).orElse(null);
            media.add(new ProjectDocument.Media(m.id(), m.kind(), m.name(), m.path(), m.width(), m.height(),
                    m.frameCount(), m.fps(), recipe));
        }
        List<ProjectDocument.ClipDoc> clips = new ArrayList<>();
        for (Clip c : project.timeline().clips()) {
            clips.add(new ProjectDocument.ClipDoc(c.id(), c.mediaId(), c.name(), c.start(), c.inPoint(), c.outPoint()));
        }
        List<ProjectDocument.MaskTrackDoc> masks = new ArrayList<>();
        for (MaskTrack t : project.maskTracks()) {
            List<String> files = new ArrayList<>();
            for (Mask m : t.masks()) files.add(maskFiles.apply(m));
            masks.add(new ProjectDocument.MaskTrackDoc(t.id(), t.mediaId().orElse(null), t.width(), t.height(),
                    t.frameCount(), t.isPerFrame(), files));
        }
        ProjectDocument.Inspector inspector = project.inspectorSettings().map(ProjectCodec::inspector).orElse(null);
        List<ProjectDocument.JobDoc> jobs = new ArrayList<>();
        for (JobRecord j : project.jobHistory()) {
            jobs.add(new ProjectDocument.JobDoc(j.title(), j.outcome(), j.failure(), j.queuedAt().toString(),
                    stamp(j.startedAt()), stamp(j.finishedAt()), j.mediaId(), recipe(j.recipe())));
        }
        return new ProjectDocument(CURRENT_FORMAT, project.name(), savedAt.toString(), settings, media,
                new ProjectDocument.TimelineDoc(project.timeline().fps(), project.timeline().playhead(), clips), masks,
                inspector, jobs);
    }

    private static ProjectDocument.Inspector inspector(InspectorSettings i) {
        return new ProjectDocument.Inspector(i.mode(), i.prompt(), i.negativePrompt(), i.seed(), i.randomSeed(), i.steps(),
                i.guidance(), i.sampler(), i.width(), i.height(), i.frames(), i.fps(), i.lowPass(), i.lowPassCutoff(),
                styles(i.styles()), i.cropToRegion());
    }

    private static String stamp(Instant t) { return t == null ? null : t.toString(); }

    private static ProjectDocument.Recipe recipe(GenerationRecipe r) {
        return new ProjectDocument.Recipe(r.mode(), r.prompt(), r.negativePrompt(), r.seed(), r.steps(), r.guidance(),
                r.sampler(), r.width(), r.height(), r.frames(), r.fps(), r.lowPass(), r.modelPackId(), r.modelPackHash(),
                styles(r.styles()), r.engineVersion(), r.sourceMediaId(), r.maskTrackId(), r.cropToRegion());
    }

    private static List<ProjectDocument.Style> styles(StyleBlend blend) {
        List<ProjectDocument.Style> out = new ArrayList<>();
        for (StyleWeight w : blend.styles()) out.add(new ProjectDocument.Style(w.preset(), w.weight()));
        return out;
    }

    // ---- messages ----

    static ProjectFormatException invalid(String fileName, String problem) {
        return new ProjectFormatException(fileName + " is not a valid project file: " + problem + ".");
    }

    /** A Jackson failure as a sentence: what is wrong, where in the document, and at which line and column. */
    static ProjectFormatException describe(IOException e, String fileName) {
        String what;
        String path = "";
        // A cut-off file is not always a JsonEOFException: the end may come where Jackson expected an entry or a value.
        if (e instanceof JsonEOFException || String.valueOf(e.getMessage()).contains("Unexpected end-of-input")) {
            what = "the file ends too early (it may have been cut off)";
        } else if (e instanceof JsonMappingException jm) {
            path = path(jm);
            if (jm instanceof InvalidFormatException f) {
                Class<?> target = f.getTargetType();
                what = "the value " + f.getValue() + " is not allowed" + (target != null ? " (expected " + typeName(target) + ")" : "");
            } else if (jm instanceof MismatchedInputException mi && String.valueOf(mi.getOriginalMessage()).startsWith("Missing required")) {
                Matcher m = QUOTED.matcher(mi.getOriginalMessage());
                String field = m.find() ? m.group(1) : "?";
                what = "the required field '" + field + "' is missing";
                if (path.equals(field)) path = "";
                else if (path.endsWith("." + field)) path = path.substring(0, path.length() - field.length() - 1);
            } else if (jm instanceof MismatchedInputException mi && mi.getTargetType() != null) {
                what = "a value has the wrong type (expected " + typeName(mi.getTargetType()) + ")";
            } else {
                what = firstLine(jm.getOriginalMessage());
            }
        } else if (e instanceof JsonProcessingException jp) {
            what = "the JSON is malformed: " + firstLine(jp.getOriginalMessage());
        } else {
            what = "it cannot be read (" + IoMessages.reason(e) + ")";
        }
        StringBuilder sb = new StringBuilder(fileName).append(" is not a valid project file: ").append(what);
        if (!path.isEmpty()) sb.append(" at ").append(path);
        if (e instanceof JsonProcessingException jp) {
            JsonLocation loc = jp.getLocation();
            if (loc != null && loc.getLineNr() > 0) {
                sb.append(" (line ").append(loc.getLineNr()).append(", column ").append(loc.getColumnNr()).append(')');
            }
        }
        return new ProjectFormatException(sb.append('.').toString(), e);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) sb.append('.');
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "a whole number";
        if (type == double.class || type == Double.class || type == float.class) return "a number";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class) return "text";
        if (List.class.isAssignableFrom(type)) return "a list";
        if (type.isEnum()) return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList();
        return "an object";
    }

    private static String firstLine(String message) {
        if (message == null) return "unknown problem";
        String m = message.lines().findFirst().orElse(message);
        for (String tail : List.of(" at [Source", "[Source", " (for ")) {
            int cut = m.indexOf(tail);
            if (cut >= 0) m = m.substring(0, cut);
        }
        return m.strip();
    }

    /** Checks a {@code savedAt} stamp (optional in the file). */
    static Instant parseInstant(String stamp) {
        if (stamp == null) return null;
        try {
            return Instant.parse(stamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
