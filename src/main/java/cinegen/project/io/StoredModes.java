package cinegen.project.io;

import cinegen.frames.GenerationMode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;

import java.io.IOException;

/**
 * Reads a recipe's mode by its constant name. Older projects may name {@code VIDEO_TO_VIDEO}, a mode the engine never
 * ran (it refused such recipes, and the studio put them back in the inspector as text to video): it is read as
 * {@link GenerationMode#TEXT_TO_VIDEO}, what Regenerate and Use Clip Settings did with it.
 */
final class StoredModes extends StdScalarDeserializer<GenerationMode> {
    /** The retired name that opens as text to video. */
    static final String RETIRED_VIDEO_TO_VIDEO = "VIDEO_TO_VIDEO";

    StoredModes() { super(GenerationMode.class); }

    @Override
    public GenerationMode deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) return (GenerationMode) ctxt.handleUnexpectedToken(GenerationMode.class, p);
        String name = p.getText();
        if (name.equals(RETIRED_VIDEO_TO_VIDEO)) return GenerationMode.TEXT_TO_VIDEO;
        for (GenerationMode m : GenerationMode.values()) if (m.name().equals(name)) return m;
        return (GenerationMode) ctxt.handleWeirdStringValue(GenerationMode.class, name, "not a generation mode");
    }
}
