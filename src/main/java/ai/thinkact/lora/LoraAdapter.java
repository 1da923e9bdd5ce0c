package ai.thinkact.lora;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.io.AtomicFiles;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.Projection;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.model.SafetensorsDtype;
import ai.thinkact.model.SafetensorsFile;
import ai.thinkact.model.SafetensorsWriter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LoRA adapters on Qwen3 projections (Hu et al. 2021, PEFT semantics):
 * {@code y = x W^T + scale * (x A^T) B^T} with {@code A (r, in)}, {@code B (out, r)}; rank and
 * scale are per module when the config has {@code rank_pattern} / {@code alpha_pattern}
 * ({@link LoraConfig#rank(int, Projection)}, {@link LoraConfig#scale(int, Projection)}). The base
 * weights stay frozen in the model; this object owns only A and B (float32), which can require
 * gradients. To run without the adapter (GRPO reference pass) pass {@link Adapter#NONE} instead.
 */
public final class LoraAdapter implements Adapter, AutoCloseable {

  public static final String WEIGHTS_FILE = "adapter_model.safetensors";
  private static final Pattern PEFT_KEY =
      Pattern.compile("base_model\\.model\\.model\\.layers\\.(\\d+)\\.(self_attn|mlp)\\.(\\w+)\\.lora_([AB])\\.weight");

  /** A and B of one adapted projection. */
  public record Pair(NDArray a, NDArray b) {}

  private final LoraConfig config;
  private final NDManager manager;
  private final Map<String, Pair> pairs; // key: layer + "." + module name
  private final Map<String, NDArray> scales; // same keys; () float32, kept alive for autograd (a per-call scalar may be freed before backward)
  private final NDArray keepProbability; // () float32
  private boolean dropoutActive;

  private LoraAdapter(LoraConfig config, NDManager manager, Map<String, Pair> pairs) {
    this.config = config;
    this.manager = manager;
    this.pairs = pairs;
    this.scales = new LinkedHashMap<>();
    for (String key : pairs.keySet()) {
      String[] parts = key.split("\\.", 2);
      double scale = config.scale(Integer.parseInt(parts[0]), Projection.fromModuleName(parts[1]));
      scales.put(key, manager.full(new Shape(), (float) scale, DataType.FLOAT32));
    }
    this.keepProbability = manager.full(new Shape(), (float) (1 - config.dropout()), DataType.FLOAT32);
  }

  /**
   * A new adapter initialised like PEFT: A kaiming-uniform with {@code a = sqrt(5)} (that is
   * {@code U(-1/sqrt(in), 1/sqrt(in))}), B zero, so the adapted model starts equal to the base.
   */
  public static LoraAdapter create(Qwen3Config model, LoraConfig config, Device device, Random random) {
    NDManager manager = NDManager.newBaseManager(device);
    Map<String, Pair> pairs = new LinkedHashMap<>();
    for (int layer = 0; layer < model.numHiddenLayers(); layer++) {
      for (Projection p : config.targetModules()) {
        int in = p.inFeatures(model);
        int rank = config.rank(layer, p);
        float bound = (float) (1.0 / Math.sqrt(in));
        float[] a = new float[rank * in];
        for (int i = 0; i < a.length; i++) {
          a[i] = (random.nextFloat() * 2f - 1f) * bound;
        }
        NDArray aArray = manager.create(a, new Shape(rank, in)); // (r, in)
        NDArray bArray = manager.zeros(new Shape(p.outFeatures(model), rank), DataType.FLOAT32); // (out, r)
        pairs.put(key(layer, p), new Pair(aArray, bArray));
      }
    }
    return new LoraAdapter(config, manager, pairs);
  }

  /** Loads a PEFT adapter directory ({@code adapter_config.json} + {@code adapter_model.safetensors}, F32/BF16/F16). */
  public static LoraAdapter load(Path adapterDir, Qwen3Config model, Device device) {
    LoraConfig config = LoraConfig.load(adapterDir);
    Path weights = adapterDir.resolve(WEIGHTS_FILE);
    if (!Files.isRegularFile(weights)) {
      throw new InvalidDataException("no " + WEIGHTS_FILE + " in " + adapterDir);
    }
    NDManager manager = NDManager.newBaseManager(device);
    try (SafetensorsFile file = SafetensorsFile.open(weights)) {
      Map<String, NDArray> as = new LinkedHashMap<>();
      Map<String, NDArray> bs = new LinkedHashMap<>();
      for (String name : file.names()) {
        Matcher m = PEFT_KEY.matcher(name);
        if (!m.matches()) {
          throw new InvalidDataException(weights + ": tensor " + name + " is not a LoRA A/B weight of a Qwen3 projection");
        }
        int layer = Integer.parseInt(m.group(1));
        Projection p;
        try {
          p = Projection.fromModuleName(m.group(3));
        } catch (IllegalArgumentException e) {
          throw new InvalidDataException(weights + ": tensor " + name + ": " + e.getMessage(), e);
        }
        if (layer >= model.numHiddenLayers() || !config.targetModules().contains(p)) {
          throw new InvalidDataException(weights + ": tensor " + name + " adapts a layer or module the "
              + LoraConfig.FILE + " / model config does not have");
        }
        boolean isA = m.group(4).equals("A");
        int rank = config.rank(layer, p); // r, or rank_pattern's for this module
        long[] expected = isA
            ? new long[] {rank, p.inFeatures(model)}
            : new long[] {p.outFeatures(model), rank};
        long[] found = file.info(name).shape();
        if (!java.util.Arrays.equals(found, expected)) {
          throw new InvalidDataException(weights + ": tensor " + name + " has shape " + java.util.Arrays.toString(found)
              + ", expected " + java.util.Arrays.toString(expected) + " (rank " + rank + " from " + LoraConfig.FILE
              + "'s r and rank_pattern)");
        }
        (isA ? as : bs).put(key(layer, p), file.loadFloat32(name, manager));
      }
      Map<String, Pair> pairs = new LinkedHashMap<>();
      for (Map.Entry<String, NDArray> a : as.entrySet()) {
        NDArray b = bs.get(a.getKey());
        if (b == null) {
          throw new InvalidDataException(weights + ": lora_A of " + a.getKey() + " has no lora_B");
        }
        pairs.put(a.getKey(), new Pair(a.getValue(), b));
      }
      if (bs.size() != as.size()) {
        throw new InvalidDataException(weights + ": some lora_B tensors have no lora_A");
      }
      if (pairs.isEmpty()) {
        throw new InvalidDataException(weights + ": no LoRA tensors");
      }
      return new LoraAdapter(config, manager, pairs);
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * What {@code base_model_name_or_path} of a saved adapter says for a base model loaded from
   * {@code modelDir}: {@code name} when one is given (a {@code --base-model-name}, e.g. the Hub id
   * a vLLM server serves), else the absolute, normalised path, so that the adapter does not depend
   * on the directory a run was started from ({@code ../model} as typed means nothing elsewhere).
   */
  public static String baseModelNameOrPath(Path modelDir, String name) {
    if (name != null && !name.isBlank()) {
      return name;
    }
    return modelDir.toAbsolutePath().normalize().toString();
  }

  /**
   * Writes {@code adapter_config.json} and {@code adapter_model.safetensors} (float32) in PEFT
   * format into {@code adapterDir}; each file is written to a temporary name and renamed.
   */
  public void save(Path adapterDir, String baseModelNameOrPath) throws IOException {
    Files.createDirectories(adapterDir);
    SafetensorsWriter.write(adapterDir.resolve(WEIGHTS_FILE), namedParameters(), SafetensorsDtype.F32);
    AtomicFiles.writeString(adapterDir.resolve(LoraConfig.FILE),
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(config.toJson(baseModelNameOrPath)) + "\n");
  }

  public LoraConfig config() {
    return config;
  }

  /** The manager owning A and B (and their gradients). */
  public NDManager manager() {
    return manager;
  }

  /** A and B of every adapted projection keyed by their PEFT tensor names, A before B, in layer order. */
  public Map<String, NDArray> namedParameters() {
    Map<String, NDArray> named = new LinkedHashMap<>();
    for (Map.Entry<String, Pair> e : pairs.entrySet()) {
      String[] parts = e.getKey().split("\\.", 2);
      String prefix = peftPrefix(Integer.parseInt(parts[0]), Projection.fromModuleName(parts[1]));
      named.put(prefix + ".lora_A.weight", e.getValue().a());
      named.put(prefix + ".lora_B.weight", e.getValue().b());
    }
    return Collections.unmodifiableMap(named);
  }

  /** A and B of one projection, or null when it is not adapted. */
  public Pair pair(int layer, Projection projection) {
    return pairs.get(key(layer, projection));
  }

  /** Makes every A and B record gradients (the base weights never do). */
  public void requireGradients() {
    for (Pair p : pairs.values()) {
      p.a().setRequiresGradient(true);
      p.b().setRequiresGradient(true);
    }
  }

  /** Turns {@code lora_dropout} on for training forwards (off by default: inference, scoring, goldens). */
  public void setDropoutActive(boolean active) {
    this.dropoutActive = active;
  }

  @Override
  public NDArray delta(int layer, Projection projection, NDArray x) {
    Pair p = pairs.get(key(layer, projection));
    if (p == null) {
      return null;
    }
    DataType xType = x.getDataType();
    NDArray input = xType == DataType.FLOAT32 ? x : x.toType(DataType.FLOAT32, false); // (N, in)
    if (dropoutActive && config.dropout() > 0) {
      NDArray keep = input.getManager().randomUniform(0f, 1f, input.getShape()).lt(keepProbability); // (N, in)
      input = input.mul(keep.toType(DataType.FLOAT32, false)).div(keepProbability);
    }
    NDArray down = Linear.linear(input, p.a()).singletonOrThrow().mul(scales.get(key(layer, projection))); // (N, r)
    NDArray up = Linear.linear(down, p.b()).singletonOrThrow(); // (N, out)
    return xType == DataType.FLOAT32 ? up : up.toType(xType, false);
  }

  @Override
  public void close() {
    manager.close();
  }

  private static String key(int layer, Projection p) {
    return layer + "." + p.moduleName();
  }

  /** {@code base_model.model.model.layers.{i}.self_attn.q_proj}: PEFT's prefix of a projection's A and B. */
  public static String peftPrefix(int layer, Projection p) {
    return "base_model.model.model.layers." + layer + "." + p.modulePath();
  }
}
