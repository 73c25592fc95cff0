package cinegen.app.generate;

import cinegen.engine.pack.ModelPackException;
import cinegen.engine.pipeline.CancelToken;
import cinegen.engine.pipeline.GeneratedVideo;
import cinegen.engine.pipeline.GenerationRequest;
import cinegen.frames.GenerationMode;
import cinegen.engine.pipeline.StepListener;
import cinegen.engine.pipeline.VideoPipeline;
import cinegen.frames.Composite;
import cinegen.frames.CropRegion;
import cinegen.frames.FrameSequence;
import cinegen.frames.Mask;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Results at the source's resolution (issue 31; docs/decisions/0616): image-to-video, cinemagraphs and inpainting
 * take their image or video at its own size, the model generates at its size, and what it made is scaled up and
 * blended into the untouched source frames through the feathered mask. Outside the painted region (beyond the
 * feather band) every output pixel is the source's own; image-to-video's and a cinemagraph's first frame is the
 * image itself; an inpainted clip has the video's frame rate and its frame f is the video's frame f.
 * <p>
 * What the model sees is a {@link CropRegion} of the source at the model's aspect ratio: the whole frame (padded on
 * one axis when the shapes differ), or with crop-to-region the painted part and a margin around it, so a small
 * region gets all of the model's pixels. The command line ({@code generate}) and the studio
 * ({@link GenerationService}) both generate through {@link #generate}.
 */
public final class SourceComposite {
    private SourceComposite() {}

    /** Whether a mode crops to the painted region unless told otherwise: inpainting and cinemagraphs do. */
    public static boolean cropsByDefault(GenerationMode mode) {
        return mode == GenerationMode.INPAINT || mode == GenerationMode.CINEMAGRAPH;
    }

    /**
     * Generates {@code request} (its image or video and masks at the source's own size) with {@code pipeline} and
     * returns the clip at the source's size. Text-to-video has no source: it is generated as it is.
     */
    public static GeneratedVideo generate(VideoPipeline pipeline, GenerationRequest request, boolean cropToRegion,
                                          StepListener listener, CancelToken cancel) throws ModelPackException {
        if (request.mode() == GenerationMode.TEXT_TO_VIDEO) return pipeline.generate(request, listener, cancel);
        checkMemory(request, Runtime.getRuntime().maxMemory());
        int[] size = VideoPipeline.generationSize(request, pipeline.model().info());
        Plan plan = plan(request, size[0], size[1], cropToRegion);
        GeneratedVideo made = pipeline.generate(plan.modelRequest(), listener, cancel);
        long start = System.nanoTime();
        FrameSequence frames = plan.composite(made.frames());
        return new GeneratedVideo(frames, request, made.modelName(), made.modelHash(), made.device(),
                made.elapsedNanos() + System.nanoTime() - start, made.latents());
    }

    /**
     * How a request at the source's size is generated at {@code genWidth x genHeight}: the region the model sees,
     * the request the engine gets (inputs cut to the region and scaled to the model's size) and the source's masks at
     * the source's size.
     */
    public static Plan plan(GenerationRequest request, int genWidth, int genHeight, boolean cropToRegion) {
        FrameSequence source = request.mode() == GenerationMode.INPAINT ? request.video() : request.image();
        if (source == null || source.isEmpty()) throw new IllegalArgumentException(request.mode().title() + " needs a source");
        int w = source.width(), h = source.height();
        int used = request.mode() == GenerationMode.INPAINT ? Math.min(request.frames(), source.frameCount()) : 1;
        List<Mask> masks = new ArrayList<>();
        Map<Mask, Mask> atSize = new IdentityHashMap<>();
        for (Mask m : request.masks()) masks.add(atSize.computeIfAbsent(m, x -> Composite.toFrameSize(x, w, h)));
        CropRegion region = CropRegion.whole(w, h, genWidth, genHeight);
        if (cropToRegion && request.mode().needsMask() && !masks.isEmpty()) {
            region = CropRegion.around(masks, w, h, genWidth, genHeight, 0);
            int radius = featherRadius(request.feather(), region, genWidth);
            region = CropRegion.around(masks, w, h, genWidth, genHeight, radius + 2);
        }
        GenerationRequest.Builder b = request.toBuilder();
        if (request.mode() == GenerationMode.INPAINT) {
            List<int[]> cut = new ArrayList<>(used);
            for (int f = 0; f < used; f++) cut.add(region.crop(source.frame(f), w, h, genWidth, genHeight));
            b.video(new FrameSequence(genWidth, genHeight, source.fps(), cut));
            b.frames(used); // output frame f is input frame f: no frames made up past the video's end
        } else {
            b.image(FrameSequence.single(genWidth, genHeight, region.crop(source.frame(0), w, h, genWidth, genHeight)));
        }
        if (request.mode().needsMask()) {
            List<Mask> cut = new ArrayList<>(masks.size());
            Map<Mask, Mask> done = new IdentityHashMap<>();
            CropRegion r = region;
            for (Mask m : masks) cut.add(done.computeIfAbsent(m, x -> r.crop(x, genWidth, genHeight)));
            b.masks(cut);
        }
        return new Plan(request, region, b.build(), masks, genWidth, genHeight);
    }

    /** At most this share of the heap may hold the result's full-size frames. */
    static final double MEMORY_SHARE = 0.5;

    /**
     * Refuses, before any work, a result whose full-size frames would not fit in {@link #MEMORY_SHARE} of
     * {@code maxHeap} bytes (a 24-megapixel photo made into 16 frames needs 1.5 GB), with a sentence saying so.
     */
    public static void checkMemory(GenerationRequest request, long maxHeap) {
        FrameSequence s = request.mode() == GenerationMode.INPAINT ? request.video() : request.image();
        if (s == null) return;
        int frames = request.mode() == GenerationMode.INPAINT ? Math.min(request.frames(), s.frameCount()) : request.frames();
        long need = 4L * s.width() * s.height() * frames;
        long may = (long) (maxHeap * MEMORY_SHARE);
        if (need > may) {
            throw new IllegalArgumentException(frames + " frames at " + s.width() + "x" + s.height() + " need " + need / (1 << 20)
                    + " MB, more than the " + may / (1 << 20) + " MB this process may hold; make fewer frames or use a smaller picture");
        }
    }

    /** The feather band in source pixels: the request's feather in model pixels, times the region's scale when enlarged. */
    static int featherRadius(double feather, CropRegion region, int genWidth) {
        return (int) Math.round(feather * Math.max(1, region.scaleTo(genWidth)));
    }

    /**
     * A planned generation.
     *
     * @param request      the request as given, at the source's size
     * @param region       the part of the source the model sees
     * @param modelRequest what the engine generates: inputs cut to the region at the model's size
     * @param masks        the painted masks at the source's size (one for all frames or one per frame)
     */
    public record Plan(GenerationRequest request, CropRegion region, GenerationRequest modelRequest, List<Mask> masks,
                       int genWidth, int genHeight) {
        private FrameSequence source() {
            return request.mode() == GenerationMode.INPAINT ? request.video() : request.image();
        }

        /** The frame rate of the result: an inpainted video keeps its own; a clip made from a still plays at the request's. */
        public double fps() {
            return request.mode() == GenerationMode.INPAINT ? request.video().fps() : request.fps();
        }

        /** The keep mask of output frame f at the source's size, before feathering (1 = the source's pixel). */
        float[] keep(int f) {
            FrameSequence s = source();
            int n = s.width() * s.height();
            float[] all = new float[n];
            switch (request.mode()) {
                case IMAGE_TO_VIDEO -> {
                    if (f == 0) java.util.Arrays.fill(all, 1f);
                    else {
                        // the region covers the whole frame; outside it (never) the source would stay
                        for (int y = 0; y < s.height(); y++) for (int x = 0; x < s.width(); x++) all[y * s.width() + x] = region.contains(x, y) ? 0f : 1f;
                    }
                    return all;
                }
                case CINEMAGRAPH -> {
                    if (f == 0) {
                        java.util.Arrays.fill(all, 1f);
                        return all;
                    }
                    return Composite.keepOf(masks.get(Math.min(f, masks.size() - 1)));
                }
                case INPAINT -> {
                    return Composite.keepOf(masks.get(Math.min(f, masks.size() - 1)));
                }
                default -> throw new IllegalStateException("no source to composite into for " + request.mode());
            }
        }

        /** The generated frames ({@code genWidth x genHeight}) blended into the source frames at the source's size. */
        public FrameSequence composite(FrameSequence generated) {
            if (generated.width() != genWidth || generated.height() != genHeight) {
                throw new IllegalArgumentException("generated frames are " + generated.width() + "x" + generated.height()
                        + ", the plan made " + genWidth + "x" + genHeight);
            }
            FrameSequence s = source();
            int w = s.width(), h = s.height();
            int radius = featherRadius(request.feather(), region, genWidth);
            Map<Object, float[]> feathered = new java.util.HashMap<>();
            List<int[]> out = new ArrayList<>(generated.frameCount());
            for (int f = 0; f < generated.frameCount(); f++) {
                int[] src = s.frame(Math.min(f, s.frameCount() - 1));
                Object key = keyOf(f);
                final int frame = f;
                float[] k = feathered.computeIfAbsent(key, x -> Composite.featheredKeep(keep(frame), w, h, radius));
                if (Composite.keepsAll(k)) {
                    out.add(src);
                    continue;
                }
                int[] up = region.uncrop(generated.frame(f), genWidth, genHeight);
                out.add(Composite.blend(src, w, h, up, region, k));
            }
            return new FrameSequence(w, h, fps(), out);
        }

        /** Frames with the same keep mask share one feathered copy: the first frame, or the mask in use. */
        private Object keyOf(int f) {
            boolean firstKeepsAll = request.mode() == GenerationMode.IMAGE_TO_VIDEO || request.mode() == GenerationMode.CINEMAGRAPH;
            if (f == 0 && firstKeepsAll) return "first";
            if (request.mode() == GenerationMode.IMAGE_TO_VIDEO) return "rest";
            return masks.get(Math.min(f, masks.size() - 1));
        }
    }
}
