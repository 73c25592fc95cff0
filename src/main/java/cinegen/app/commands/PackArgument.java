package cinegen.app.commands;

import cinegen.app.ModelLocator;
import cinegen.app.cli.UsageException;
import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.pack.ModelPackException;

import java.nio.file.Path;

/** The bundled-family model pack a command works on ({@code --model DIR}, default: the bundled pack), opened. */
record PackArgument(Path dir, ModelPack pack) {
    /** Finds and opens the pack; a missing or broken one is a usage error naming where it looked or what is wrong. */
    static PackArgument open(String modelArg) throws UsageException {
        Path dir = ModelLocator.find(modelArg).orElseThrow(() -> new UsageException(
                "no model pack found (looked in " + ModelLocator.candidates(modelArg) + ")"));
        try {
            return new PackArgument(dir, ModelPack.open(dir));
        } catch (ModelPackException e) {
            throw new UsageException("model pack " + dir + ": " + e.getMessage());
        }
    }
}
