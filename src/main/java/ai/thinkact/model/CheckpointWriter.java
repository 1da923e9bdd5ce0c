package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.thinkact.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a plain Hugging Face Qwen3 directory from weights in memory: float32
 * {@code model.safetensors}, the source's {@code config.json} (with {@code torch_dtype: float32})
 * and its generation and tokenizer files. The directory appears complete or not at all.
 */
public final class CheckpointWriter {

  /** Files copied from the source model directory when present. */
  static final List<String> COPIED_FILES = List.of("generation_config.json", "tokenizer.json",
      "tokenizer_config.json", "vocab.json", "merges.txt", "special_tokens_map.json", "added_tokens.json",
      "chat_template.jinja");

  private CheckpointWriter() {}

  /**
   * Writes the checkpoint to {@code outDir} atomically (a temporary sibling, then a rename).
   *
   * @param weights every tensor under its Hugging Face name
   * @param sourceDir the model directory whose config and tokenizer files go with the weights
   */
  public static void write(Map<String, NDArray> weights, Path sourceDir, Path outDir) throws IOException {
    AtomicFiles.writeDirectory(outDir, dir -> writeInto(weights, sourceDir, dir));
  }

  /** As {@link #write} into an existing directory that the caller makes atomic (a run checkpoint). */
  public static void writeInto(Map<String, NDArray> weights, Path sourceDir, Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    ObjectNode modelConfig = (ObjectNode) json.readTree(sourceDir.resolve("config.json").toFile());
    modelConfig.put("torch_dtype", "float32"); // what the weights are stored as
    Files.createDirectories(dir);
    SafetensorsWriter.write(dir.resolve(Checkpoint.SINGLE_FILE), weights, SafetensorsDtype.F32);
    json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), modelConfig);
    for (String file : COPIED_FILES) {
      if (Files.isRegularFile(sourceDir.resolve(file))) {
        AtomicFiles.copyContent(sourceDir.resolve(file), dir.resolve(file));
      }
    }
  }
}
