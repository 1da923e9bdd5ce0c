package ai.thinkact.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * The keys and values of one shared prompt prefix, kept from one {@link Generator} call to the
 * next: eval's batches all start with the same system policy and tool schemas, which are then
 * prefilled once per run instead of once per batch. A call reuses the longest part of the stored
 * prefix that all its prompts start with (at least {@link PrefixSharing#MIN_SHARED_PREFIX}
 * tokens), and stores its own shared prefix when nothing could be reused.
 *
 * <p>Valid only for the weights it was made with: it remembers the adapter object and is not used
 * with another; the caller must not change that adapter's weights while the store is open (eval
 * does not; GRPO rollouts, whose weights change every round, do not use a store). Owns native
 * memory ({@code layers x 2 x kvHeads x P x headDim}); close it.
 */
public final class PrefixStore implements AutoCloseable {

  private final NDManager parent;
  private NDManager manager;
  private int[] ids = new int[0];
  private Adapter adapter;
  private NDArray[] keys; // per layer (1, kvHeads, P, headDim)
  private NDArray[] values;
  private long reusedTokens;

  /** An empty store whose arrays live under {@code model}'s manager. */
  public PrefixStore(Qwen3Model model) {
    this.parent = model.manager();
  }

  /** Prompt tokens whose prefill the store saved so far (for logs and tests). */
  public synchronized long reusedTokens() {
    return reusedTokens;
  }

  /**
   * How many leading tokens of {@code prompt} (at most {@code limit}) the store holds for
   * {@code adapter}, or 0 when fewer than {@link PrefixSharing#MIN_SHARED_PREFIX}.
   */
  synchronized int reusable(int[] prompt, int limit, Adapter adapter) {
    if (adapter != this.adapter || keys == null) {
      return 0;
    }
    int n = Math.min(Math.min(limit, ids.length), prompt.length);
    int same = 0;
    while (same < n && ids[same] == prompt[same]) {
      same++;
    }
    return same >= PrefixSharing.MIN_SHARED_PREFIX ? same : 0;
  }

  /** A {@code rows}-row cache of {@code capacity} slots holding the stored prefix's first {@code length} tokens. */
  synchronized KvCache expand(NDManager call, int rows, int capacity, int length) {
    NDManager target = call.newSubManager();
    NDArray[] k = new NDArray[keys.length];
    NDArray[] v = new NDArray[keys.length];
    NDIndex used = new NDIndex(":, :, :{}", length);
    for (int layer = 0; layer < keys.length; layer++) {
      k[layer] = expand(target, keys[layer], used, rows, capacity, length);
      v[layer] = expand(target, values[layer], used, rows, capacity, length);
    }
    boolean[][] mask = new boolean[rows][capacity];
    for (boolean[] row : mask) {
      Arrays.fill(row, 0, length, true);
    }
    reusedTokens += (long) rows * length;
    return new KvCache(target, k, v, mask, capacity, length);
  }

  private static NDArray expand(NDManager target, NDArray stored, NDIndex used, int rows, int capacity, int length) {
    Shape s = stored.getShape(); // (1, kvHeads, P, headDim)
    NDArray out = target.zeros(new Shape(rows, s.get(1), capacity, s.get(3)), stored.getDataType());
    try (NDArray prefix = stored.get(used); // (1, kvHeads, length, headDim), lands in the store's manager
        NDArray repeated = prefix.broadcast(rows, s.get(1), length, s.get(3))) {
      out.set(used, repeated);
    }
    return out; // (rows, kvHeads, capacity, headDim)
  }

  /** Keeps the first {@code length} slots of a one-row {@code cache}, the keys of {@code prompt}'s first tokens. */
  synchronized void keep(KvCache cache, int[] prompt, int length, Adapter adapter) {
    NDManager fresh = parent.newSubManager();
    int layers = cache.layers();
    NDArray[] k = new NDArray[layers];
    NDArray[] v = new NDArray[layers];
    NDIndex used = new NDIndex(":, :, :{}", length);
    for (int layer = 0; layer < layers; layer++) {
      k[layer] = copy(fresh, cache.keys(layer), used);
      v[layer] = copy(fresh, cache.values(layer), used);
    }
    close();
    manager = fresh;
    keys = k;
    values = v;
    ids = Arrays.copyOf(prompt, length);
    this.adapter = adapter;
  }

  private static NDArray copy(NDManager target, NDArray array, NDIndex used) {
    try (NDArray view = array.get(used)) { // lands in the cache's manager
      NDArray owned = view.duplicate();
      owned.attach(target);
      return owned;
    }
  }

  @Override
  public synchronized void close() {
    if (manager != null) {
      manager.close();
      manager = null;
      keys = null;
      values = null;
      adapter = null;
      ids = new int[0];
    }
  }
}
