package cinegen.engine.pack;

import cinegen.engine.family.bundled.*;

/** IEEE 754 half-precision conversion (round to nearest even), for compact weight files. */
public final class Half {
    private Half() {}

    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) {
            if (mant == 0) return Float.intBitsToFloat(sign);
            float f = mant / 1024f * (float) Math.pow(2, -14);
            return sign != 0 ? -f : f;
        }
        if (exp == 31) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    public static short fromFloat(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int val = (bits & 0x7fffffff);
        if (val >= 0x7f800000) return (short) (sign | 0x7c00 | (val > 0x7f800000 ? 0x200 : 0));
        if (val >= 0x477ff000) return (short) (sign | 0x7bff); // clamp to the largest half (65504)
        if (val < 0x38800000) { // subnormal or zero
            if (val < 0x33000000) return (short) sign;
            int exp = val >>> 23;
            int mant = (val & 0x7fffff) | 0x800000;
            int shift = 126 - exp;
            int half = mant >>> shift;
            int rem = mant & ((1 << shift) - 1);
            int mid = 1 << (shift - 1);
            if (rem > mid || (rem == mid && (half & 1) != 0)) half++;
            return (short) (sign | half);
        }
        int exp = ((val >>> 23) - 127 + 15);
        int mant = val & 0x7fffff;
        int half = (exp << 10) | (mant >>> 13);
        int rem = mant & 0x1fff;
        if (rem > 0x1000 || (rem == 0x1000 && (half & 1) != 0)) half++;
        return (short) (sign | half);
    }
}
