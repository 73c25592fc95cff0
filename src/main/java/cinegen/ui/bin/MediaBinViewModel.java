package cinegen.ui.bin;

import cinegen.frames.MediaKind;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The bin: the project's media items and the selection. Adding files checks each one (an image or video that
 * exists and was not imported already) and hands the good ones to the importer, which copies them into the
 * project in the background; the bin then shows what the project holds.
 */
public final class MediaBinViewModel {
    private final ObservableList<BinItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<BinItem> selected = new SimpleObjectProperty<>(this, "selected");
    /** Each item's first frame, small, by media id; filled off the FX thread as the items are decoded. */
    private final javafx.collections.ObservableMap<String, cinegen.ui.common.Thumbnail> thumbnails =
            FXCollections.observableHashMap();
    private final Consumer<String> notify;
    private final Set<Path> importedSources = new HashSet<>();
    private Consumer<List<Path>> importer;
    private Runnable onOpen = () -> { };
    private boolean updating;

    /** {@code notify} receives the outcome of each import, for the status bar. */
    public MediaBinViewModel(Consumer<String> notify) {
        this.notify = Objects.requireNonNull(notify, "notify");
    }

    public ObservableList<BinItem> items() { return items; }
    public ObjectProperty<BinItem> selectedProperty() { return selected; }
    public javafx.collections.ObservableMap<String, cinegen.ui.common.Thumbnail> thumbnails() { return thumbnails; }

    /** Who copies accepted files into the project (and reports how it went). */
    public void setImporter(Consumer<List<Path>> importer) { this.importer = importer; }

    /** Whether a drag carrying these files is worth accepting (at least one is an image or video). */
    public boolean accepts(List<Path> files) {
        return files.stream().anyMatch(f -> MediaKind.of(f).filter(k -> k != MediaKind.GENERATED).isPresent());
    }

    /**
     * Imports the images and videos among {@code files}, skipping other files, missing files and files imported
     * already. Returns the sentence that was also sent to the status bar.
     */
    public String addFiles(List<Path> files) {
        List<Path> accepted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path raw : files) {
            Path file = raw.toAbsolutePath().normalize();
            Optional<MediaKind> kind = MediaKind.of(file);
            String name = String.valueOf(file.getFileName());
            if (kind.isEmpty()) problems.add(name + " is not an image or a video");
            else if (!Files.isRegularFile(file)) problems.add(name + " was not found");
            else if (importedSources.contains(file) || accepted.contains(file)) problems.add(name + " is already in the bin");
            else accepted.add(file);
        }
        StringBuilder sb = new StringBuilder();
        if (!accepted.isEmpty() && importer == null) {
            problems.add(0, "import needs an open project");
            accepted.clear();
        }
        if (accepted.size() == 1) sb.append("Importing ").append(accepted.get(0).getFileName()).append("…");
        else if (accepted.size() > 1) sb.append("Importing ").append(accepted.size()).append(" files…");
        if (!problems.isEmpty()) {
            if (sb.length() > 0) sb.append(' ');
            sb.append("Skipped: ").append(String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
            if (problems.size() > 3) sb.append("; and ").append(problems.size() - 3).append(" more");
            sb.append('.');
        }
        if (sb.length() == 0) sb.append("Nothing to add.");
        String message = sb.toString();
        notify.accept(message);
        if (!accepted.isEmpty()) {
            importedSources.addAll(accepted);
            importer.accept(List.copyOf(accepted));
        }
        return message;
    }

    /** What a double-click or Enter on an item does (put it on the timeline). */
    public void setOnOpen(Runnable action) { onOpen = action == null ? () -> { } : action; }

    public void openSelected() { if (selected.get() != null) onOpen.run(); }

    /** Another project: any file may be imported into it. */
    public void forgetSources() { importedSources.clear(); }

    /** An import failed: the file may be tried again. */
    public void forgetSource(Path file) { importedSources.remove(file.toAbsolutePath().normalize()); }

    /** Shows the project's media, keeping the selection when its item is still there. */
    public void showMedia(List<cinegen.project.MediaItem> media) {
        String keep = selected.get() == null ? null : selected.get().id();
        List<BinItem> next = media.stream().map(BinItem::of).toList();
        updating = true;
        try {
            if (next.size() > items.size() && next.subList(0, items.size()).equals(items)) items.addAll(next.subList(items.size(), next.size()));
            else if (!next.equals(items)) items.setAll(next);
        } finally {
            updating = false;
        }
        selected.set(keep == null ? null : items.stream().filter(i -> i.id().equals(keep)).findFirst().orElse(null));
    }

    /** True while the list is being replaced (a list view's selection flickers then and is not the person's). */
    public boolean isUpdating() { return updating; }

    /** Selects the item with this media id, if it is in the bin. */
    public void select(String mediaId) {
        items.stream().filter(i -> i.id().equals(mediaId)).findFirst().ifPresent(selected::set);
    }
}
