package ai.thinkact.training;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * The micro-batches of one epoch: the samples shuffled with the epoch's seed
 * ({@link Seeds#SHUFFLE}), then, with {@code group_by_length}, sorted longest first within
 * shuffled "mega-batches" of up to 50 micro-batches (transformers' {@code LengthGroupedSampler}),
 * so a micro-batch holds samples of similar length and wastes little on padding while the order
 * stays random at the scale of an epoch. The last micro-batch may be smaller.
 */
public final class BatchPlan {

  /** transformers' mega-batch multiplier cap. */
  static final int MEGA_BATCH_MULTIPLIER = 50;

  private BatchPlan() {}

  /** Index lists into {@code lengths} (the sample lengths), one per micro-batch, for {@code epoch}. */
  public static List<int[]> microBatches(int[] lengths, int epoch, long seed, int batchSize, boolean groupByLength) {
    int n = lengths.length;
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      order.add(i);
    }
    Random random = Seeds.random(seed, Seeds.SHUFFLE, epoch);
    Collections.shuffle(order, random);
    if (groupByLength) {
      // transformers: mult = min(n / (4 * batch), 50), at least 1
      int multiplier = Math.max(1, Math.min(n / (4 * batchSize), MEGA_BATCH_MULTIPLIER));
      int mega = multiplier * batchSize;
      for (int start = 0; start < n; start += mega) {
        List<Integer> group = order.subList(start, Math.min(n, start + mega));
        group.sort(Comparator.comparingInt((Integer i) -> lengths[i]).reversed());
      }
    }
    List<int[]> batches = new ArrayList<>();
    for (int start = 0; start < n; start += batchSize) {
      int end = Math.min(n, start + batchSize);
      batches.add(order.subList(start, end).stream().mapToInt(Integer::intValue).toArray());
    }
    return batches;
  }

  /** Padding tokens a plan costs: sum over micro-batches of (longest x size - real tokens). */
  public static long paddingTokens(int[] lengths, List<int[]> batches) {
    long pad = 0;
    for (int[] b : batches) {
      int longest = Arrays.stream(b).map(i -> lengths[i]).max().orElse(0);
      for (int i : b) {
        pad += longest - lengths[i];
      }
    }
    return pad;
  }
}
