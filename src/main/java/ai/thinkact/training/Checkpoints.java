package ai.thinkact.training;

import ai.thinkact.io.AtomicFiles;
import ai.thinkact.base.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of a run under {@code OUTPUT/checkpoints/checkpoint-NNNNNN/}. Each is written
 * to a temporary directory and renamed (see {@link AtomicFiles#writeDirectory}), with
 * {@code trainer_state.json} written last, so a directory with the final name and that file is
 * complete. After each save the oldest complete checkpoints beyond {@code keepLast} go.
 *
 * <pre>{@code
 * Checkpoints checkpoints = new Checkpoints(output, config.saveTotalLimit());
 * checkpoints.save(state, dir -> { adapter.save(dir.resolve("adapter")); optimizer.save(dir); });
 * Path from = Checkpoints.resolveResume(resumeArg, output);   // --resume DIR|latest
 * TrainerState resumed = TrainerState.read(from);
 * }</pre>
 */
public final class Checkpoints {

  /** Sub-directory of the run output that holds the checkpoints. */
  public static final String DIR = "checkpoints";
  /** The {@code --resume} value that picks the newest complete checkpoint. */
  public static final String LATEST = "latest";

  private static final Logger log = LoggerFactory.getLogger(Checkpoints.class);
  private static final Pattern NAME = Pattern.compile("checkpoint-(\\d+)");

  private final Path root;
  private final int keepLast;

  /**
   * @param outputDir the run's output directory
   * @param keepLast how many complete checkpoints to keep, newest first; 0 keeps all
   */
  public Checkpoints(Path outputDir, int keepLast) {
    if (keepLast < 0) {
      throw new IllegalArgumentException("keepLast must be >= 0, got " + keepLast);
    }
    this.root = outputDir.resolve(DIR);
    this.keepLast = keepLast;
  }

  /** {@code OUTPUT/checkpoints}. */
  public Path root() {
    return root;
  }

  /** {@code checkpoint-000100}: zero-padded so names sort by step. */
  public static String name(long step) {
    return String.format("checkpoint-%06d", step);
  }

  /**
   * Writes checkpoint {@code state.globalStep()}: {@code contents} fills the (temporary)
   * directory, then {@code trainer_state.json} is added and the directory renamed into place;
   * then old checkpoints are pruned. A checkpoint of the same step is replaced.
   *
   * @return the final checkpoint directory
   */
  public Path save(TrainerState state, AtomicFiles.IoConsumer<Path> contents) throws IOException {
    Path target = root.resolve(name(state.globalStep()));
    AtomicFiles.writeDirectory(target, dir -> {
      contents.accept(dir);
      state.write(dir);
    });
    prune();
    return target;
  }

  /** The complete checkpoints, oldest first. */
  public List<Path> list() throws IOException {
    return list(root);
  }

  /** The newest complete checkpoint, if any. */
  public Optional<Path> latest() throws IOException {
    List<Path> all = list();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  /**
   * Resolves a {@code --resume} argument: {@code latest} is the newest complete checkpoint under
   * {@code OUTPUT/checkpoints}; anything else is a checkpoint directory that must be complete.
   *
   * @throws ConfigException when there is nothing to resume from (exit code 2)
   */
  public static Path resolveResume(String resume, Path outputDir) throws IOException {
    if (LATEST.equals(resume)) {
      List<Path> all = list(outputDir.resolve(DIR));
      if (all.isEmpty()) {
        throw new ConfigException("--resume latest: no complete checkpoint under " + outputDir.resolve(DIR)
            + " (start without --resume, or give a checkpoint directory)");
      }
      return all.get(all.size() - 1);
    }
    Path dir = Path.of(resume);
    if (!Files.isRegularFile(dir.resolve(TrainerState.FILE))) {
      throw new ConfigException("--resume " + resume + ": not a complete checkpoint (no "
          + TrainerState.FILE + "); use a checkpoint-NNNNNN directory or 'latest'");
    }
    return dir;
  }

  /** The step in a checkpoint directory's name, or -1 when the name is not a checkpoint's. */
  public static long stepOf(Path dir) {
    Matcher m = NAME.matcher(dir.getFileName().toString());
    return m.matches() ? Long.parseLong(m.group(1)) : -1;
  }

  private void prune() throws IOException {
    List<Path> all = list();
    if (keepLast > 0) {
      for (Path old : all.subList(0, Math.max(0, all.size() - keepLast))) {
        log.debug("removing old checkpoint {}", old);
        AtomicFiles.deleteRecursively(old);
      }
    }
  }

  private static List<Path> list(Path root) throws IOException {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<Path> complete = new ArrayList<>();
    try (Stream<Path> children = Files.list(root)) {
      children
          .filter(Files::isDirectory)
          .filter(p -> stepOf(p) >= 0) // skips .tmp-* directories of an interrupted save
          .filter(p -> Files.isRegularFile(p.resolve(TrainerState.FILE)))
          .forEach(complete::add);
    }
    complete.sort(Comparator.comparingLong(Checkpoints::stepOf));
    return complete;
  }
}
