package cinegen.engine.family.bundled.scene;


import java.util.Locale;

/** The words of the scene grammar: colours, shapes, motions and backgrounds, with how each is drawn. */
public final class SceneVocabulary {
    private SceneVocabulary() {}

    public enum Hue {
        RED(220, 40, 40), ORANGE(245, 140, 30), YELLOW(240, 220, 40), GREEN(40, 180, 60), CYAN(40, 210, 220),
        BLUE(40, 80, 230), PURPLE(140, 60, 200), PINK(245, 120, 190), WHITE(245, 245, 245);

        public final int r, g, b;

        Hue(int r, int g, int b) { this.r = r; this.g = g; this.b = b; }

        public String word() { return name().toLowerCase(Locale.ROOT); }
    }

    public enum ShapeKind {
        CIRCLE, SQUARE, TRIANGLE, STAR;

        public String word() { return name().toLowerCase(Locale.ROOT); }
    }

    public enum Motion {
        LEFT, RIGHT, UP, DOWN, STILL, GROWING, SHRINKING, BOUNCING;

        public String word() { return name().toLowerCase(Locale.ROOT); }

        public boolean isTranslation() { return ordinal() <= DOWN.ordinal(); }

        /** The motion seen in a mirror (left-right flip). */
        public Motion mirrored() { return this == LEFT ? RIGHT : this == RIGHT ? LEFT : this; }

        /** The motion seen when the clip is played backwards. */
        public Motion reversed() {
            return switch (this) {
                case LEFT -> RIGHT;
                case RIGHT -> LEFT;
                case UP -> DOWN;
                case DOWN -> UP;
                case GROWING -> SHRINKING;
                case SHRINKING -> GROWING;
                default -> this;
            };
        }
    }

    public enum Background {
        BLACK, WHITE, GRAY, SKY, SUNSET, GRASS, CHECKERBOARD;

        public String word() { return name().toLowerCase(Locale.ROOT); }

        /** A representative colour, used to avoid objects that would vanish into their background. */
        public int[] meanRgb() {
            return switch (this) {
                case BLACK -> new int[] {15, 15, 18};
                case WHITE -> new int[] {240, 240, 235};
                case GRAY -> new int[] {128, 128, 128};
                case SKY -> new int[] {120, 170, 240};
                case SUNSET -> new int[] {185, 100, 105};
                case GRASS -> new int[] {60, 140, 50};
                case CHECKERBOARD -> new int[] {145, 145, 145};
            };
        }
    }

    /** True when an object of this colour is clearly visible on this background. */
    public static boolean contrasts(Hue hue, Background bg) {
        int[] m = bg.meanRgb();
        double d = Math.sqrt(sq(hue.r - m[0]) + sq(hue.g - m[1]) + sq(hue.b - m[2]));
        return d > 110;
    }

    private static double sq(double v) { return v * v; }

    /** Every word the captions use: the bundled text encoder's vocabulary (after PAD and UNK). */
    public static java.util.List<String> words() {
        java.util.List<String> w = new java.util.ArrayList<>(java.util.List.of("a", "an", "and", "moving", "on", "background", "the"));
        for (Hue h : Hue.values()) w.add(h.word());
        for (ShapeKind s : ShapeKind.values()) w.add(s.word());
        for (Motion m : Motion.values()) w.add(m.word());
        for (Background b : Background.values()) w.add(b.word());
        return w;
    }
}
