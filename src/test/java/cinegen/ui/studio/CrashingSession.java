package cinegen.ui.studio;

import cinegen.app.studio.StudioSession;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Run in a separate JVM by {@link RecoveryOfferTest}: starts a session (an untitled project), imports a picture into
 * it as the media bin does, autosaves and dies without closing anything, as a crashed studio would.
 * Argument: the settings folder.
 */
public final class CrashingSession {
    /** The picture imported before the crash. */
    public static final String PICTURE = "storyboard.png";

    public static void main(String[] args) throws Exception {
        Path settings = Path.of(args[0]);
        StudioSession s = StudioSession.start(settings);
        Path picture = Files.createDirectories(settings.resolve("pictures")).resolve(PICTURE);
        ImageIO.write(new BufferedImage(32, 24, BufferedImage.TYPE_INT_RGB), "png", picture.toFile());
        s.addImported(s.prepareImport(picture));
        s.autosave();
        System.out.println("ready to crash");
        System.out.flush();
        Runtime.getRuntime().halt(3);
    }
}
