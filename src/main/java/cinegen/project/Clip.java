package cinegen.project;

import java.util.Objects;

/**
 * A piece of a media item placed on the timeline. Immutable.
 * One source frame lasts one timeline frame (no retiming); a still image repeats for the clip's length.
 *
 * @param start   first timeline frame the clip covers
 * @param inPoint first source frame shown (inclusive)
 * @param outPoint source frame after the last one shown (exclusive)
 */
public record Clip(String id, String mediaId, String name, long start, int inPoint, int outPoint) {
    public Clip {
        Ids.require(id, "clip");
        Ids.require(mediaId, "media");
        name = Objects.requireNonNullElse(name, "");
        if (start < 0) throw new IllegalArgumentException("clip '" + id + "' starts before the timeline (" + start + ")");
        if (inPoint < 0 || outPoint <= inPoint) {
            throw new IllegalArgumentException("clip '" + id + "' has in point " + inPoint + " and out point " + outPoint
                    + "; need 0 <= in < out");
        }
    }

    public int length() { return outPoint - inPoint; }

    /** The timeline frame just after the clip. */
    public long end() { return start + length(); }

    public boolean covers(long frame) { return frame >= start && frame < end(); }

    public Clip withStart(long newStart) { return new Clip(id, mediaId, name, newStart, inPoint, outPoint); }

    public Clip withPoints(int newIn, int newOut) { return new Clip(id, mediaId, name, start, newIn, newOut); }

    public Clip withName(String newName) { return new Clip(id, mediaId, newName, start, inPoint, outPoint); }

    public Clip withId(String newId) { return new Clip(newId, mediaId, name, start, inPoint, outPoint); }

    public Clip withMedia(String newMediaId, int newIn, int newOut) { return new Clip(id, newMediaId, name, start, newIn, newOut); }
}
