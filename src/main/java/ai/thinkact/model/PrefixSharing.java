package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The prompt prefill of {@link Generator}, done once for what rows share:
 * <ol>
 *   <li>rows with the same prompt (the G completions of a GRPO group) are prefilled once, and the
 *       KV cache row is repeated for each of them before decoding;
 *   <li>the distinct prompts' longest common prefix (an eval batch's system policy and tool
 *       schemas, {@code serve} requests with one system prompt), when at least
 *       {@link #MIN_SHARED_PREFIX} tokens, is prefilled once as a one-row batch, its cache repeated
 *       for every distinct prompt, and only the rest of each prompt is prefilled after it;
 *   <li>with a {@link PrefixStore}, that prefix is also kept for later calls, and a later call
 *       whose prompts all start with (enough of) it starts from the stored keys and values.
 * </ol>
 *
 * <p>Cache layout: slots {@code [0, P)} hold the shared prefix, then each prompt's rest left-padded
 * to the longest rest, so every row still writes its next token at the same slot; the padded slots
 * sit between prefix and rest and are masked like any padding, and RoPE positions are the real
 * token positions ({@code P + j}), not the slots. Exactness: a row's keys, values and logits are
 * those of prefilling it alone up to float32 rounding (the same products over the same keys; only
 * where the masked zeros sit in the softmax sums differs), and greedy ids are equal (tested on the
 * golden models against unshared prefill).
 */
final class PrefixSharing {

  /** Shorter common prefixes are not worth a second forward pass and a cache copy. */
  static final int MIN_SHARED_PREFIX = 16;

  private PrefixSharing() {}

  /**
   * The prefilled cache of every row and the hidden state at each row's last prompt position.
   *
   * @param cache {@code B} rows, in a sub-manager of the call's manager
   * @param last {@code (B, hidden)} in the step's manager
   */
  record Prefilled(KvCache cache, NDArray last) {}

  /**
   * Prefills {@code prompts} with room for {@code maxNew} more tokens.
   *
   * @param call the manager the returned cache lives under (the whole generation)
   * @param step the manager of this step's activations
   * @param share false: one left-padded batch of all prompts, nothing shared (the reference path)
   * @param store a prefix kept from earlier calls to reuse, and to keep this call's in; null for none
   */
  static Prefilled prefill(Qwen3Model model, NDManager call, NDManager step, List<int[]> prompts, int maxNew,
      Adapter adapter, boolean share, PrefixStore store) {
    int b = prompts.size();
    int[] distinctOf = new int[b];
    List<int[]> distinct = share ? distinct(prompts, distinctOf) : identity(prompts, distinctOf);
    int capacity = maxLength(prompts) + maxNew;
    boolean useStore = share && store != null;
    int shared = distinct.size() > 1 || useStore ? commonPrefix(distinct) : 0;
    int stored = useStore ? store.reusable(distinct.get(0), shared, adapter) : 0;
    if (shared < MIN_SHARED_PREFIX) {
      shared = 0;
    }
    KvCache cache;
    int cached = 0; // prompt tokens already in the cache
    if (stored > 0) {
      cached = stored;
      cache = store.expand(call, distinct.size(), capacity, stored);
    } else if (shared > 0 && distinct.size() > 1) {
      cached = shared;
      try (KvCache prefix = new KvCache(call, model.config(), 1, capacity, model.dataType())) {
        int[] ids = Arrays.copyOf(distinct.get(0), shared);
        model.forward(step, TokenBatch.of(new int[][] {ids}), adapter, prefix).close(); // (1, P, hidden) unused
        if (useStore) {
          store.keep(prefix, ids, shared, adapter);
        }
        cache = prefix.selectRows(call, new int[distinct.size()]);
      }
    } else {
      cache = new KvCache(call, model.config(), distinct.size(), capacity, model.dataType());
    }
    NDArray hidden = model.forward(step, rests(distinct, cached), adapter, cache); // (U, T - cached, hidden)
    if (useStore && stored == 0 && distinct.size() == 1 && shared > 0) {
      store.keep(cache, distinct.get(0), shared, adapter); // one prompt, prefilled whole: keep all but its last token
    }
    NDArray last = hidden.get(new NDIndex(":, -1, :")); // (U, hidden)
    if (distinct.size() == b) {
      return new Prefilled(cache, last);
    }
    KvCache rows;
    try (KvCache perDistinct = cache) {
      rows = perDistinct.selectRows(call, distinctOf);
    }
    long[] index = Arrays.stream(distinctOf).asLongStream().toArray();
    try (NDArray idx = OwnedArrays.of(step, index, new Shape(b))) { // (B) int64
      return new Prefilled(rows, last.get(idx)); // (B, hidden)
    }
  }

  /** The distinct prompts in order of first appearance; {@code distinctOf[i]} is row i's. */
  private static List<int[]> distinct(List<int[]> prompts, int[] distinctOf) {
    Map<Key, Integer> seen = new HashMap<>();
    List<int[]> out = new ArrayList<>();
    for (int i = 0; i < prompts.size(); i++) {
      int[] p = prompts.get(i);
      Integer index = seen.putIfAbsent(new Key(p), out.size());
      if (index == null) {
        index = out.size();
        out.add(p);
      }
      distinctOf[i] = index;
    }
    return out;
  }

  private static List<int[]> identity(List<int[]> prompts, int[] distinctOf) {
    for (int i = 0; i < distinctOf.length; i++) {
      distinctOf[i] = i;
    }
    return prompts;
  }

  /** Length of the longest common prefix, leaving at least one token of each prompt for its own prefill. */
  static int commonPrefix(List<int[]> prompts) {
    int n = Integer.MAX_VALUE;
    for (int[] p : prompts) {
      n = Math.min(n, p.length - 1);
    }
    int[] first = prompts.get(0);
    for (int j = 0; j < n; j++) {
      for (int[] p : prompts) {
        if (p[j] != first[j]) {
          return j;
        }
      }
    }
    return n;
  }

  /** Each prompt without its first {@code shared} tokens, left-padded, at positions {@code shared + j}. */
  static TokenBatch rests(List<int[]> prompts, int shared) {
    if (shared == 0) {
      return TokenBatch.leftPadded(prompts);
    }
    int b = prompts.size();
    int t = maxLength(prompts) - shared;
    int[][] ids = new int[b][t];
    boolean[][] mask = new boolean[b][t];
    int[][] positions = new int[b][t];
    for (int i = 0; i < b; i++) {
      int[] p = prompts.get(i);
      int pad = t - (p.length - shared);
      for (int j = pad; j < t; j++) {
        ids[i][j] = p[shared + j - pad];
        mask[i][j] = true;
        positions[i][j] = shared + j - pad;
      }
    }
    return new TokenBatch(ids, mask, positions); // pads: id PAD_ID (0), masked, position 0
  }

  private static int maxLength(List<int[]> prompts) {
    int t = 0;
    for (int[] p : prompts) {
      t = Math.max(t, p.length);
    }
    return t;
  }

  /** An int[] compared by content. */
  private record Key(int[] ids) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && Arrays.equals(ids, k.ids);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(ids);
    }
  }
}
