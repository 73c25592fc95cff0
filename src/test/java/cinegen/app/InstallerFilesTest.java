package cinegen.app;

import cinegen.project.io.ProjectStore;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jpackage argument files under installer/ name files that exist and agree with the code they launch. */
class InstallerFilesTest {
    private static final Path INSTALLER = Path.of("installer");
    private static final List<String> OSES = List.of("linux", "windows", "mac");

    @Test
    void everyFileAnArgumentFileNamesExistsAndIconsDecode() throws IOException {
        for (Path args : argumentFiles()) {
            List<String> tokens = tokens(args);
            for (int i = 0; i < tokens.size() - 1; i++) {
                String option = tokens.get(i);
                String value = tokens.get(i + 1);
                switch (option) {
                    case "--icon", "--file-associations", "--resource-dir" ->
                            assertTrue(Files.exists(Path.of(value)), args + ": " + option + " " + value + " is missing");
                    case "--add-launcher" -> {
                        Path props = Path.of(value.substring(value.indexOf('=') + 1));
                        assertTrue(Files.isRegularFile(props), args + ": launcher properties " + props + " missing");
                    }
                    default -> { }
                }
                if (option.equals("--icon")) assertIcon(Path.of(value));
            }
        }
    }

    @Test
    void projectFilesAreAssociatedOnEveryOsWithAnIcon() throws IOException {
        String documentSuffix = ProjectStore.PROJECT_FILE.substring(ProjectStore.PROJECT_FILE.indexOf('.') + 1);
        for (String os : OSES) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(INSTALLER.resolve(os).resolve("project-files.properties"))) {
                p.load(r);
            }
            assertEquals(documentSuffix, p.getProperty("extension"), os);
            assertEquals("application/x-cinegen-project", p.getProperty("mime-type"), os);
            assertIcon(Path.of(p.getProperty("icon")));
            assertTrue(tokens(INSTALLER.resolve(os).resolve("jpackage-installer.txt")).contains(
                    "installer/" + os + "/project-files.properties"), os + " installer does not associate project files");
        }
    }

    @Test
    void launcherStartsMainAndPointsTheAppAtItsExtractedNatives() throws IOException {
        List<String> common = tokens(INSTALLER.resolve("jpackage-common.txt"));
        assertEquals(Main.class.getName(), common.get(common.indexOf("--main-class") + 1));
        assertTrue(common.contains("-D" + InstalledNatives.NATIVES_PROPERTY + "=$APPDIR/natives"), common.toString());
        assertTrue(common.contains("-Djava.library.path=$APPDIR/natives/ffmpeg"), common.toString());
    }

    @Test
    void linuxDesktopEntryOpensProjectsWithTheLauncher() throws IOException {
        String entry = Files.readString(INSTALLER.resolve("linux/resources/cinegen.desktop"));
        assertTrue(entry.contains("MimeType=application/x-cinegen-project;"), entry);
        assertTrue(entry.lines().anyMatch(l -> l.startsWith("Exec=") && l.endsWith(" %f")), entry);
        assertTrue(entry.contains("Name=Cinegen Studio"), entry);
    }

    private static List<Path> argumentFiles() {
        List<Path> files = new ArrayList<>(List.of(INSTALLER.resolve("jpackage-common.txt")));
        for (String os : OSES) {
            files.add(INSTALLER.resolve(os).resolve("jpackage.txt"));
            files.add(INSTALLER.resolve(os).resolve("jpackage-installer.txt"));
        }
        return files;
    }

    /** Splits an argument file the way jpackage does for these files: whitespace, with double-quoted strings. */
    private static List<String> tokens(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(Files.readString(file, StandardCharsets.UTF_8));
        while (m.find()) out.add(m.group(1) != null ? m.group(1) : m.group(2));
        return out;
    }

    private static void assertIcon(Path icon) throws IOException {
        byte[] b = Files.readAllBytes(icon);
        String name = icon.getFileName().toString();
        if (name.endsWith(".png")) {
            BufferedImage img = ImageIO.read(icon.toFile());
            assertNotNull(img, icon + " is not a PNG");
            assertTrue(img.getWidth() >= 128, icon + " is too small for a desktop icon");
        } else if (name.endsWith(".ico")) {
            ByteBuffer h = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
            assertEquals(0, h.getShort(0), icon.toString());
            assertEquals(1, h.getShort(2), icon + " is not an icon resource");
            assertTrue(h.getShort(4) >= 1, icon + " holds no image");
        } else if (name.endsWith(".icns")) {
            assertEquals("icns", new String(b, 0, 4, StandardCharsets.US_ASCII), icon + " is not an ICNS file");
            assertEquals(b.length, ByteBuffer.wrap(b).getInt(4), icon + " has a wrong length");
        } else {
            throw new AssertionError("unexpected icon type " + icon);
        }
    }
}
