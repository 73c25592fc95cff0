package cinegen.tools.train;

import cinegen.engine.train.*;

import cinegen.engine.family.bundled.scene.*;

import cinegen.frames.Resample;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * Image crops for autoencoder training: frames of procedural scenes, procedural textures, and (when a folder
 * of photographs is given) random crops of photographs at random scales.
 */
public final class TrainingImages {
    public static final double DEFAULT_PHOTO_SHARE = 0.3;
    private final List<int[]> photos = new ArrayList<>();
    private final List<int[]> photoSizes = new ArrayList<>();
    private final SceneSampler scenes;
    private final int nativeSize;
    private final double sceneCut, textureCut;

    public TrainingImages(int nativeSize, int frames, Path photoFolder, int maxPhotos) throws IOException {
        this(nativeSize, frames, photoFolder, maxPhotos, DEFAULT_PHOTO_SHARE);
    }

    /** @param photoShare share of photo crops (when there are photos); the rest is 4:3 scene frames and textures */
    public TrainingImages(int nativeSize, int frames, Path photoFolder, int maxPhotos, double photoShare) throws IOException {
        if (!(photoShare >= 0 && photoShare <= 1)) throw new IllegalArgumentException("photo share must be in [0, 1]: " + photoShare);
        this.nativeSize = nativeSize;
        this.textureCut = photoShare == DEFAULT_PHOTO_SHARE ? 0.7 : 1 - photoShare;
        this.sceneCut = photoShare == DEFAULT_PHOTO_SHARE ? 0.4 : textureCut * 4 / 7;
        this.scenes = new SceneSampler(frames);
        if (photoFolder != null) loadPhotos(photoFolder, maxPhotos);
    }

    public int photoCount() { return photos.size(); }

    private void loadPhotos(Path folder, int max) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.walk(folder)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
            }).sorted().toList();
        }
        for (Path f : files) {
            if (photos.size() >= max) break;
            BufferedImage img;
            try {
                img = javax.imageio.ImageIO.read(f.toFile());
            } catch (IOException | RuntimeException e) {
                continue;
            }
            if (img == null || img.getWidth() < 64 || img.getHeight() < 64) continue;
            // Keep a copy whose short side is 4x native: crops then span scales from detail to whole scene.
            int w = img.getWidth(), h = img.getHeight();
            double s = (nativeSize * 4.0) / Math.min(w, h);
            int nw = Math.max(nativeSize, (int) Math.round(w * s)), nh = Math.max(nativeSize, (int) Math.round(h * s));
            int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
            photos.add(Resample.areaResizeArgb(argb, w, h, nw, nh));
            photoSizes.add(new int[] {nw, nh});
        }
    }

    /** A training crop: ARGB pixels, and whether it is a scene frame (the only images the denoiser ever sees). */
    public record Crop(int[] argb, boolean scene) {}

    /** One crop of {@code crop} x {@code crop} ARGB pixels. */
    public int[] sample(int crop, SplittableRandom rng) { return sampleCrop(crop, rng).argb(); }

    /** One crop, with its kind; draws exactly what {@link #sample} draws. */
    public Crop sampleCrop(int crop, SplittableRandom rng) {
        double u = rng.nextDouble();
        if (u < sceneCut) {
            SceneSpec spec = scenes.random(rng);
            int[] frame = SceneRenderer.renderFrame(spec, nativeSize, rng.nextInt(16));
            return new Crop(cropOf(frame, nativeSize, nativeSize, crop, rng), true);
        }
        if (u < textureCut || photos.isEmpty()) return new Crop(cropOf(Textures.random(nativeSize, nativeSize, rng), nativeSize, nativeSize, crop, rng), false);
        int i = rng.nextInt(photos.size());
        int[] size = photoSizes.get(i);
        // Random scale: shrink the photo so the crop covers between a quarter and all of its short side.
        int minSide = Math.min(size[0], size[1]);
        int window = crop + rng.nextInt(Math.max(1, minSide - crop + 1));
        int x = rng.nextInt(size[0] - window + 1), y = rng.nextInt(size[1] - window + 1);
        int[] region = new int[window * window];
        for (int r = 0; r < window; r++) System.arraycopy(photos.get(i), (y + r) * size[0] + x, region, r * window, window);
        int[] out = Resample.areaResizeArgb(region, window, window, crop, crop);
        return new Crop(rng.nextBoolean() ? flip(out, crop) : out, false);
    }

    private static int[] cropOf(int[] img, int w, int h, int crop, SplittableRandom rng) {
        if (crop == w && crop == h) return img;
        int x = rng.nextInt(w - crop + 1), y = rng.nextInt(h - crop + 1);
        int[] out = new int[crop * crop];
        for (int r = 0; r < crop; r++) System.arraycopy(img, (y + r) * w + x, out, r * crop, crop);
        return out;
    }

    private static int[] flip(int[] img, int size) {
        int[] out = new int[img.length];
        for (int y = 0; y < size; y++) for (int x = 0; x < size; x++) out[y * size + x] = img[y * size + size - 1 - x];
        return out;
    }
}
