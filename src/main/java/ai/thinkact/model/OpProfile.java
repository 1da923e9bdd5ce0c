package ai.thinkact.model;

/**
 * One piece of work run under the libtorch profiler ({@link OpProfiler}): its wall time and what
 * the trace says about the ops inside it.
 *
 * @param section the workload's name; its trace is {@code <section>.trace.json}
 * @param wallSeconds wall time of the profiled run (the profiler adds a cost per op: compare with an unprofiled run)
 * @param trace the ops of that run
 */
public record OpProfile(String section, double wallSeconds, OpTrace trace) {

  /** Wall time outside top-level libtorch ops: Java, JNI crossings, allocation, GC (and profiler bookkeeping). */
  public double outsideSeconds() {
    return wallSeconds - trace.opSeconds();
  }

  /** {@code seconds} as a share of the wall time. */
  public double share(double seconds) {
    return wallSeconds > 0 ? seconds / wallSeconds : 0;
  }
}
