package cinegen.ui.export;

import atlantafx.base.theme.Styles;
import cinegen.media.ExportOptions;
import cinegen.media.gif.GifDither;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.util.StringConverter;

import java.util.function.IntFunction;

/**
 * Asks how to export before anything is written: size, frame rate, in-between frames, quality and, for GIF,
 * dithering and looping. The result is the {@link ExportOptions} to use, or empty when the artist cancels.
 */
public final class ExportDialog extends Dialog<ExportOptions> {
    public static final ButtonType EXPORT = new ButtonType("Export", ButtonBar.ButtonData.OK_DONE);

    public ExportDialog(ExportSettingsViewModel vm, String fileName) {
        setTitle("Export Timeline");
        setHeaderText("Export to " + fileName);
        getDialogPane().setId("exportDialog");
        getDialogPane().getButtonTypes().addAll(EXPORT, ButtonType.CANCEL);
        getDialogPane().lookupButton(EXPORT).setId("exportConfirm");
        getDialogPane().lookupButton(ButtonType.CANCEL).setId("exportCancel");

        GridPane grid = new GridPane();
        grid.setHgap(12);
        grid.setVgap(10);
        grid.setPadding(new Insets(8, 16, 4, 16)); // labels clear of the dialog's edges
        ColumnConstraints labels = new ColumnConstraints();
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setMinWidth(240);
        grid.getColumnConstraints().addAll(labels, fields);
        int row = 0;

        ChoiceBox<Integer> size = choices("exportScale", ExportSettingsViewModel.SCALES, vm::scaleLabel);
        size.setValue(vm.scaleProperty().get());
        size.valueProperty().addListener((o, a, b) -> vm.scaleProperty().set(b));
        grid.addRow(row++, new Label("Size"), size);

        ChoiceBox<Integer> rate = choices("exportFps", ExportSettingsViewModel.FRAME_RATES, vm::fpsLabel);
        rate.setValue(vm.fpsProperty().get());
        rate.valueProperty().addListener((o, a, b) -> vm.fpsProperty().set(b));
        grid.addRow(row++, new Label("Frame rate"), rate);

        ChoiceBox<Integer> smooth = choices("exportInterpolation", ExportSettingsViewModel.INTERPOLATIONS,
                ExportSettingsViewModel::interpolationLabel);
        smooth.setValue(vm.interpolationProperty().get());
        smooth.valueProperty().addListener((o, a, b) -> vm.interpolationProperty().set(b));
        grid.addRow(row++, new Label("In-between frames"), smooth);

        Slider quality = new Slider(1, 100, vm.qualityProperty().get());
        quality.setId("exportQuality");
        quality.setBlockIncrement(5);
        quality.valueProperty().addListener((o, a, b) -> vm.qualityProperty().set((int) Math.round(b.doubleValue())));
        Label qualityValue = new Label();
        qualityValue.textProperty().bind(vm.qualityProperty().asString());
        qualityValue.setMinWidth(28);
        GridPane qualityRow = new GridPane();
        qualityRow.setHgap(8);
        qualityRow.addRow(0, quality, qualityValue);
        GridPane.setHgrow(quality, Priority.ALWAYS);
        Label qualityLabel = new Label("Quality");
        if (vm.qualityApplies()) grid.addRow(row++, qualityLabel, qualityRow);

        if (vm.gifOptionsApply()) {
            ChoiceBox<GifDither> dither = new ChoiceBox<>();
            dither.setId("exportGifDither");
            dither.getItems().addAll(GifDither.BAYER, GifDither.FLOYD_STEINBERG, GifDither.NONE);
            dither.setConverter(converter(d -> switch (d) {
                case BAYER -> "Ordered (steady in motion)";
                case FLOYD_STEINBERG -> "Error diffusion (finest gradients)";
                case NONE -> "None (flat colours)";
            }));
            dither.setValue(vm.gifDitherProperty().get());
            dither.valueProperty().addListener((o, a, b) -> vm.gifDitherProperty().set(b));
            grid.addRow(row++, new Label("Dithering"), dither);
            CheckBox loop = new CheckBox("Loop forever");
            loop.setId("exportGifLoop");
            loop.selectedProperty().bindBidirectional(vm.loopForeverProperty());
            grid.addRow(row++, new Label("Playback"), loop);
        }

        Label summary = new Label();
        summary.setId("exportSummary");
        summary.getStyleClass().add(Styles.TEXT_MUTED);
        summary.textProperty().bind(vm.summaryProperty());
        grid.add(summary, 0, row, 2, 1);

        getDialogPane().setContent(grid);
        setResultConverter(button -> button == EXPORT ? vm.options() : null);
    }

    private static ChoiceBox<Integer> choices(String id, java.util.List<Integer> values, IntFunction<String> label) {
        ChoiceBox<Integer> box = new ChoiceBox<>();
        box.setId(id);
        box.getItems().addAll(values);
        box.setConverter(converter(label::apply));
        box.setMaxWidth(Double.MAX_VALUE);
        return box;
    }

    private static <T> StringConverter<T> converter(java.util.function.Function<T, String> label) {
        return new StringConverter<>() {
            @Override public String toString(T value) { return value == null ? "" : label.apply(value); }
            @Override public T fromString(String s) { throw new UnsupportedOperationException(); }
        };
    }
}
