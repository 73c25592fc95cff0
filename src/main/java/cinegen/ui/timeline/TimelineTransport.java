package cinegen.ui.timeline;

/**
 * What the transport keys on the focused timeline do (Space, J, K, L, Left, Right, Home, End); the main view-model
 * implements it with the viewer, which plays the timeline's program and moves the playhead with it.
 */
public interface TimelineTransport {
    /** Space: play forward from the playhead, or pause. */
    void togglePlay();

    /** L: play forward; pressed again while playing forward, twice as fast (up to 4x). */
    void playForward();

    /** J: play backward; pressed again while playing backward, twice as fast (up to 4x). */
    void playReverse();

    /** K: stop where it is. */
    void stop();

    /** Left / Right: one frame back ({@code -1}) or forward ({@code 1}), paused. */
    void step(int frames);

    /** Home: the first frame. */
    void goToStart();

    /** End: the last frame. */
    void goToEnd();
}
