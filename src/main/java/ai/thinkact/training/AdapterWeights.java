package ai.thinkact.training;

import ai.djl.ndarray.NDArray;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.Adapter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** LoRA training: only the adapter's A and B change; it is saved in PEFT format. */
public record AdapterWeights(LoraAdapter adapter, String baseModelNameOrPath) implements TrainableWeights {

  /** Sub-directory of a run (and of each checkpoint) that holds the PEFT adapter. */
  public static final String DIR = "adapter";

  @Override
  public List<NDArray> parameters() {
    return new ArrayList<>(adapter.namedParameters().values());
  }

  @Override
  public Adapter forwardAdapter() {
    return adapter;
  }

  @Override
  public boolean trainsLmHead() {
    return false;
  }

  @Override
  public void requireGradients() {
    adapter.requireGradients();
  }

  @Override
  public void setDropoutActive(boolean active) {
    adapter.setDropoutActive(active);
  }

  @Override
  public String outputName() {
    return DIR;
  }

  @Override
  public void save(Path dir) throws IOException {
    adapter.save(dir, baseModelNameOrPath);
  }

  /**
   * The PEFT files at the top of the checkpoint ({@code adapter_model.safetensors},
   * {@code adapter_config.json}), so PEFT and vLLM load a checkpoint directory as it is.
   */
  @Override
  public void saveCheckpoint(Path checkpointDir) throws IOException {
    save(checkpointDir);
  }

  /** Where a checkpoint keeps its adapter: at the top, or in {@code adapter/} (checkpoints of earlier versions). */
  public static Path adapterOf(Path checkpointDir) {
    return Files.isRegularFile(checkpointDir.resolve(LoraConfig.FILE)) ? checkpointDir : checkpointDir.resolve(DIR);
  }
}
