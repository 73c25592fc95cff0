package cinegen.ui.bin;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/** The bin's items and selection; adding files checks each one and reports what happened in one sentence. */
public final class MediaBinViewModel {
    private final ObservableList<MediaItem> items = FXCollections.observableArrayList();
    private final ObjectProperty<MediaItem> selected = new SimpleObjectProperty<>(this, "selected");
    private final Consumer<String> notify;

    /** {@code notify} receives the outcome of each import, for the status bar. */
    public MediaBinViewModel(Consumer<String> notify) {
        this.notify = Objects.requireNonNull(notify, "notify");
    }

    public ObservableList<MediaItem> items() { return items; }
    public ObjectProperty<MediaItem> selectedProperty() { return selected; }

    /** Whether a drag carrying these files is worth accepting (at least one is an image or video). */
    public boolean accepts(List<Path> files) {
        return files.stream().anyMatch(f -> MediaKind.of(f).isPresent());
    }

    /**
     * Adds the images and videos among {@code files}, skipping other files, missing files and files already in
     * the bin. Returns the sentence that was also sent to the status bar.
     */
    public String addFiles(List<Path> files) {
        List<MediaItem> added = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Path raw : files) {
            Path file = raw.toAbsolutePath().normalize();
            Optional<MediaKind> kind = MediaKind.of(file);
            String name = String.valueOf(file.getFileName());
            if (kind.isEmpty()) {
                problems.add(name + " is not an image or a video");
            } else if (!Files.isRegularFile(file)) {
                problems.add(name + " was not found");
            } else if (contains(file) || added.stream().anyMatch(i -> i.path().equals(file))) {
                problems.add(name + " is already in the bin");
            } else {
                added.add(new MediaItem(file, kind.get()));
            }
        }
        items.addAll(added);
        if (!added.isEmpty()) selected.set(added.get(added.size() - 1));
        String message = summary(added, problems);
        notify.accept(message);
        return message;
    }

    public void remove(MediaItem item) {
        items.remove(item);
        if (Objects.equals(selected.get(), item)) selected.set(null);
    }

    private boolean contains(Path file) {
        return items.stream().anyMatch(i -> i.path().equals(file));
    }

    private static String summary(List<MediaItem> added, List<String> problems) {
        StringBuilder sb = new StringBuilder();
        if (added.size() == 1) sb.append("Added ").append(added.get(0).name()).append(" to the bin.");
        else if (added.size() > 1) sb.append("Added ").append(added.size()).append(" files to the bin.");
        if (!problems.isEmpty()) {
            if (sb.length() > 0) sb.append(' ');
            sb.append("Skipped: ").append(String.join("; ", problems.subList(0, Math.min(3, problems.size()))));
            if (problems.size() > 3) sb.append("; and ").append(problems.size() - 3).append(" more");
            sb.append('.');
        }
        if (sb.length() == 0) sb.append("Nothing to add.");
        return sb.toString();
    }
}
