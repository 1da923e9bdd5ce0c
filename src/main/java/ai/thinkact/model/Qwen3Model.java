package ai.thinkact.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Qwen3 causal LM on DJL with Hugging Face semantics (checked against transformers by the golden tests): RMSNorm in
 * float32, per-head q/k RMSNorm before half-split RoPE, grouped-query attention with consecutive
 * query heads per key/value head, causal + padding mask, SwiGLU MLP, tied or separate LM head.
 *
 * <p>The model owns only the frozen base weights (in {@link #manager()}); every call takes the
 * caller's scope and leaves its results there. Adapters are passed per call ({@link Adapter#NONE}
 * for the base model), so a GRPO reference pass is the same call without the adapter.
 *
 * <p>Performance notes (docs/performance.md): activations are always the first operand so
 * results land in the caller's scope; each layer runs in its own sub-manager that is closed at the
 * end of the layer; 1/sqrt(headDim) is folded into the query RoPE tables; GQA groups query heads as
 * {@code (B, kvHeads, group*T, headDim)} instead of repeating keys and values.
 */
public final class Qwen3Model implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Qwen3Model.class);

  private final Qwen3Config config;
  private final ComputeSettings settings;
  private final NDManager manager;
  private final DataType dtype;
  private final NDArray embedTokens; // (V, hidden)
  private final NDArray lmHead; // (V, hidden); the same array as embedTokens when tied
  private final NDArray finalNorm; // (hidden)
  private final Layer[] layers;
  private final NDArray eps; // () float32, kept alive for autograd: a scalar built per call may be freed before backward reads it
  private final BatchTables tables;
  private final FusedQkv fusedQkv;

  /** One decoder layer's weights, HF layout ({@code (out, in)} for projections). */
  private record Layer(
      NDArray inputNorm, Map<Projection, NDArray> projections, NDArray qNorm, NDArray kNorm, NDArray postNorm) {}

  private Qwen3Model(Qwen3Config config, ComputeSettings settings, NDManager manager, NDArray embedTokens,
      NDArray lmHead, NDArray finalNorm, Layer[] layers) {
    this.config = config;
    this.settings = settings;
    this.manager = manager;
    this.dtype = settings.dtype().djlType();
    this.embedTokens = embedTokens;
    this.lmHead = lmHead;
    this.finalNorm = finalNorm;
    this.layers = layers;
    this.eps = manager.full(new Shape(), (float) config.rmsNormEps(), DataType.FLOAT32);
    this.tables = new BatchTables(config, manager, dtype);
    this.fusedQkv = new FusedQkv(config, manager);
  }

  /** Loads {@code config.json} and the safetensors weights of a Hugging Face Qwen3 directory. */
  public static Qwen3Model load(Path modelDir, ComputeSettings settings) {
    Qwen3Config config = Qwen3Config.load(modelDir);
    try (WeightFiles checkpoint = WeightFiles.open(modelDir)) {
      return fromWeights(config, checkpoint, settings);
    }
  }

  /** Builds the model from already opened weights; the shapes are checked against {@code config}. */
  public static Qwen3Model fromWeights(Qwen3Config config, WeightFiles checkpoint, ComputeSettings settings) {
    Device device = settings.djlDevice();
    NDManager manager = NDManager.newBaseManager(device);
    try {
      long t0 = System.nanoTime();
      DataType dtype = settings.dtype().djlType();
      long hidden = config.hiddenSize();
      long headDim = config.headDim();
      NDArray embed = load(checkpoint, WeightNames.EMBED_TOKENS, manager, dtype, config.vocabSize(), hidden);
      NDArray lmHead = config.tieWordEmbeddings()
          ? embed
          : load(checkpoint, WeightNames.LM_HEAD, manager, dtype, config.vocabSize(), hidden);
      Layer[] layers = new Layer[config.numHiddenLayers()];
      for (int i = 0; i < layers.length; i++) {
        Map<Projection, NDArray> projections = new EnumMap<>(Projection.class);
        for (Projection p : Projection.values()) {
          projections.put(p, load(checkpoint, WeightNames.projection(i, p), manager, dtype,
              p.outFeatures(config), p.inFeatures(config)));
        }
        layers[i] = new Layer(
            load(checkpoint, WeightNames.inputLayernorm(i), manager, dtype, hidden),
            projections,
            load(checkpoint, WeightNames.qNorm(i), manager, dtype, headDim),
            load(checkpoint, WeightNames.kNorm(i), manager, dtype, headDim),
            load(checkpoint, WeightNames.postAttentionLayernorm(i), manager, dtype, hidden));
      }
      NDArray norm = load(checkpoint, WeightNames.FINAL_NORM, manager, dtype, hidden);
      LOG.debug("loaded {} layers on {} in {} ms", layers.length, device, (System.nanoTime() - t0) / 1_000_000);
      return new Qwen3Model(config, settings, manager, embed, lmHead, norm, layers);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  private static NDArray load(WeightFiles checkpoint, String name, NDManager manager, DataType dtype, long... shape) {
    NDArray f32 = checkpoint.load(name, shape, manager);
    if (dtype == DataType.FLOAT32) {
      return f32;
    }
    NDArray converted = f32.toType(dtype, true);
    f32.close();
    return converted;
  }

  public Qwen3Config config() {
    return config;
  }

  public ComputeSettings settings() {
    return settings;
  }

  /** The manager that owns the base weights (its device is the model's device). */
  public NDManager manager() {
    return manager;
  }

  public Device device() {
    return manager.getDevice();
  }

  /** Compute data type of weights and activations. */
  public DataType dataType() {
    return dtype;
  }

  /** LM head weight {@code (V, hidden)} (the embedding when tied), for a loss chunked over the vocabulary. */
  public NDArray lmHeadWeight() {
    return lmHead;
  }

  /** The frozen base weight {@code (out, in)} of a projection (for merging an adapter). */
  public NDArray projectionWeight(int layer, Projection projection) {
    return layers[layer].projections().get(projection);
  }

  /**
   * Every weight under its Hugging Face name, in checkpoint order (the tied LM head appears once,
   * as the embedding): what full-parameter training updates and {@link CheckpointWriter} saves.
   */
  public Map<String, NDArray> namedWeights() {
    Map<String, NDArray> named = new java.util.LinkedHashMap<>();
    named.put(WeightNames.EMBED_TOKENS, embedTokens);
    for (int i = 0; i < layers.length; i++) {
      Layer w = layers[i];
      named.put(WeightNames.inputLayernorm(i), w.inputNorm());
      for (Projection p : Projection.values()) {
        named.put(WeightNames.projection(i, p), w.projections().get(p));
      }
      named.put(WeightNames.qNorm(i), w.qNorm());
      named.put(WeightNames.kNorm(i), w.kNorm());
      named.put(WeightNames.postAttentionLayernorm(i), w.postNorm());
    }
    named.put(WeightNames.FINAL_NORM, finalNorm);
    if (!config.tieWordEmbeddings()) {
      named.put(WeightNames.LM_HEAD, lmHead);
    }
    return java.util.Collections.unmodifiableMap(named);
  }

  /**
   * Runs the decoder over {@code batch} and returns the final-normed hidden states.
   *
   * @return {@code (B, T, hidden)} in {@code scope}; gradients flow to the adapter when recorded
   */
  public NDArray hiddenStates(NDManager scope, TokenBatch batch, Adapter adapter) {
    return forward(scope, batch, adapter, null);
  }

  /** Logits {@code (B, T, V)} (float32) of every position: hidden states then the LM head. */
  public NDArray logits(NDManager scope, TokenBatch batch, Adapter adapter) {
    NDArray hidden = hiddenStates(scope, batch, adapter); // (B, T, hidden)
    NDArray logits = logits(hidden); // (B, T, V)
    hidden.close();
    return logits;
  }

  /** Applies the LM head to hidden states {@code (..., hidden)}: {@code (..., V)} float32, in hidden's manager. */
  public NDArray logits(NDArray hidden) {
    Shape shape = hidden.getShape();
    NDArray rows = hidden.reshape(-1, config.hiddenSize()); // (N, hidden)
    NDArray logits = Linear.linear(rows, lmHead).singletonOrThrow(); // (N, V)
    NDArray f32 = toFloat32(logits);
    long[] outShape = shape.getShape().clone();
    outShape[outShape.length - 1] = config.vocabSize();
    return f32.reshape(new Shape(outShape)); // (..., V)
  }

  /**
   * LM head for a few rows (decoding): {@code E h^T} is much faster than {@code h E^T} for few rows
   * on CPU. The result is moved into {@code rows}' manager.
   *
   * @param rows {@code (B, hidden)}
   * @return {@code (B, V)} float32
   */
  public NDArray fewRowLogits(NDArray rows) {
    NDArray transposed = rows.transpose(); // (hidden, B)
    NDArray vocabByRow = lmHead.matMul(transposed); // (V, B), lands in the weights' manager
    vocabByRow.attach(rows.getManager());
    transposed.close();
    NDArray logits = vocabByRow.transpose(); // (B, V)
    return toFloat32(logits);
  }

  /**
   * The forward pass. With a cache, {@code batch} continues the cached sequence: its keys and
   * values are written at {@code [cache.length(), cache.length() + T)} and attention also sees all
   * cached slots; the batch positions must continue those of the cache.
   *
   * @param cache null for a plain forward
   * @return {@code (B, T, hidden)} final-normed hidden states in {@code scope}
   */
  public NDArray forward(NDManager scope, TokenBatch batch, Adapter adapter, KvCache cache) {
    int b = batch.batchSize();
    int t = batch.length();
    int past = cache == null ? 0 : cache.length();
    if (cache != null && (cache.batchSize() != b || past + t > cache.capacity())) {
      throw new IllegalArgumentException("batch " + b + "x" + t + " does not fit the cache (batch "
          + cache.batchSize() + ", " + past + " of " + cache.capacity() + " used)");
    }
    BatchTables.Context ctx = tables.context(scope, batch, past, cache);
    // libtorch-owned: a trained embedding's backward needs the ids after they are closed here
    NDArray ids = OwnedArrays.of(scope, tables.flatIds(batch), new Shape((long) b * t)); // (B*T) int64
    NDArray x = embedTokens.get(ids); // (B*T, hidden), lands in the weights' manager
    x.attach(scope);
    ids.close();
    for (int i = 0; i < layers.length; i++) {
      x = decoderLayer(scope, i, x, ctx, adapter, cache);
    }
    NDArray normed = rmsNorm(x, finalNorm); // (B*T, hidden)
    x.close();
    ctx.close();
    if (cache != null) {
      cache.advance(batch);
    }
    return normed.reshape(b, t, config.hiddenSize()); // (B, T, hidden)
  }

  private NDArray decoderLayer(NDManager scope, int index, NDArray input, BatchTables.Context ctx, Adapter adapter, KvCache cache) {
    Layer w = layers[index];
    long b = ctx.batch();
    long t = ctx.length();
    long s = ctx.past() + t;
    long heads = config.numAttentionHeads();
    long kvHeads = config.numKeyValueHeads();
    long group = config.groupSize();
    long headDim = config.headDim();
    try (NDManager layerScope = scope.newSubManager()) {
      // Everything derived from x lands in layerScope and is freed with it; autograd keeps what it needs.
      NDArray x = input;
      x.attach(layerScope); // (B*T, hidden)

      // --- self-attention ---
      NDArray a = rmsNorm(x, w.inputNorm()); // (B*T, hidden)
      NDArray q;
      NDArray k;
      NDArray v;
      NDArray qkvWeight = adapter.qkvWeight(index);
      if (qkvWeight != null) { // sampling weights: one product, q and k normed and rotated together
        NDArray[] qkv = fusedQkv.apply(this, a, qkvWeight, index, w.qNorm(), w.kNorm(), ctx.rope(), ctx.stackedRope(), b, t);
        q = qkv[0];
        k = qkv[1];
        v = qkv[2];
      } else {
        q = project(a, index, Projection.Q_PROJ, w, adapter).reshape(b, t, heads, headDim);
        k = project(a, index, Projection.K_PROJ, w, adapter).reshape(b, t, kvHeads, headDim);
        v = project(a, index, Projection.V_PROJ, w, adapter).reshape(b, t, kvHeads, headDim);
        q = rmsNorm(q, w.qNorm()); // (B, T, heads, headDim), per head before RoPE
        k = rmsNorm(k, w.kNorm()); // (B, T, kvHeads, headDim)
        q = applyRope(q, ctx.rope()[0], ctx.rope()[1]); // (B, T, heads, headDim), already scaled by 1/sqrt(d)
        k = applyRope(k, ctx.rope()[2], ctx.rope()[3]); // (B, T, kvHeads, headDim)
      }
      // Consecutive query heads share a kv head: (B, heads, T, D) -> (B, kvHeads, group*T, D).
      q = q.transpose(0, 2, 1, 3).reshape(b, kvHeads, group * t, headDim);
      k = k.transpose(0, 2, 1, 3); // (B, kvHeads, T, headDim)
      v = v.transpose(0, 2, 1, 3); // (B, kvHeads, T, headDim)
      NDArray keys = k;
      NDArray values = v;
      if (cache != null) {
        NDIndex written = new NDIndex(":, :, {}:{}", ctx.past(), s);
        cache.keys(index).set(written, k);
        cache.values(index).set(written, v);
        NDIndex used = new NDIndex(":, :, :{}", s);
        keys = cache.keys(index).get(used); // (B, kvHeads, S, headDim)
        values = cache.values(index).get(used); // (B, kvHeads, S, headDim)
        keys.attach(layerScope);
        values.attach(layerScope);
      }
      NDArray scores = q.matMul(keys.transpose(0, 1, 3, 2)); // (B, kvHeads, group*T, S)
      scores = toFloat32(scores).reshape(b, kvHeads, group, t, s); // (B, kvHeads, group, T, S)
      if (ctx.bias() != null) {
        scores = scores.add(ctx.bias());
      }
      NDArray probs = scores.softmax(-1).reshape(b, kvHeads, group * t, s); // float32
      if (dtype != DataType.FLOAT32) {
        probs = probs.toType(dtype, false);
      }
      NDArray attended = probs.matMul(values) // (B, kvHeads, group*T, headDim)
          .reshape(b, heads, t, headDim)
          .transpose(0, 2, 1, 3)
          .reshape(b * t, heads * headDim); // (B*T, heads*headDim)
      NDArray h = x.add(project(attended, index, Projection.O_PROJ, w, adapter)); // (B*T, hidden)

      // --- SwiGLU MLP ---
      NDArray m = rmsNorm(h, w.postNorm()); // (B*T, hidden)
      NDArray gate = project(m, index, Projection.GATE_PROJ, w, adapter); // (B*T, intermediate)
      NDArray up = project(m, index, Projection.UP_PROJ, w, adapter); // (B*T, intermediate)
      NDArray act = gate.mul(gate.getNDArrayInternal().sigmoid()).mul(up); // silu(gate) * up
      NDArray out = h.add(project(act, index, Projection.DOWN_PROJ, w, adapter)); // (B*T, hidden)
      out.attach(scope);
      return out;
    }
  }

  /** {@code x W^T (+ adapter delta)} on 2-D input (a 3-D input that needs gradients takes libtorch's slow batched path); W the adapter's merged weight if it has one. */
  private NDArray project(NDArray x, int layer, Projection p, Layer w, Adapter adapter) {
    NDArray merged = adapter.weight(layer, p);
    NDArray y = Linear.linear(x, merged != null ? merged : w.projections().get(p)).singletonOrThrow(); // (N, out)
    NDArray delta = adapter.delta(layer, p, x);
    return delta == null ? y : y.add(delta);
  }

  /** {@code x / sqrt(mean(x^2) + eps) * weight} over the last axis, the statistics in float32. */
  NDArray rmsNorm(NDArray x, NDArray weight) {
    NDArray xf = toFloat32(x);
    NDArray meanSquare = xf.square().mean(new int[] {-1}, true); // (..., 1)
    NDArray normed = xf.div(meanSquare.add(eps).sqrt());
    if (dtype != DataType.FLOAT32) {
      normed = normed.toType(dtype, false);
    }
    return normed.mul(weight);
  }

  /** Half-split ("rotate_half") RoPE: {@code x cos + [x2, x1] * [-sin, sin]}. */
  NDArray applyRope(NDArray x, NDArray cos, NDArray signedSin) {
    long half = config.headDim() / 2;
    NDArray x1 = x.get(new NDIndex("..., :{}", half));
    NDArray x2 = x.get(new NDIndex("..., {}:", half));
    NDArray swapped = x2.concat(x1, -1); // (..., headDim)
    return x.mul(cos).add(swapped.mul(signedSin));
  }

  private NDArray toFloat32(NDArray x) {
    return x.getDataType() == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false);
  }

  @Override
  public void close() {
    manager.close();
  }
}
