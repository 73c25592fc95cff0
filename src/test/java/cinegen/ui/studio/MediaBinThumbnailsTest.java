package cinegen.ui.studio;

import cinegen.ui.main.StudioWindow;
import javafx.application.Platform;
import javafx.scene.control.ListCell;
import javafx.scene.image.ImageView;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The media bin shows each item's first frame beside it, and its whole name on hover. */
@ExtendWith(ApplicationExtension.class)
class MediaBinThumbnailsTest {
    @TempDir Path settings;
    @TempDir Path outside;
    private StudioWindow window;

    @Start
    void start(Stage stage) {
        Platform.setImplicitExit(false);
        window = StudioWindow.open(stage, settings, StudioWindow.ModelChoice.in(settings.resolve("no-pack")));
    }

    @AfterEach
    void closeWindows() throws Exception {
        org.testfx.api.FxToolkit.cleanupStages();
    }

    @Test
    void importedPictureAndVideoShowTheirFirstFrameAndTheirFullNameOnHover(FxRobot robot) throws Exception {
        String longName = "harbour at dusk, second take with the long lens and the tripod lowered.png";
        Path photo = StudioFixtures.photo(outside, longName, 96, 64);
        Path video = cinegen.media.TestVideos.greySteps(outside.resolve("steps.mp4"), 64, 48, 12, 24);
        robot.interact(() -> window.viewModel().mediaBin().addFiles(List.of(photo, video)));
        var vm = window.viewModel();
        StudioFixtures.await(window, () -> vm.project().media().size() == 2
                && vm.mediaBin().thumbnails().size() == 2, "both imports and their thumbnails");

        for (var item : vm.project().media()) {
            StackPane box = robot.lookup("#binThumb-" + item.id()).queryAs(StackPane.class);
            ImageView view = (ImageView) box.getChildren().stream().filter(n -> n instanceof ImageView).findFirst()
                    .orElseThrow(() -> new AssertionError(item.name() + " shows no picture"));
            assertNotNull(view.getImage());
            assertTrue(view.getBoundsInParent().getWidth() > 20, "the picture is drawn at a visible size");
        }
        // The photo's thumbnail is its first frame: left half red, right half blue.
        var photoItem = vm.project().media().stream().filter(m -> m.name().equals(longName)).findFirst().orElseThrow();
        var t = vm.mediaBin().thumbnails().get(photoItem.id());
        int left = t.argb()[t.height() / 2 * t.width() + 2], right = t.argb()[t.height() / 2 * t.width() + t.width() - 3];
        assertTrue(((left >> 16) & 255) > 150 && (left & 255) < 100, Integer.toHexString(left));
        assertTrue((right & 255) > 150 && ((right >> 16) & 255) < 100, Integer.toHexString(right));
        assertEquals(3 / 2.0, t.width() / (double) t.height(), 0.05, "the photo's aspect ratio");

        // The row cuts the long name; the tooltip has all of it.
        ListCell<?> cell = robot.lookup("#mediaList .list-cell").match((ListCell<?> c) -> c.getItem() != null
                && c.getTooltip() != null && c.getTooltip().getText().contains("harbour")).queryAs(ListCell.class);
        assertTrue(cell.getTooltip().getText().startsWith(longName), cell.getTooltip().getText());
    }
}
