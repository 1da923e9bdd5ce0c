package ai.thinkact.model;

import ai.djl.pytorch.jni.JniUtils;
import ai.thinkact.io.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * Runs work under libtorch's operator profiler and keeps its trace as {@code <dir>/<section>.trace.json}
 * (opens in chrome://tracing or https://ui.perfetto.dev). The one place that calls the engine's
 * profiler: it is PyTorch-specific, reached through DJL's {@code JniUtils}.
 *
 * <p>The profiler records the ops of the calling thread, which is where the model code runs
 * (libtorch's intra-op threads work inside those ops). It adds a cost per op (an event, the input
 * shapes), so a profiled run is slower than an unprofiled one: report both.
 */
public final class OpProfiler {
  /** Work to profile, which may throw. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  /**
   * Shapes make the trace say which {@code aten::mm} is the LM head and which a layer's; memory
   * and CUDA events are off (CPU only, and memory events would double the trace).
   */
  private static final boolean RECORD_SHAPES = true;

  private final Path dir;

  /** @param dir where the traces go (created when missing) */
  public OpProfiler(Path dir) {
    this.dir = dir;
  }

  public Path dir() {
    return dir;
  }

  /** The trace file of {@code section}. */
  public Path tracePath(String section) {
    return dir.resolve(section + ".trace.json");
  }

  /** Runs {@code work} once under the profiler, writes its trace, and summarises it. */
  public OpProfile profile(String section, Work work) throws Exception {
    Files.createDirectories(dir);
    // libtorch writes the file itself: write under a temporary name and rename, so a trace is
    // either complete or absent.
    Path temp = dir.resolve(AtomicFiles.TEMP_PREFIX + section + "-" + UUID.randomUUID() + ".trace.json");
    Path trace = tracePath(section);
    double wall;
    try {
      JniUtils.startProfile(false, RECORD_SHAPES, false);
      long t0 = System.nanoTime();
      try {
        work.run();
      } finally {
        wall = (System.nanoTime() - t0) / 1e9;
        JniUtils.stopProfile(temp.toString());
      }
      Files.move(temp, trace, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    return new OpProfile(section, wall, OpTrace.read(trace));
  }
}
