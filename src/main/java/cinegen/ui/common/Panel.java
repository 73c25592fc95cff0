package cinegen.ui.common;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;

/** A studio panel: a slim header (icon, title, optional actions on the right) above the panel's content. */
public class Panel extends VBox {
    private final Label title;
    private final HBox header;

    public Panel(String id, String titleText, String iconLiteral, Node content, Node... actions) {
        setId(id);
        getStyleClass().add("studio-panel");
        title = new Label(titleText, new FontIcon(iconLiteral));
        title.getStyleClass().add("panel-title");
        title.setId(id + "Title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        header = new HBox(6, title, spacer);
        header.getChildren().addAll(actions);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("panel-header");
        VBox.setVgrow(content, Priority.ALWAYS);
        getChildren().addAll(header, content);
        setMinSize(0, 0);
    }

    public Label titleLabel() { return title; }
    public HBox header() { return header; }
}
