package cinegen.media;

import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Resizes ARGB frames with FFmpeg's swscale Lanczos filter: sharp enlargement of our small native frames
 * without the blur of bilinear. One instance per size pair; not thread-safe; close it to free native memory.
 */
final class FrameScaler implements AutoCloseable {
    private final int srcW, srcH, dstW, dstH;
    private final SwsContext context;
    private final BytePointer src, dst;
    private final PointerPointer<?> srcPlanes, dstPlanes;
    private final IntPointer srcStride, dstStride;

    FrameScaler(int srcW, int srcH, int dstW, int dstH) {
        Ffmpeg.init();
        this.srcW = srcW;
        this.srcH = srcH;
        this.dstW = dstW;
        this.dstH = dstH;
        int flags = swscale.SWS_LANCZOS | swscale.SWS_ACCURATE_RND | swscale.SWS_FULL_CHR_H_INT;
        context = swscale.sws_getContext(srcW, srcH, Ffmpeg.ARGB_PIXEL_FORMAT, dstW, dstH, Ffmpeg.ARGB_PIXEL_FORMAT,
                flags, null, null, (DoublePointer) null);
        if (context == null) {
            throw new IllegalStateException("swscale cannot resize " + srcW + "x" + srcH + " to " + dstW + "x" + dstH);
        }
        src = new BytePointer((long) srcW * srcH * 4);
        dst = new BytePointer((long) dstW * dstH * 4);
        srcPlanes = new PointerPointer<>(4).put(0, src);
        dstPlanes = new PointerPointer<>(4).put(0, dst);
        srcStride = new IntPointer(srcW * 4, 0, 0, 0);
        dstStride = new IntPointer(dstW * 4, 0, 0, 0);
    }

    int[] scale(int[] argb) {
        if (argb.length != srcW * srcH) throw new IllegalArgumentException("frame size does not match the scaler");
        src.position(0).asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asIntBuffer().put(argb);
        swscale.sws_scale(context, srcPlanes, srcStride, 0, srcH, dstPlanes, dstStride);
        int[] out = new int[dstW * dstH];
        dst.position(0).asByteBuffer().order(java.nio.ByteOrder.nativeOrder()).asIntBuffer().get(out);
        return out;
    }

    @Override
    public void close() {
        swscale.sws_freeContext(context);
        src.close();
        dst.close();
        srcPlanes.close();
        dstPlanes.close();
        srcStride.close();
        dstStride.close();
    }
}
