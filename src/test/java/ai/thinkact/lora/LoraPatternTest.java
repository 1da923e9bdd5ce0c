package ai.thinkact.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.WeightFiles;
import ai.thinkact.model.CheckpointWriter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.Projection;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SafetensorsDtype;
import ai.thinkact.model.SafetensorsWriter;
import ai.thinkact.model.TokenBatch;
import ai.thinkact.model.WeightNames;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PEFT's {@code rank_pattern} and {@code alpha_pattern}: keys matched to module names as PEFT's
 * {@code get_pattern_key} does, per-module rank and scale through loading, the forward, saving and
 * merging, checked against an explicit per-module computation written out by hand below.
 */
class LoraPatternTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void patternKeysMatchLikePeftsGetPatternKey() {
    String q0 = "model.layers.0.self_attn.q_proj";
    String q1 = "model.layers.1.self_attn.q_proj";
    assertEquals("q_proj", LoraConfig.patternKey(List.of("q_proj"), q0), "a module name matches in every layer");
    assertNull(LoraConfig.patternKey(List.of("proj"), q0), "the key must end at a dot boundary");
    assertNull(LoraConfig.patternKey(List.of("self_attn"), q0), "the key must reach the end of the name");
    assertEquals("layers.1.self_attn.q_proj", LoraConfig.patternKey(List.of("layers.1.self_attn.q_proj"), q1));
    assertNull(LoraConfig.patternKey(List.of("layers.1.self_attn.q_proj"), q0));
    assertEquals(q0, LoraConfig.patternKey(List.of(q0), q0), "the full name");
    assertEquals("q_proj", LoraConfig.patternKey(List.of("q_proj", "layers.0.self_attn.q_proj"), q0), "the first key wins");
    assertEquals("layers\\.[01]\\.self_attn\\.(q|k)_proj",
        LoraConfig.patternKey(List.of("layers\\.[01]\\.self_attn\\.(q|k)_proj"), q1), "keys are regular expressions");
    assertNull(LoraConfig.patternKey(List.of(), q0));
  }

  @Test
  void rankAndAlphaArePerModuleAndTheScaleUsesBoth() {
    Map<String, Integer> ranks = new LinkedHashMap<>();
    ranks.put("q_proj", 4);
    Map<String, Double> alphas = new LinkedHashMap<>();
    alphas.put("layers.1.self_attn.q_proj", 2.0);
    LoraConfig plain = new LoraConfig(16, 32, 0, LoraConfig.allProjections(), false, ranks, alphas);
    assertEquals(4, plain.rank(0, Projection.Q_PROJ));
    assertEquals(16, plain.rank(0, Projection.K_PROJ));
    assertEquals(32 / 4.0, plain.scale(0, Projection.Q_PROJ), 1e-12);
    assertEquals(2 / 4.0, plain.scale(1, Projection.Q_PROJ), 1e-12);
    assertEquals(32 / 16.0, plain.scale(1, Projection.V_PROJ), 1e-12);
    LoraConfig rs = new LoraConfig(16, 32, 0, LoraConfig.allProjections(), true, ranks, alphas);
    assertEquals(32 / 2.0, rs.scale(0, Projection.Q_PROJ), 1e-12, "alpha / sqrt(r) with the module's own r");
    assertEquals(2 / 2.0, rs.scale(1, Projection.Q_PROJ), 1e-12);
    assertEquals(32 / 4.0, rs.scale(1, Projection.UP_PROJ), 1e-12);
  }

  /**
   * A PEFT adapter with patterns, written as PEFT would (config JSON, A and B of per-module ranks),
   * against the base model with {@code W + s * B A} merged in by hand, {@code s} spelled out per module.
   */
  @ParameterizedTest(name = "use_rslora {0}")
  @ValueSource(booleans = {false, true})
  void patternAdapterGivesTheExplicitPerModuleComputation(boolean rslora) throws IOException {
    GoldenCase golden = GoldenCase.of("qwen3_untied");
    Qwen3Config config = Qwen3Config.load(golden.modelDir());
    Path adapterDir = dir.resolve("adapter");
    Files.createDirectories(adapterDir);
    ObjectNode adapterJson = (ObjectNode) JSON.readTree(golden.adapterDir().resolve(LoraConfig.FILE).toFile());
    adapterJson.put("r", 8).put("lora_alpha", 16).put("use_rslora", rslora);
    adapterJson.putObject("rank_pattern").put("q_proj", 4).put("layers.1.mlp.down_proj", 2)
        .put("model\\.layers\\.0\\.mlp\\.(gate|up)_proj", 6);
    adapterJson.putObject("alpha_pattern").put("v_proj", 4).put("layers.1.self_attn.q_proj", 32);
    Files.writeString(adapterDir.resolve(LoraConfig.FILE), adapterJson.toPrettyString());

    try (NDManager manager = NDManager.newBaseManager();
        WeightFiles base = WeightFiles.open(golden.modelDir())) {
      Random random = new Random(3);
      Map<String, NDArray> tensors = new LinkedHashMap<>();
      Map<String, NDArray> merged = new LinkedHashMap<>();
      for (String name : base.names()) {
        merged.put(name, base.load(name, base.shape(name), manager));
      }
      for (int layer = 0; layer < config.numHiddenLayers(); layer++) {
        for (Projection p : Projection.values()) {
          int r = explicitRank(layer, p);
          double alpha = explicitAlpha(layer, p);
          double scale = rslora ? alpha / Math.sqrt(r) : alpha / r;
          NDArray a = randomArray(manager, random, r, p.inFeatures(config)); // (r, in)
          NDArray b = randomArray(manager, random, p.outFeatures(config), r); // (out, r)
          String prefix = LoraAdapter.peftPrefix(layer, p);
          tensors.put(prefix + ".lora_A.weight", a);
          tensors.put(prefix + ".lora_B.weight", b);
          String weight = WeightNames.projection(layer, p);
          merged.put(weight, merged.get(weight).add(b.matMul(a).mul((float) scale)));
        }
      }
      SafetensorsWriter.write(adapterDir.resolve(LoraAdapter.WEIGHTS_FILE), tensors, SafetensorsDtype.F32);
      CheckpointWriter.write(merged, golden.modelDir(), dir.resolve("explicit"));
    }
    AdapterMerge.write(golden.modelDir(), adapterDir, dir.resolve("merged"));

    TokenBatch batch = TokenBatch.of(new int[][] {{1, 5, 9, 200, 3, 77}, {4, 4, 8, 15, 16, 23}});
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        Qwen3Model explicit = Qwen3Model.load(dir.resolve("explicit"), ComputeSettings.cpu());
        Qwen3Model merged = Qwen3Model.load(dir.resolve("merged"), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.load(adapterDir, model.config(), model.device());
        NDManager scope = model.manager().newSubManager()) {
      assertEquals(4, adapter.pair(0, Projection.Q_PROJ).a().getShape().get(0));
      assertEquals(6, adapter.pair(0, Projection.UP_PROJ).a().getShape().get(0));
      assertEquals(8, adapter.pair(1, Projection.UP_PROJ).a().getShape().get(0));
      NDArray want = explicit.logits(scope, batch, Adapter.NONE);
      NDArray baseLogits = model.logits(scope, batch, Adapter.NONE);
      assertTrue(want.sub(baseLogits).abs().max().getFloat() > 1e-2, "the adapter changes the logits");
      assertClose(want, model.logits(scope, batch, adapter), "forward with the adapter");
      assertClose(want, merged.logits(scope, batch, Adapter.NONE), "export merge");

      Path saved = dir.resolve("saved");
      adapter.save(saved, golden.modelDir().toString());
      JsonNode written = JSON.readTree(saved.resolve(LoraConfig.FILE).toFile());
      assertEquals(adapterJson.get("rank_pattern"), written.get("rank_pattern"), "rank_pattern written back");
      assertEquals(adapterJson.get("alpha_pattern"), written.get("alpha_pattern"), "alpha_pattern written back");
      try (LoraAdapter reloaded = LoraAdapter.load(saved, model.config(), model.device())) {
        assertClose(want, model.logits(scope, batch, reloaded), "saved and reloaded");
      }
    }
  }

  /** The ranks the config's patterns give, spelled out. */
  private static int explicitRank(int layer, Projection p) {
    if (p == Projection.Q_PROJ) {
      return 4;
    }
    if (layer == 1 && p == Projection.DOWN_PROJ) {
      return 2;
    }
    if (layer == 0 && (p == Projection.GATE_PROJ || p == Projection.UP_PROJ)) {
      return 6;
    }
    return 8;
  }

  /** The alphas the config's patterns give, spelled out. */
  private static double explicitAlpha(int layer, Projection p) {
    if (p == Projection.V_PROJ) {
      return 4;
    }
    if (layer == 1 && p == Projection.Q_PROJ) {
      return 32;
    }
    return 16;
  }

  @Test
  void unsupportedPeftSettingsAreRefusedNamingFileAndField() throws IOException {
    JsonNode golden = JSON.readTree(GoldenCase.of("qwen3_tied").adapterDir().resolve(LoraConfig.FILE).toFile());
    Map<String, String> cases = new LinkedHashMap<>();
    cases.put("{\"use_dora\": true}", "use_dora is true: DoRA");
    cases.put("{\"modules_to_save\": [\"lm_head\"]}", "modules_to_save is set");
    cases.put("{\"layers_to_transform\": [0]}", "layers_to_transform is set");
    cases.put("{\"bias\": \"lora_only\"}", "bias is \"lora_only\"");
    cases.put("{\"r\": \"sixteen\"}", "\"r\" must be an integer, got string \"sixteen\"");
    cases.put("{\"lora_alpha\": \"32\"}", "\"lora_alpha\" must be a number, got string \"32\"");
    cases.put("{\"use_rslora\": \"yes\"}", "\"use_rslora\" must be true or false");
    cases.put("{\"rank_pattern\": {\"q_proj\": 4.5}}", "rank_pattern[\"q_proj\"] must be an integer, got number 4.5");
    cases.put("{\"rank_pattern\": {\"q_proj\": 0}}", "rank_pattern[\"q_proj\"] must be > 0");
    cases.put("{\"alpha_pattern\": [16]}", "alpha_pattern must be an object");
    cases.put("{\"rank_pattern\": {\"q_(proj\": 4}}", "rank_pattern key \"q_(proj\" is not a regular expression");
    cases.put("{\"target_modules\": \".*proj\"}", "target_modules \".*proj\" is a regular expression");
    int i = 0;
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Path adapter = Files.createDirectories(dir.resolve("bad" + i++));
      ObjectNode config = ((ObjectNode) golden.deepCopy()).setAll((ObjectNode) JSON.readTree(c.getKey()));
      Files.writeString(adapter.resolve(LoraConfig.FILE), config.toPrettyString());
      InvalidDataException e = assertThrows(InvalidDataException.class, () -> LoraConfig.load(adapter), c.getKey());
      assertTrue(e.getMessage().startsWith(adapter.resolve(LoraConfig.FILE) + ": "), e.getMessage());
      assertTrue(e.getMessage().contains(c.getValue()), c.getKey() + " -> " + e.getMessage());
    }
  }

  @Test
  void aPeftAdapterWhoseRanksDifferWithoutARankPatternNamesTheTensor() throws IOException {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    Path adapter = Files.createDirectories(dir.resolve("adapter"));
    ObjectNode config = (ObjectNode) JSON.readTree(golden.adapterDir().resolve(LoraConfig.FILE).toFile());
    config.put("r", 4); // the tensors have rank 8
    Files.writeString(adapter.resolve(LoraConfig.FILE), config.toPrettyString());
    Files.copy(golden.adapterDir().resolve(LoraAdapter.WEIGHTS_FILE), adapter.resolve(LoraAdapter.WEIGHTS_FILE));
    Qwen3Config model = Qwen3Config.load(golden.modelDir());
    InvalidDataException e = assertThrows(InvalidDataException.class,
        () -> LoraAdapter.load(adapter, model, ai.djl.Device.cpu()).close());
    assertTrue(e.getMessage().contains("lora_A.weight has shape [8, "), e.getMessage());
    assertTrue(e.getMessage().contains("rank_pattern"), e.getMessage());
  }

  private static NDArray randomArray(NDManager manager, Random random, int rows, int cols) {
    float[] values = new float[rows * cols];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * 0.1);
    }
    return manager.create(values, new Shape(rows, cols));
  }

  private static void assertClose(NDArray want, NDArray got, String what) {
    float maxAbs = want.sub(got).abs().max().getFloat();
    assertTrue(maxAbs < 1e-4, what + ": max abs logit deviation " + maxAbs);
  }
}
