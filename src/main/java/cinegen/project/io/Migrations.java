package cinegen.project.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Upgrades older project documents, one format step at a time, on the JSON tree before it is mapped.
 * To change the format: bump {@link ProjectCodec#CURRENT_FORMAT}, add a step here, keep a fixture of the old format.
 */
final class Migrations {
    /** One step: turns a document of format {@code from} into format {@code from + 1}, in place. */
    interface Step {
        void apply(ObjectNode root, String fileName) throws ProjectFormatException;
    }

    /** STEPS.get(i) upgrades format i + 1 to i + 2. */
    private static final List<Step> STEPS = List.of(Migrations::format1To2);

    private Migrations() {}

    static int oldestFormat() { return ProjectCodec.CURRENT_FORMAT - STEPS.size(); }

    /** Upgrades {@code root} from {@code format} to the current format. */
    static void upgrade(ObjectNode root, int format, String fileName) throws ProjectFormatException {
        for (int v = format; v < ProjectCodec.CURRENT_FORMAT; v++) {
            STEPS.get(v - oldestFormat()).apply(root, fileName);
            root.put("formatVersion", v + 1);
        }
    }

    /**
     * Format 1 (Cinegen 0.1 previews) had one style per recipe ({@code style}, {@code styleStrength}), no model pack
     * hash or engine version in recipes, no gaps on the timeline (clips had no {@code start}; they followed each
     * other) and one mask file per track ({@code file}).
     */
    static void format1To2(ObjectNode root, String fileName) throws ProjectFormatException {
        JsonNode settings = root.get("settings");
        if (settings instanceof ObjectNode s) singleStyleToBlend(s);
        JsonNode media = root.get("media");
        if (media instanceof ArrayNode items) {
            for (JsonNode item : items) {
                if (item.get("recipe") instanceof ObjectNode r) {
                    singleStyleToBlend(r);
                    if (!r.has("modelPackHash")) r.put("modelPackHash", "");
                    if (!r.has("engineVersion")) r.put("engineVersion", "");
                }
            }
        }
        if (root.get("timeline") instanceof ObjectNode timeline && timeline.get("clips") instanceof ArrayNode clips) {
            long start = 0;
            for (int i = 0; i < clips.size(); i++) {
                if (!(clips.get(i) instanceof ObjectNode clip)) continue;
                JsonNode in = clip.get("in"), out = clip.get("out");
                if (in == null || out == null || !in.canConvertToInt() || !out.canConvertToInt() || !in.isIntegralNumber() || !out.isIntegralNumber()) {
                    throw new ProjectFormatException(fileName + " is not a valid project file: timeline.clips[" + i
                            + "] needs whole numbers 'in' and 'out'");
                }
                clip.put("start", start);
                start += Math.max(0, out.asInt() - in.asInt());
            }
        }
        if (root.get("masks") instanceof ArrayNode masks) {
            for (JsonNode m : masks) {
                if (m instanceof ObjectNode track && track.has("file")) {
                    ArrayNode files = JsonNodeFactory.instance.arrayNode().add(track.get("file"));
                    track.remove("file");
                    track.set("files", files);
                    track.put("perFrame", false);
                }
            }
        }
    }

    private static void singleStyleToBlend(ObjectNode node) {
        JsonNode style = node.remove("style");
        JsonNode strength = node.remove("styleStrength");
        if (node.has("styles")) return;
        ArrayNode styles = node.putArray("styles");
        if (style != null && style.isTextual() && !style.asText().isBlank()) {
            ObjectNode s = styles.addObject();
            s.put("preset", style.asText());
            if (strength != null && strength.isNumber()) s.set("weight", strength);
            else s.put("weight", 1.0);
        }
    }
}
