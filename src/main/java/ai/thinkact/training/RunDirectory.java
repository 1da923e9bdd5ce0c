package ai.thinkact.training;

import ai.thinkact.base.ConfigException;
import ai.thinkact.config.ConfigLoader;
import ai.thinkact.config.Settings;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.io.Utf8Text;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A trainer's output directory, the same for every stage: {@code config.yaml} (the resolved
 * settings), {@code run_info.json} (build, command line, start), {@code metrics.jsonl},
 * {@code checkpoints/} and the final weights.
 *
 * <p>{@link #open} only checks: a directory that holds files is refused unless the run resumes
 * ({@code --resume}) or replaces it ({@code --overwrite}), and {@code --resume} must name a
 * complete checkpoint. Nothing is written until {@link #begin}, which the trainer calls once every
 * input has been checked. A resumed run must continue the same stage with the same seed
 * ({@link #startState}).
 *
 * @param output the run directory
 * @param resumeFrom the checkpoint the run continues from, or null for a fresh run
 * @param overwrite whether {@link #begin} replaces what the directory held
 * @param info provenance for {@code run_info.json}
 */
public record RunDirectory(Path output, Path resumeFrom, boolean overwrite, RunInfo info) {
  /** The resolved config, written at the start. */
  public static final String CONFIG_FILE = "config.yaml";
  /** Provenance of the run ({@link RunInfo}) and its resolved config. */
  public static final String RUN_INFO_FILE = "run_info.json";

  private static final Logger LOG = LoggerFactory.getLogger(RunDirectory.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Checks {@code output} and resolves {@code resume} ({@code latest}, a checkpoint directory, or
   * null); writes nothing.
   *
   * @throws ConfigException naming the option to change
   */
  public static RunDirectory open(Path output, String resume, boolean overwrite, RunInfo info) throws IOException {
    if (Files.exists(output) && !Files.isDirectory(output)) {
      throw new ConfigException("--output " + output + ": is a file, expected a directory");
    }
    if (resume != null && overwrite) {
      throw new ConfigException("--resume continues --output " + output + " and --overwrite replaces it; give one");
    }
    Path from = resume == null ? null : Checkpoints.resolveResume(resume, output);
    if (from == null && !overwrite) {
      List<String> some = entries(output);
      if (!some.isEmpty()) {
        throw new ConfigException("--output " + output + " already exists and is not empty (" + String.join(", ", some)
            + "); pass --resume latest to continue that run, --overwrite to replace it, or choose another directory");
      }
    }
    return new RunDirectory(output, from, overwrite, info);
  }

  /**
   * The state to start from: a fresh one, or the checkpoint's after checking it was written by
   * the same stage with the same seed (a different seed would replay other shuffles and dropout).
   */
  public TrainerState startState(String stage, long totalSteps, long seed) throws IOException {
    if (resumeFrom == null) {
      return TrainerState.start(stage, totalSteps, seed);
    }
    TrainerState state = TrainerState.read(resumeFrom);
    if (!stage.equals(state.stage())) {
      throw new ConfigException("--resume " + resumeFrom + " is a " + state.stage() + " checkpoint, not " + stage);
    }
    if (state.seed() != seed) {
      throw new ConfigException("--resume " + resumeFrom + " was trained with seed " + state.seed()
          + ", this run has seed " + seed + "; resume with the same config");
    }
    return state.withTotalSteps(totalSteps);
  }

  /**
   * Starts writing: replaces the old contents with {@code --overwrite}, removes the {@code .tmp-*}
   * files an interrupted save left when resuming, and writes {@code config.yaml} and
   * {@code run_info.json}.
   */
  public <T extends Record> void begin(T config) throws IOException {
    if (overwrite && Files.isDirectory(output)) {
      AtomicFiles.deleteRecursively(output);
    }
    Files.createDirectories(output);
    if (resumeFrom != null) {
      removeTemporaries(output);
      removeTemporaries(output.resolve(Checkpoints.DIR));
    }
    AtomicFiles.writeString(output.resolve(CONFIG_FILE), ConfigLoader.toYaml(config));
    AtomicFiles.writeString(output.resolve(RUN_INFO_FILE), runInfo(config) + "\n");
  }

  /** Records in {@code run_info.json} that the run finished now (a crashed run keeps {@code end_time: null}). */
  public void end() throws IOException {
    Path file = output.resolve(RUN_INFO_FILE);
    ObjectNode node = (ObjectNode) JSON.readTree(Utf8Text.readString(file));
    node.put("end_time", Instant.now().toString());
    AtomicFiles.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node) + "\n");
  }

  /** The run's checkpoints, keeping the newest {@code keepLast} (0: all). */
  public Checkpoints checkpoints(int keepLast) {
    return new Checkpoints(output, keepLast);
  }

  private <T extends Record> String runInfo(T config) throws IOException {
    ObjectNode node = JSON.createObjectNode();
    node.put("version", info.version());
    node.put("git_commit", info.gitCommit());
    node.putPOJO("command_line", info.commandLine());
    node.putPOJO("stack", info.stack());
    node.put("start_time", info.started().toString());
    node.putNull("end_time"); // set by end(); null in a run that was interrupted
    node.put("resumed_from", resumeFrom == null ? null : resumeFrom.toString());
    @SuppressWarnings("unchecked")
    Settings<T> settings = Settings.of((Class<T>) config.getClass());
    node.set("config", settings.toTree(config));
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
  }

  private static void removeTemporaries(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> children = Files.list(dir)) {
      for (Path stale : children.filter(AtomicFiles::isTemporary).toList()) {
        LOG.info("removing {}, left by an interrupted save", stale);
        AtomicFiles.deleteRecursively(stale);
      }
    }
  }

  private static List<String> entries(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.map(p -> p.getFileName().toString()).sorted().limit(4).collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
