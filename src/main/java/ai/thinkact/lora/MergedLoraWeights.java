package ai.thinkact.lora;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.Projection;
import ai.thinkact.model.Qwen3Model;
import java.util.HashMap;
import java.util.Map;

/**
 * A LoRA adapter folded into the weights for sampling: {@code W' = W + scale * B A} for every
 * adapted projection (PEFT's {@code merge}), so a rollout or eval forward runs one product per
 * projection instead of three plus a scale and an add (about 5 ms of a 44 ms decode step, docs/performance.md).
 * The trainer's forward keeps the unmerged adapter (it needs gradients for A and B); call
 * {@link #refresh()} after an optimizer step changed them. Outputs equal the unmerged adapter's up
 * to float32 rounding (tested), and sampling draws the same random numbers either way.
 *
 * <p>Memory: one copy of every adapted base weight (all of a layer's weights when LoRA targets all
 * seven projections) and of q, k and v, which are stacked into one {@code (q + 2 kv, hidden)} array
 * for one product ({@link #qkvWeight}); all in a sub-manager of the model's manager, which
 * {@link #close()} frees. The sum
 * is formed in float32 and stored in the model's compute type. Dropout does not apply (sampling
 * runs in eval mode).
 */
public final class MergedLoraWeights implements Adapter, AutoCloseable {

  private final Qwen3Model model;
  private final LoraAdapter adapter;
  private final Map<String, NDArray> merged = new HashMap<>(); // key: layer + "." + module name
  private NDManager manager;

  private MergedLoraWeights(Qwen3Model model, LoraAdapter adapter) {
    this.model = model;
    this.adapter = adapter;
  }

  /** Merges {@code adapter} into a copy of {@code model}'s adapted weights. */
  public static MergedLoraWeights of(Qwen3Model model, LoraAdapter adapter) {
    MergedLoraWeights weights = new MergedLoraWeights(model, adapter);
    weights.refresh();
    return weights;
  }

  /**
   * {@code adapter} merged when it is a LoRA adapter, or {@code adapter} itself (the base model,
   * or an adapter of another kind); the caller closes what it gets when that is not {@code adapter}.
   */
  public static Adapter forSampling(Qwen3Model model, Adapter adapter) {
    return adapter instanceof LoraAdapter lora ? of(model, lora) : adapter;
  }

  /** Closes {@code merged} when {@link #forSampling} made it. */
  public static void release(Adapter merged) {
    if (merged instanceof MergedLoraWeights weights) {
      weights.close();
    }
  }

  /** Recomputes every merged weight from the adapter's current A and B (after an optimizer step). */
  public synchronized void refresh() {
    NDManager fresh = model.manager().newSubManager();
    try {
      Map<String, NDArray> next = new HashMap<>();
      int layers = model.config().numHiddenLayers();
      for (int layer = 0; layer < layers; layer++) {
        for (Projection p : Projection.values()) {
          LoraAdapter.Pair pair = adapter.pair(layer, p);
          if (pair != null) {
            next.put(key(layer, p), merge(fresh, model.projectionWeight(layer, p), pair, adapter.config().scale(layer, p)));
          }
        }
        stackQkv(fresh, layer, next);
      }
      NDManager old = manager;
      manager = fresh;
      merged.clear();
      merged.putAll(next);
      if (old != null) {
        old.close();
      }
    } catch (RuntimeException e) {
      fresh.close();
      throw e;
    }
  }

  /**
   * Replaces the layer's q, k and v weights by row slices (views) of one stacked {@code (q + 2 kv, in)}
   * copy, the base weight where a projection is not adapted: one product for the three ({@code FusedQkv}).
   */
  private void stackQkv(NDManager scope, int layer, Map<String, NDArray> weights) {
    Projection[] qkv = {Projection.Q_PROJ, Projection.K_PROJ, Projection.V_PROJ};
    NDArray stacked = null;
    for (Projection p : qkv) {
      NDArray w = weights.getOrDefault(key(layer, p), model.projectionWeight(layer, p));
      NDArray next = stacked == null ? w.duplicate() : stacked.concat(w, 0); // lands in scope or the weights' manager
      next.attach(scope);
      if (stacked != null) {
        stacked.close();
      }
      NDArray own = weights.remove(key(layer, p));
      if (own != null) {
        own.close();
      }
      stacked = next;
    }
    weights.put(layer + ".qkv", stacked); // (q + 2 kv, in)
    long row = 0;
    for (Projection p : qkv) {
      long rows = p.outFeatures(model.config());
      NDArray view = stacked.get(new NDIndex("{}:{}", row, row + rows)); // (out, in), shares the stacked storage
      view.attach(scope);
      weights.put(key(layer, p), view);
      row += rows;
    }
  }

  /** {@code W + scale * B A}, {@code (out, in)}, formed in float32 without recording gradients. */
  private static NDArray merge(NDManager scope, NDArray base, LoraAdapter.Pair pair, double scale) {
    try (NDManager tmp = scope.newSubManager()) {
      NDArray b = pair.b().stopGradient(); // (out, r), lands in the adapter's manager
      NDArray a = pair.a().stopGradient(); // (r, in)
      b.attach(tmp);
      a.attach(tmp);
      NDArray delta = b.matMul(a); // (out, in)
      NDArray s = tmp.full(new Shape(), (float) scale, DataType.FLOAT32); // ()
      NDArray w = base;
      if (base.getDataType() != DataType.FLOAT32) {
        w = base.toType(DataType.FLOAT32, true); // lands in the model's manager
        w.attach(tmp);
      }
      NDArray sum = delta.mul(s).add(w); // (out, in) float32; delta first so the result lands in tmp
      NDArray out = sum.toType(base.getDataType(), true);
      out.attach(scope);
      return out;
    }
  }

  @Override
  public NDArray delta(int layer, Projection projection, NDArray x) {
    return null; // folded into weight()
  }

  @Override
  public synchronized NDArray weight(int layer, Projection projection) {
    return merged.get(key(layer, projection));
  }

  @Override
  public synchronized NDArray qkvWeight(int layer) {
    return merged.get(layer + ".qkv");
  }

  @Override
  public synchronized void close() {
    if (manager != null) {
      manager.close();
      manager = null;
      merged.clear();
    }
  }

  private static String key(int layer, Projection p) {
    return layer + "." + p.moduleName();
  }
}
