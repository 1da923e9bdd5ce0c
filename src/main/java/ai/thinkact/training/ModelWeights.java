package ai.thinkact.training;

import ai.djl.ndarray.NDArray;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.CheckpointWriter;
import ai.thinkact.model.Qwen3Model;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-parameter training: every weight of the model, the token embedding and the LM head
 * included (a small model's frozen random embedding caps what its layers can learn: with 128
 * dimensions and 151,936 random rows no token can get a confident probability). Saved as a
 * plain Hugging Face model directory.
 */
public record ModelWeights(Qwen3Model model, Path sourceDir) implements TrainableWeights {

  /** Sub-directory of a run (and of each checkpoint) that holds the trained model. */
  public static final String DIR = "model";

  @Override
  public List<NDArray> parameters() {
    return new ArrayList<>(model.namedWeights().values());
  }

  @Override
  public boolean trainsLmHead() {
    return true;
  }

  @Override
  public Adapter forwardAdapter() {
    return Adapter.NONE;
  }

  @Override
  public void requireGradients() {
    parameters().forEach(p -> p.setRequiresGradient(true));
  }

  @Override
  public void setDropoutActive(boolean active) {
    // the model has no dropout
  }

  @Override
  public String outputName() {
    return DIR;
  }

  @Override
  public void save(Path dir) throws IOException {
    CheckpointWriter.writeInto(model.namedWeights(), sourceDir, dir);
  }
}
