package ai.thinkact.lora;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.model.Checkpoint;
import ai.thinkact.model.Projection;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.model.SafetensorsDtype;
import ai.thinkact.model.SafetensorsWriter;
import ai.thinkact.model.WeightNames;
import ai.thinkact.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Folds a LoRA adapter into its base model: {@code W' = W + scale * B A} for every adapted
 * projection (PEFT's {@code merge_and_unload}), written as a plain Hugging Face checkpoint
 * (float32 {@code model.safetensors}, {@code config.json}, {@code generation_config.json} and the
 * tokenizer files) that any Qwen3 loader reads without PEFT. The directory appears complete or not
 * at all (written to a temporary name, then renamed).
 */
public final class AdapterMerge {

  /** Files copied from the model directory when present. */
  static final List<String> COPIED_FILES = List.of("generation_config.json", "tokenizer.json",
      "tokenizer_config.json", "vocab.json", "merges.txt", "special_tokens_map.json", "added_tokens.json",
      "chat_template.jinja");

  private AdapterMerge() {}

  /** Writes the merged checkpoint of {@code modelDir} + {@code adapterDir} to {@code outDir}. */
  public static void write(Path modelDir, Path adapterDir, Path outDir) throws IOException {
    Qwen3Config config = Qwen3Config.load(modelDir);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu());
        LoraAdapter adapter = LoraAdapter.load(adapterDir, config, Device.cpu());
        Checkpoint checkpoint = Checkpoint.open(modelDir)) {
      NDArray scale = manager.full(new Shape(), (float) adapter.config().scale(), DataType.FLOAT32); // ()
      Map<String, NDArray> merged = new LinkedHashMap<>();
      for (String name : checkpoint.names()) {
        merged.put(name, checkpoint.load(name, checkpoint.shape(name), manager));
      }
      for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
        for (Projection p : Projection.values()) {
          LoraAdapter.Pair pair = adapter.pair(layer, p);
          if (pair == null) {
            continue;
          }
          String name = WeightNames.projection(layer, p);
          NDArray delta = pair.b().matMul(pair.a()); // (out, in), lands in the adapter's manager
          delta.attach(manager);
          merged.put(name, merged.get(name).add(delta.mul(scale))); // (out, in)
        }
      }
      ObjectMapper json = new ObjectMapper();
      ObjectNode modelConfig = (ObjectNode) json.readTree(modelDir.resolve("config.json").toFile());
      modelConfig.put("torch_dtype", "float32"); // what the merged weights are stored as
      AtomicFiles.writeDirectory(outDir, dir -> {
        SafetensorsWriter.write(dir.resolve(Checkpoint.SINGLE_FILE), merged, SafetensorsDtype.F32);
        json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("config.json").toFile(), modelConfig);
        for (String file : COPIED_FILES) {
          if (Files.isRegularFile(modelDir.resolve(file))) {
            Files.copy(modelDir.resolve(file), dir.resolve(file));
          }
        }
      });
    }
  }
}
