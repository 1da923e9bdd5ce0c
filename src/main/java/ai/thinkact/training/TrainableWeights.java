package ai.thinkact.training;

import ai.djl.ndarray.NDArray;
import ai.thinkact.model.Adapter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What a training stage updates: a LoRA adapter on a frozen model (stages 1 to 3), or the
 * model's own weights (the quick start's pretraining). The step code is the same for both.
 */
public interface TrainableWeights {

  /** The tensors AdamW updates, in a fixed order (the order of the saved optimizer state). */
  List<NDArray> parameters();

  /** What the forward adds to the base projections: the LoRA adapter, or {@link Adapter#NONE}. */
  Adapter forwardAdapter();

  /** True when the LM head weight is among the parameters (its softmax gradient is added by hand). */
  boolean trainsLmHead();

  /** Makes every parameter record gradients. */
  void requireGradients();

  /** Dropout on for training forwards, off for evaluation and generation. */
  void setDropoutActive(boolean active);

  /** The directory name of the result under a run directory and inside each checkpoint. */
  String outputName();

  /** Writes the weights in their Hugging Face format (PEFT adapter or model directory) into {@code dir}. */
  void save(Path dir) throws IOException;

  /** Writes the weights into a checkpoint directory: under {@link #outputName()} unless a format wants them at the top. */
  default void saveCheckpoint(Path checkpointDir) throws IOException {
    save(checkpointDir.resolve(outputName()));
  }
}
