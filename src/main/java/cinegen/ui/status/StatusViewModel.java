package cinegen.ui.status;

import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** What the status bar shows: a message, the device and model line, and the progress of a running job. */
public final class StatusViewModel {
    /** Progress value meaning "working, amount unknown" (an indeterminate bar). */
    public static final double INDETERMINATE = -1;

    private final StringProperty message = new SimpleStringProperty(this, "message", "Ready");
    private final StringProperty deviceInfo = new SimpleStringProperty(this, "deviceInfo", "");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", 0);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);

    public StatusViewModel(String deviceInfo) {
        this.deviceInfo.set(deviceInfo);
    }

    /** The device and model line, e.g. "CPU · 8 cores · no model pack loaded"; later fed by the engine service. */
    public StringProperty deviceInfoProperty() { return deviceInfo; }
    public StringProperty messageProperty() { return message; }
    /** 0..1, or {@link #INDETERMINATE}; only shown while {@link #busyProperty()} is true. */
    public DoubleProperty progressProperty() { return progress; }
    public ReadOnlyBooleanProperty busyProperty() { return busy.getReadOnlyProperty(); }

    public String message() { return message.get(); }
    public boolean isBusy() { return busy.get(); }

    public void showMessage(String text) { message.set(text); }

    /** A job started: shows its message and an indeterminate bar until it reports progress. */
    public void begin(String text) {
        message.set(text);
        progress.set(INDETERMINATE);
        busy.set(true);
    }

    /** The job ended; the bar hides and {@code text} says how it went. */
    public void finish(String text) {
        busy.set(false);
        progress.set(0);
        message.set(text);
    }
}
