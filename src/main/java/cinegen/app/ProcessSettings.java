package cinegen.app;

import cinegen.app.settings.CacheDirectory;

import java.nio.file.Path;

/** Process-wide settings applied before anything else loads. */
final class ProcessSettings {
    private ProcessSettings() {}

    static void configure() {
        // Never let DJL download an engine or a model: everything it needs ships with the studio.
        System.setProperty("ai.djl.offline", "true");
        // Keep DJL's own usage reporting off.
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        }
        // On machines without a GPU, DJL's CUDA probe warns at every start; that is normal, not a problem.
        System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        // An installed studio: natives extracted into the image, caches in a per-user folder.
        String natives = System.getProperty(InstalledNatives.NATIVES_PROPERTY);
        if (natives != null && !natives.isBlank()) InstalledNatives.configure(Path.of(natives), CacheDirectory.current());
    }
}
