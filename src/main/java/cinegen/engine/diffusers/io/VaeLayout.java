package cinegen.engine.diffusers.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structure of an AutoencoderKL that decides its weight names: levels and resnets per encoder level (the
 * decoder has one more per level).
 */
public record VaeLayout(int levels, int layersPerBlock) {
    public VaeLayout {
        if (levels < 1 || layersPerBlock < 1) throw new IllegalArgumentException("a VAE needs at least one level and one resnet per level");
    }

    public static VaeLayout fromConfig(JsonNode config, Path file) throws ModelFileException {
        JsonNode boc = config.get("block_out_channels"), lpb = config.get("layers_per_block");
        if (boc == null || !boc.isArray() || boc.isEmpty()) throw new ModelFileException(file, "block_out_channels is missing from the VAE config");
        if (lpb == null || !lpb.isInt()) throw new ModelFileException(file, "layers_per_block is missing from the VAE config");
        return new VaeLayout(boc.size(), lpb.asInt());
    }

    public static VaeLayout fromConfigFile(Path configJson) throws ModelFileException {
        try {
            return fromConfig(new ObjectMapper().readTree(configJson.toFile()), configJson);
        } catch (IOException e) {
            throw new ModelFileException(configJson, "the config cannot be read as JSON (" + e.getMessage() + ")");
        }
    }

    private static final Pattern DOWN = Pattern.compile("encoder\\.down\\.(\\d+)\\.block\\.(\\d+)\\..*");

    /** Infers the layout from original-layout keys ({@code encoder.down.N.block.M}) under {@code prefix}. */
    public static VaeLayout inferFromOriginal(TensorSource src, String prefix) throws ModelFileException {
        TreeSet<Integer> levels = new TreeSet<>(), blocks = new TreeSet<>();
        for (String k : src.names()) {
            if (!k.startsWith(prefix)) continue;
            Matcher m = DOWN.matcher(k.substring(prefix.length()));
            if (m.matches()) {
                levels.add(Integer.parseInt(m.group(1)));
                if (m.group(1).equals("0")) blocks.add(Integer.parseInt(m.group(2)));
            }
        }
        if (levels.isEmpty()) throw new ModelFileException(src.path(), "has no VAE in the original layout (no " + prefix + "encoder.down)");
        return new VaeLayout(levels.last() + 1, blocks.last() + 1);
    }
}
