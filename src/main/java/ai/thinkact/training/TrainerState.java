package ai.thinkact.training;

import ai.thinkact.io.Utf8Text;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.base.InvalidDataException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a run stands, saved as {@code trainer_state.json} in every checkpoint (snake_case keys,
 * like transformers' file of that name). With {@link Seeds} deriving every random stream from
 * (seed, epoch) and (seed, step), this is all a resume needs besides the adapter and optimizer
 * state to continue exactly: reshuffle epoch {@code epoch} with its seed and skip the first
 * {@code batchesInEpoch} micro-batches.
 *
 * @param stage which trainer wrote it: {@code sft}, {@code coldstart}, {@code grpo}
 * @param globalStep optimizer steps completed
 * @param totalSteps optimizer steps the run was planned for
 * @param epoch 0-based epoch the next micro-batch belongs to
 * @param batchesInEpoch micro-batches of {@code epoch} already consumed (the data position)
 * @param seed the run seed
 * @param samplesSeen training samples (SFT) or prompts (GRPO) consumed so far
 * @param tokensSeen tokens trained on so far (for TRL's num_tokens)
 * @param elapsedSeconds training wall time so far, so throughput and ETA continue after resume
 */
public record TrainerState(
    String stage,
    long globalStep,
    long totalSteps,
    int epoch,
    long batchesInEpoch,
    long seed,
    long samplesSeen,
    long tokensSeen,
    double elapsedSeconds) {

  /** File name inside a checkpoint directory; its presence marks the checkpoint complete. */
  public static final String FILE = "trainer_state.json";

  private static final ObjectMapper JSON = JsonMapper.builder()
      .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
      .enable(SerializationFeature.INDENT_OUTPUT)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
      .build();

  public TrainerState {
    if (stage == null || stage.isBlank()) {
      throw new IllegalArgumentException("stage must be named");
    }
    if (globalStep < 0 || epoch < 0 || batchesInEpoch < 0) {
      throw new IllegalArgumentException("negative position: step " + globalStep + ", epoch " + epoch
          + ", batch " + batchesInEpoch);
    }
  }

  /** The state at the start of a fresh run. */
  public static TrainerState start(String stage, long totalSteps, long seed) {
    return new TrainerState(stage, 0, totalSteps, 0, 0, seed, 0, 0, 0.0);
  }

  /**
   * The state after one more optimizer step that ended at ({@code epoch}, {@code batchesInEpoch})
   * and consumed {@code samples} samples, {@code tokens} tokens and {@code seconds} of wall time.
   */
  public TrainerState next(int epoch, long batchesInEpoch, long samples, long tokens, double seconds) {
    return new TrainerState(stage, globalStep + 1, totalSteps, epoch, batchesInEpoch, seed, samplesSeen + samples,
        tokensSeen + tokens, elapsedSeconds + seconds);
  }

  /** The same position in a run planned for {@code steps} steps (a resume may change max_steps). */
  public TrainerState withTotalSteps(long steps) {
    return new TrainerState(stage, globalStep, steps, epoch, batchesInEpoch, seed, samplesSeen, tokensSeen,
        elapsedSeconds);
  }

  /** Writes {@code dir/trainer_state.json} atomically. */
  public void write(Path dir) throws IOException {
    AtomicFiles.writeString(dir.resolve(FILE), JSON.writeValueAsString(this) + "\n");
  }

  /**
   * Reads {@code dir/trainer_state.json}.
   *
   * @throws InvalidDataException when it is missing or malformed (message names the file)
   */
  public static TrainerState read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    try {
      return JSON.readValue(Utf8Text.readString(file), TrainerState.class);
    } catch (NoSuchFileException e) {
      throw new InvalidDataException(file + ": missing; " + dir + " is not a complete checkpoint");
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
          ? " field " + m.getPath().get(0).getFieldName() + ":" : "";
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InvalidDataException(file + ":" + line + ":" + field + " " + e.getOriginalMessage(), e);
    }
  }
}
