package ai.thinkact.lora;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.model.WeightFiles;
import ai.thinkact.model.CheckpointWriter;
import ai.thinkact.model.Projection;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.model.WeightNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Folds a LoRA adapter into its base model: {@code W' = W + scale * B A} for every adapted
 * projection, each with its own scale (PEFT's {@code merge_and_unload}), written as a plain Hugging
 * Face checkpoint (safetensors in float32, bfloat16 or float16, sharded with an index past a size as
 * {@code save_pretrained} does; {@code config.json}, {@code generation_config.json} and the
 * tokenizer files) that any Qwen3 loader reads without PEFT. The directory appears complete or not
 * at all (written to a temporary name, then renamed).
 */
public final class AdapterMerge {

  private AdapterMerge() {}

  /** Writes the merged checkpoint of {@code modelDir} + {@code adapterDir} to {@code outDir} as one float32 file. */
  public static void write(Path modelDir, Path adapterDir, Path outDir) throws IOException {
    write(modelDir, adapterDir, outDir, CheckpointWriter.Layout.SINGLE_FLOAT32);
  }

  /**
   * Writes the merged checkpoint in {@code layout}: the sum is formed in float32, then stored as
   * {@code layout.dtype()} (bfloat16 rounded to nearest even), sharded past {@code layout.maxShardBytes()}.
   */
  public static void write(Path modelDir, Path adapterDir, Path outDir, CheckpointWriter.Layout layout) throws IOException {
    Qwen3Config config = Qwen3Config.load(modelDir);
    try (NDManager manager = NDManager.newBaseManager(Device.cpu());
        LoraAdapter adapter = LoraAdapter.load(adapterDir, config, Device.cpu());
        WeightFiles checkpoint = WeightFiles.open(modelDir)) {
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
          // This module's own scale: alpha/r or alpha/sqrt(r) from its rank_pattern / alpha_pattern entries.
          NDArray scale = manager.full(new Shape(), (float) adapter.config().scale(layer, p), DataType.FLOAT32); // ()
          merged.put(name, merged.get(name).add(delta.mul(scale))); // (out, in)
        }
      }
      CheckpointWriter.write(merged, modelDir, outDir, layout);
    }
  }
}
