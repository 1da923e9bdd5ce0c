package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.thinkact.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a plain Hugging Face Qwen3 directory from weights in memory, as {@code save_pretrained}
 * lays it out: {@code model.safetensors}, or shards {@code model-00001-of-0000N.safetensors} with
 * {@code model.safetensors.index.json} ({@code metadata.total_size}, {@code weight_map}) once the
 * weights pass the shard size; the source's {@code config.json} with {@code torch_dtype} set to
 * the stored type; its generation and tokenizer files. The directory appears complete or not at all.
 */
public final class CheckpointWriter {

  /** Files copied from the source model directory when present. */
  static final List<String> COPIED_FILES = List.of("generation_config.json", "tokenizer.json",
      "tokenizer_config.json", "vocab.json", "merges.txt", "special_tokens_map.json", "added_tokens.json",
      "chat_template.jinja");

  /**
   * How the weights are stored.
   *
   * @param dtype F32, BF16 or F16
   * @param maxShardBytes the most bytes of tensor data in one file (transformers' {@code max_shard_size});
   *     a tensor larger than this gets a file of its own
   */
  public record Layout(SafetensorsDtype dtype, long maxShardBytes) {
    /** transformers' default {@code max_shard_size="5GB"}: 5 * 10^9 bytes. */
    public static final long DEFAULT_MAX_SHARD_BYTES = 5_000_000_000L;

    /** One float32 file whatever the size: what run checkpoints use. */
    public static final Layout SINGLE_FLOAT32 = new Layout(SafetensorsDtype.F32, Long.MAX_VALUE);

    public Layout {
      if (dtype != SafetensorsDtype.F32 && dtype != SafetensorsDtype.BF16 && dtype != SafetensorsDtype.F16) {
        throw new IllegalArgumentException("weights are written as F32, BF16 or F16, not " + dtype);
      }
      if (maxShardBytes <= 0) {
        throw new IllegalArgumentException("maxShardBytes must be > 0, got " + maxShardBytes);
      }
    }

    /** The {@code torch_dtype} of config.json for this layout. */
    public String torchDtype() {
      return switch (dtype) {
        case BF16 -> "bfloat16";
        case F16 -> "float16";
        default -> "float32";
      };
    }
  }

  private CheckpointWriter() {}

  /** As {@link #write(Map, Path, Path, Layout)} as one float32 file. */
  public static void write(Map<String, NDArray> weights, Path sourceDir, Path outDir) throws IOException {
    write(weights, sourceDir, outDir, Layout.SINGLE_FLOAT32);
  }

  /**
   * Writes the checkpoint to {@code outDir} atomically (a temporary sibling, then a rename).
   *
   * @param weights every tensor under its Hugging Face name
   * @param sourceDir the model directory whose config and tokenizer files go with the weights
   */
  public static void write(Map<String, NDArray> weights, Path sourceDir, Path outDir, Layout layout) throws IOException {
    AtomicFiles.writeDirectory(outDir, dir -> writeInto(weights, sourceDir, dir, layout));
  }

  /** As {@link #write} into an existing directory that the caller makes atomic (a run checkpoint): one float32 file. */
  public static void writeInto(Map<String, NDArray> weights, Path sourceDir, Path dir) throws IOException {
    writeInto(weights, sourceDir, dir, Layout.SINGLE_FLOAT32);
  }

  /** As {@link #write} into an existing directory that the caller makes atomic. */
  public static void writeInto(Map<String, NDArray> weights, Path sourceDir, Path dir, Layout layout) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode modelConfig = (ObjectNode) json.readTree(sourceDir.resolve("config.json").toFile());
    modelConfig.put("torch_dtype", layout.torchDtype()); // what the weights are stored as
    Files.createDirectories(dir);
    List<Map<String, NDArray>> shards = shards(weights, layout);
    if (shards.size() == 1) {
      SafetensorsWriter.write(dir.resolve(WeightFiles.SINGLE_FILE), shards.get(0), layout.dtype());
    } else {
      Map<String, String> weightMap = new TreeMap<>();
      long totalSize = 0;
      for (int i = 0; i < shards.size(); i++) {
        String file = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
        SafetensorsWriter.write(dir.resolve(file), shards.get(i), layout.dtype());
        for (Map.Entry<String, NDArray> e : shards.get(i).entrySet()) {
          weightMap.put(e.getKey(), file);
          totalSize += bytes(e.getValue(), layout);
        }
      }
      ObjectNode index = json.createObjectNode();
      index.putObject("metadata").put("total_size", totalSize);
      ObjectNode map = index.putObject("weight_map");
      weightMap.forEach(map::put);
      AtomicFiles.writeString(dir.resolve(WeightFiles.INDEX_FILE), json.writerWithDefaultPrettyPrinter().writeValueAsString(index) + "\n");
    }
    AtomicFiles.writeString(dir.resolve("config.json"), json.writerWithDefaultPrettyPrinter().writeValueAsString(modelConfig) + "\n");
    for (String file : COPIED_FILES) {
      if (Files.isRegularFile(sourceDir.resolve(file))) {
        AtomicFiles.copyContent(sourceDir.resolve(file), dir.resolve(file));
      }
    }
  }

  /**
   * The tensors in order, cut into files of at most {@code maxShardBytes} by huggingface_hub's rule
   * ({@code split_torch_state_dict_into_shards}): a tensor that would tip the current file over the
   * limit starts a new one; a tensor larger than the limit is alone in its file.
   */
  static List<Map<String, NDArray>> shards(Map<String, NDArray> weights, Layout layout) {
    List<Map<String, NDArray>> shards = new ArrayList<>();
    Map<String, NDArray> current = new LinkedHashMap<>();
    long currentBytes = 0;
    for (Map.Entry<String, NDArray> e : weights.entrySet()) {
      long size = bytes(e.getValue(), layout);
      if (!current.isEmpty() && currentBytes + size > layout.maxShardBytes()) {
        shards.add(current);
        current = new LinkedHashMap<>();
        currentBytes = 0;
      }
      current.put(e.getKey(), e.getValue());
      currentBytes += size;
    }
    if (!current.isEmpty() || shards.isEmpty()) {
      shards.add(current);
    }
    return shards;
  }

  private static long bytes(NDArray tensor, Layout layout) {
    return tensor.size() * layout.dtype().bytes();
  }
}
