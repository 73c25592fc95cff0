package cinegen.app.generate;

/** Where a generation job is in its life. */
public enum JobState {
    QUEUED("Queued"), RUNNING("Running"), DONE("Done"), FAILED("Failed"), CANCELLED("Cancelled");

    private final String label;

    JobState(String label) { this.label = label; }

    public String label() { return label; }

    /** Done, failed or cancelled: nothing more happens to the job. */
    public boolean isFinished() { return this == DONE || this == FAILED || this == CANCELLED; }
}
