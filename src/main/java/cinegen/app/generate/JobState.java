package cinegen.app.generate;

/** Where a generation job is in its life. */
public enum JobState {
    QUEUED("Queued"), RUNNING("Running"), DONE("Done"), FAILED("Failed"), CANCELLED("Cancelled"),
    /**
     * Only in a project's job history, never given by the service: the job was queued or running when its project
     * was last saved, and the project does not say how it ended (docs/decisions/0619).
     */
    INTERRUPTED("Interrupted");

    private final String label;

    JobState(String label) { this.label = label; }

    public String label() { return label; }

    /** Done, failed, cancelled or interrupted: nothing more happens to the job. */
    public boolean isFinished() { return this == DONE || this == FAILED || this == CANCELLED || this == INTERRUPTED; }
}
