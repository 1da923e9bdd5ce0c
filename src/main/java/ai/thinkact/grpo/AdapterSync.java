package ai.thinkact.grpo;

import ai.thinkact.base.RunFailedException;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.training.AdapterWeights;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the trainer's adapter on the rollout servers: writes it in PEFT format to
 * {@code SYNC_DIR/grpo-step-N} (a temporary directory renamed into place, so a server never reads
 * half an adapter; files 0644 and the directory 0755, so a server running as another user can read
 * them), loads it on every server as {@code grpo-step-N} ({@code /v1/load_lora_adapter}), then
 * unloads and deletes the previous one. The name carries the step so a request can never hit an
 * adapter of another step.
 */
final class AdapterSync implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdapterSync.class);

  static final String PREFIX = "grpo-step-";

  private final Path syncDir;
  private final AdapterWeights weights;
  private final List<RolloutEndpoint> endpoints;
  private String current;

  AdapterSync(Path syncDir, AdapterWeights weights, List<RolloutEndpoint> endpoints) {
    this.syncDir = syncDir;
    this.weights = weights;
    this.endpoints = List.copyOf(endpoints);
  }

  /** Writes and loads the adapter of step {@code step} everywhere; the previous one is unloaded. @return its name */
  String publish(long step) {
    String name = PREFIX + step;
    Path dir = syncDir.resolve(name);
    try {
      AtomicFiles.writeDirectory(dir, temp -> {
        weights.save(temp);
        readableByAll(temp);
      });
    } catch (IOException e) {
      throw new RunFailedException("cannot write the adapter to --adapter-sync-dir " + syncDir + ": " + e.getMessage(), e);
    }
    for (RolloutEndpoint e : endpoints) {
      e.loadAdapter(name, dir);
    }
    String previous = current;
    current = name;
    if (previous != null && !previous.equals(name)) {
      for (RolloutEndpoint e : endpoints) {
        e.unloadAdapter(previous);
      }
      delete(syncDir.resolve(previous));
    }
    LOG.debug("adapter {} loaded on {} endpoint(s)", name, endpoints.size());
    return name;
  }

  /** The name the servers serve the current adapter under; null before the first {@link #publish}. */
  String current() {
    return current;
  }

  /** Unloads the last adapter from the servers (best effort: the run's result is already saved) and deletes its files. */
  @Override
  public void close() {
    if (current == null) {
      return;
    }
    for (RolloutEndpoint e : endpoints) {
      try {
        e.unloadAdapter(current);
      } catch (RuntimeException failure) {
        LOG.warn("could not unload {}: {}", current, failure.getMessage());
      }
    }
    delete(syncDir.resolve(current));
    current = null;
  }

  /** 0755 on the directory, 0644 on its files (where the file system has POSIX modes). */
  private static void readableByAll(Path dir) throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return;
    }
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
      }
    }
  }

  private static void delete(Path dir) {
    try {
      AtomicFiles.deleteRecursively(dir);
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not delete {}: {}", dir, e.getMessage());
    }
  }
}
