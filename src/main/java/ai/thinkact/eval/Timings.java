package ai.thinkact.eval;

import java.util.Arrays;

/** Repeated wall-clock timings: warm-up runs are discarded, the median of the rest is reported. */
public final class Timings {
  private Timings() {}

  /** Something timed, which may throw. */
  @FunctionalInterface
  public interface Work {
    void run() throws Exception;
  }

  /**
   * Runs {@code work} {@code warmups} times untimed, then {@code runs} times timed.
   *
   * @return the timed durations in seconds, in run order
   */
  public static double[] seconds(int warmups, int runs, Work work) throws Exception {
    for (int i = 0; i < warmups; i++) {
      work.run();
    }
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      long t0 = System.nanoTime();
      work.run();
      seconds[i] = (System.nanoTime() - t0) / 1e9;
    }
    return seconds;
  }

  /** The median (mean of the middle two for an even count). */
  public static double median(double[] values) {
    if (values.length == 0) {
      throw new IllegalArgumentException("median of nothing");
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    int mid = sorted.length / 2;
    return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  }
}
