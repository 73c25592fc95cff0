package cinegen.media.interpolate;

/**
 * A dense motion field: pixel (x, y) of the first image is found at (x + u, y + v) in the second.
 * Arrays are row-major and owned by the field.
 */
public record FlowField(int width, int height, float[] u, float[] v) {

    public FlowField {
        if (u.length != width * height || v.length != width * height) {
            throw new IllegalArgumentException("flow planes must hold " + width * height + " values");
        }
    }

    static FlowField zero(int width, int height) {
        return new FlowField(width, height, new float[width * height], new float[width * height]);
    }

    /** Mean flow vector over the whole field, handy for checks. */
    public double[] mean() {
        double su = 0, sv = 0;
        for (int i = 0; i < u.length; i++) { su += u[i]; sv += v[i]; }
        return new double[] {su / u.length, sv / v.length};
    }
}
