package ai.thinkact.model;

import java.util.Arrays;
import java.util.PriorityQueue;
import java.util.Random;

/**
 * Draws one token from a row of logits in Java: temperature, top-k, top-p, then a draw with the
 * caller's {@link Random}. Top-p avoids sorting the whole vocabulary: it collects the tokens above
 * a logit threshold, lowering the threshold until their mass reaches p, and sorts only those.
 */
final class TokenSampler {

  private TokenSampler() {}

  static int sample(float[] logits, int offset, int vocab, SamplingSettings s, Random random) {
    double invT = 1.0 / s.temperature();
    boolean[] kept = null;
    if (s.topK() > 0 && s.topK() < vocab) {
      kept = topK(logits, offset, vocab, s.topK());
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < vocab; i++) {
      if (kept == null || kept[i]) {
        max = Math.max(max, logits[offset + i] * invT);
      }
    }
    double[] weights = new double[vocab];
    double total = 0;
    for (int i = 0; i < vocab; i++) {
      if (kept == null || kept[i]) {
        weights[i] = Math.exp(logits[offset + i] * invT - max);
        total += weights[i];
      }
    }
    if (s.topP() < 1f) {
      total = nucleus(weights, total, s.topP());
    }
    double u = random.nextDouble() * total;
    int last = -1;
    for (int i = 0; i < vocab; i++) {
      if (weights[i] > 0) {
        last = i;
        u -= weights[i];
        if (u < 0) {
          return i;
        }
      }
    }
    return last; // rounding left u marginally >= 0: the last candidate
  }

  /** Marks the k largest logits (ties broken towards lower ids). */
  private static boolean[] topK(float[] logits, int offset, int vocab, int k) {
    PriorityQueue<Integer> heap = new PriorityQueue<>(k, (a, b) -> {
      int c = Float.compare(logits[offset + a], logits[offset + b]);
      return c != 0 ? c : Integer.compare(b, a);
    });
    for (int i = 0; i < vocab; i++) {
      if (heap.size() < k) {
        heap.add(i);
      } else if (logits[offset + i] > logits[offset + heap.peek()]) {
        heap.poll();
        heap.add(i);
      }
    }
    boolean[] kept = new boolean[vocab];
    for (int i : heap) {
      kept[i] = true;
    }
    return kept;
  }

  /** Zeroes every weight outside the nucleus of mass {@code p}; returns the kept total. */
  private static double nucleus(double[] weights, double total, float p) {
    double target = p * total;
    double max = 0;
    for (double w : weights) {
      max = Math.max(max, w);
    }
    double threshold = max * 1e-3;
    while (true) {
      int count = 0;
      double mass = 0;
      for (double w : weights) {
        if (w >= threshold && w > 0) {
          count++;
          mass += w;
        }
      }
      if (mass >= target || threshold == 0) {
        long[] order = new long[count];
        int n = 0;
        for (int i = 0; i < weights.length; i++) {
          if (weights[i] >= threshold && weights[i] > 0) {
            // Sort by weight descending, then id ascending: pack (weight bits, id).
            long descending = Integer.MAX_VALUE - Float.floatToIntBits((float) weights[i]); // weights > 0
            order[n++] = descending << 32 | i;
          }
        }
        Arrays.sort(order);
        boolean[] keep = new boolean[weights.length];
        double cumulative = 0;
        for (long packed : order) {
          if (cumulative >= target) {
            break;
          }
          int id = (int) (packed & 0xFFFFFFFFL);
          keep[id] = true;
          cumulative += weights[id];
        }
        double kept = 0;
        for (int i = 0; i < weights.length; i++) {
          if (!keep[i]) {
            weights[i] = 0;
          }
          kept += weights[i];
        }
        return kept;
      }
      threshold = threshold < 1e-300 ? 0 : threshold * 1e-3;
    }
  }
}
