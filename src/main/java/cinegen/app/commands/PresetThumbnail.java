package cinegen.app.commands;

import cinegen.engine.family.bundled.ModelPack;
import cinegen.engine.family.bundled.VideoModel;
import cinegen.engine.pack.StyleMix;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.frames.FrameSequence;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Renders a style preset's thumbnail: one frame of a prompt that shows the look, with the style at its strength. */
final class PresetThumbnail {
    private PresetThumbnail() {}

    /** Used when nothing better is known (a style learned from the artist's own images). */
    static final String DEFAULT_PROMPT = "a yellow star and a blue circle on a gray background";
    static final long SEED = 3;
    static final int STEPS = 20;

    /** Writes the PNG to {@code file} atomically (a temporary file beside it, then a rename). */
    static void render(ModelPack pack, String style, double alpha, String prompt, long seed, Path file) throws Exception {
        FrameSequence f;
        try (VideoModel model = VideoModel.load(pack, ai.djl.Device.cpu())) {
            GenerationRequest r = GenerationRequest.builder().prompt(prompt).frames(1)
                    .steps(STEPS).seed(seed).style(StyleMix.parse(style + ":" + alpha, alpha)).build();
            f = new VideoPipeline(model).generate(r, StepListener.NONE, CancelToken.none()).frames();
        }
        BufferedImage img = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, f.width(), f.height(), f.frame(0), 0, f.width());
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer for the thumbnail");
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
