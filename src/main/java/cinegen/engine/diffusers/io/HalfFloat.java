package cinegen.engine.diffusers.io;

/** IEEE 754 half to float by table (exact for every one of the 65536 values, subnormals and NaN included). */
final class HalfFloat {
    private static final float[] TABLE = new float[1 << 16];

    static {
        for (int h = 0; h < TABLE.length; h++) TABLE[h] = compute(h);
    }

    private HalfFloat() {}

    static float toFloat(short h) { return TABLE[h & 0xffff]; }

    static void toFloat(short[] in, float[] out, int n) {
        for (int i = 0; i < n; i++) out[i] = TABLE[in[i] & 0xffff];
    }

    private static float compute(int h) {
        int sign = (h & 0x8000) << 16, exp = (h >>> 10) & 0x1f, mant = h & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            float f = mant * 0x1p-24f; // subnormal: mant * 2^-24, exact in float
            return sign != 0 ? -f : f;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
