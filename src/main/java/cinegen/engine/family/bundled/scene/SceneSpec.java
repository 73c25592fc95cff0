package cinegen.engine.family.bundled.scene;


import cinegen.engine.family.bundled.scene.SceneVocabulary.Background;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Hue;
import cinegen.engine.family.bundled.scene.SceneVocabulary.Motion;
import cinegen.engine.family.bundled.scene.SceneVocabulary.ShapeKind;

import java.util.List;

/**
 * A procedural scene: objects on a background, all moving the same way. Positions and sizes are in units of
 * the frame width (0..1), speeds in frame widths per second, so one scene renders at any resolution and its
 * per-frame motion follows the frame rate (the FPS condition).
 */
public record SceneSpec(Background background, List<Item> items, Motion motion, double fps, long textureSeed) {

    /** One object: colour, shape, start centre, radius, speed (widths/s) and growth rate (1/s) or bounce. */
    public record Item(Hue hue, ShapeKind shape, double x, double y, double radius, double speed, double rate, double rotation) {}

    /** The caption of this scene in the grammar: "a red circle and a blue square moving left on a sky background". */
    public String caption(boolean withMovingWord, boolean withBackground) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) sb.append(" and ");
            sb.append("a ").append(items.get(i).hue().word()).append(' ').append(items.get(i).shape().word());
        }
        if (motion.isTranslation() || withMovingWord) sb.append(" moving");
        sb.append(' ').append(motion.word());
        if (withBackground) sb.append(" on a ").append(background.word()).append(" background");
        return sb.toString();
    }

    public String caption() { return caption(true, true); }

    /** The object's centre x, y and radius (in widths) at frame {@code f}. */
    public double[] state(Item it, int f) {
        double t = f / fps;
        double x = it.x(), y = it.y(), r = it.radius();
        switch (motion) {
            case LEFT -> x -= it.speed() * t;
            case RIGHT -> x += it.speed() * t;
            case UP -> y -= it.speed() * t;
            case DOWN -> y += it.speed() * t;
            case GROWING -> r *= Math.exp(it.rate() * t);
            case SHRINKING -> r *= Math.exp(-it.rate() * t);
            case BOUNCING -> y -= it.speed() * Math.abs(Math.sin(Math.PI * t * it.rate()));
            case STILL -> { }
        }
        return new double[] {x, y, r};
    }
}
