package cinegen.engine.diffusers.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The structure of a UNet that decides its weight names: channels per level, resnets per level, and which levels
 * (down and up, in diffusers' order) have cross-attention transformers. Read from a diffusers {@code config.json}
 * (UNet2DConditionModel, UNetMotionModel, UNet3DConditionModel) or inferred from the keys and shapes of an
 * original-layout checkpoint; never assumed.
 */
public record UnetLayout(int inChannels, List<Integer> blockOutChannels, int layersPerBlock,
                         List<Boolean> downAttention, List<Boolean> upAttention, boolean midAttention) {
    public UnetLayout {
        blockOutChannels = List.copyOf(blockOutChannels);
        downAttention = List.copyOf(downAttention);
        upAttention = List.copyOf(upAttention);
        if (blockOutChannels.isEmpty()) throw new IllegalArgumentException("a UNet needs at least one level");
        if (downAttention.size() != blockOutChannels.size() || upAttention.size() != blockOutChannels.size()) {
            throw new IllegalArgumentException("down/up block types do not match block_out_channels");
        }
        if (layersPerBlock < 1) throw new IllegalArgumentException("layers_per_block must be at least 1");
    }

    public int levels() { return blockOutChannels.size(); }

    /** From a parsed {@code config.json}; {@code file} names the config in errors. */
    public static UnetLayout fromConfig(JsonNode config, Path file) throws ModelFileException {
        JsonNode boc = config.get("block_out_channels"), down = config.get("down_block_types"), up = config.get("up_block_types");
        JsonNode lpb = config.get("layers_per_block"), in = config.get("in_channels");
        if (boc == null || !boc.isArray() || boc.isEmpty()) throw missing(file, "block_out_channels");
        if (down == null || !down.isArray()) throw missing(file, "down_block_types");
        if (up == null || !up.isArray()) throw missing(file, "up_block_types");
        if (lpb == null || !lpb.isInt()) throw new ModelFileException(file, "layers_per_block is missing or not one integer");
        if (in == null || !in.isInt()) throw missing(file, "in_channels");
        if (down.size() != boc.size() || up.size() != boc.size()) {
            throw new ModelFileException(file, "down_block_types and up_block_types must each have one entry per block_out_channels");
        }
        List<Integer> channels = new ArrayList<>();
        List<Boolean> downAttn = new ArrayList<>(), upAttn = new ArrayList<>();
        for (int i = 0; i < boc.size(); i++) {
            channels.add(boc.get(i).asInt());
            downAttn.add(down.get(i).asText().contains("CrossAttn"));
            upAttn.add(up.get(i).asText().contains("CrossAttn"));
        }
        String mid = config.path("mid_block_type").asText("UNetMidBlock2DCrossAttn");
        return new UnetLayout(in.asInt(), channels, lpb.asInt(), downAttn, upAttn, mid.contains("CrossAttn"));
    }

    public static UnetLayout fromConfigFile(Path configJson) throws ModelFileException {
        try {
            return fromConfig(new ObjectMapper().readTree(configJson.toFile()), configJson);
        } catch (IOException e) {
            throw new ModelFileException(configJson, "the config cannot be read as JSON (" + e.getMessage() + ")");
        }
    }

    private static ModelFileException missing(Path file, String key) {
        return new ModelFileException(file, key + " is missing from the UNet config");
    }

    private static final Pattern INPUT = Pattern.compile("input_blocks\\.(\\d+)\\.(\\d+)\\.(.*)");
    private static final Pattern OUTPUT = Pattern.compile("output_blocks\\.(\\d+)\\.(\\d+)\\.(.*)");

    /**
     * Infers the layout from an original-layout (LDM) UNet's keys under {@code prefix} (e.g.
     * {@code "model.diffusion_model."}): the level count from the downsamplers ({@code input_blocks.N.0.op}), the
     * resnets per level from the block count, attention from {@code input_blocks.N.1} / {@code output_blocks.N.1}
     * transformers, channels from each level's first resnet.
     */
    public static UnetLayout inferFromOriginal(TensorSource src, String prefix) throws ModelFileException {
        Path file = src.path();
        TreeSet<Integer> inputs = new TreeSet<>(), downsamplers = new TreeSet<>(), inputAttn = new TreeSet<>(), outputAttn = new TreeSet<>();
        TreeSet<Integer> outputs = new TreeSet<>();
        Collection<String> names = src.names();
        for (String k : names) {
            if (!k.startsWith(prefix)) continue;
            String rest = k.substring(prefix.length());
            Matcher m = INPUT.matcher(rest);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                inputs.add(n);
                if (m.group(2).equals("0") && m.group(3).startsWith("op.")) downsamplers.add(n);
                if (m.group(2).equals("1") && m.group(3).startsWith("transformer_blocks.")) inputAttn.add(n);
            }
            m = OUTPUT.matcher(rest);
            if (m.matches()) {
                int n = Integer.parseInt(m.group(1));
                outputs.add(n);
                if (m.group(2).equals("1") && m.group(3).startsWith("transformer_blocks.")) outputAttn.add(n);
            }
        }
        if (inputs.isEmpty() || outputs.isEmpty()) throw new ModelFileException(file, "has no UNet in the original layout (no " + prefix + "input_blocks)");
        int levels = downsamplers.size() + 1;
        int blocks = inputs.last() + 1;
        if (blocks % levels != 0 || outputs.last() + 1 != blocks) {
            throw new ModelFileException(file, "has a UNet whose input_blocks (" + blocks + ") and output_blocks (" + (outputs.last() + 1)
                    + ") do not form " + levels + " levels");
        }
        int layers = blocks / levels - 1;
        if (layers < 1) throw new ModelFileException(file, "has a UNet with no resnet per level in its input_blocks");
        List<Integer> channels = new ArrayList<>();
        List<Boolean> downAttn = new ArrayList<>(), upAttn = new ArrayList<>();
        for (int i = 0; i < levels; i++) {
            int first = 1 + i * (layers + 1);
            String conv2 = prefix + "input_blocks." + first + ".0.out_layers.3.weight";
            channels.add((int) src.info(conv2).dim(0));
            downAttn.add(inputAttn.contains(first));
            upAttn.add(outputAttn.contains(i * (layers + 1)));
        }
        boolean midAttn = names.contains(prefix + "middle_block.1.proj_in.weight");
        long in = src.info(prefix + "input_blocks.0.0.weight").dim(1);
        return new UnetLayout((int) in, channels, layers, downAttn, upAttn, midAttn);
    }
}
