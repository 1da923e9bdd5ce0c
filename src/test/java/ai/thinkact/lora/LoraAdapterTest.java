package ai.thinkact.lora;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.thinkact.io.FileModes;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.Projection;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SafetensorsDtype;
import ai.thinkact.model.SafetensorsWriter;
import ai.thinkact.model.TokenBatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoraAdapterTest {

  @TempDir Path dir;

  @Test
  void newAdapterIsInitialisedLikePeftAndStartsAtTheBaseModel() {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    LoraConfig config = new LoraConfig(4, 8, 0.05, Set.of(Projection.Q_PROJ, Projection.DOWN_PROJ), false);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.create(model.config(), config, model.device(), new Random(11));
        LoraAdapter same = LoraAdapter.create(model.config(), config, model.device(), new Random(11));
        NDManager scope = model.manager().newSubManager()) {
      assertEquals(2 * 2 * model.config().numHiddenLayers(), adapter.namedParameters().size());
      LoraAdapter.Pair down = adapter.pair(1, Projection.DOWN_PROJ);
      assertArrayEquals(new long[] {4, model.config().intermediateSize()}, down.a().getShape().getShape());
      float bound = (float) (1 / Math.sqrt(model.config().intermediateSize()));
      assertTrue(down.a().abs().max().getFloat() <= bound);
      assertTrue(down.a().abs().max().getFloat() > 0.5f * bound, "kaiming-uniform fills its range");
      assertEquals(0f, down.b().abs().max().getFloat());
      assertArrayEquals(down.a().toFloatArray(), same.pair(1, Projection.DOWN_PROJ).a().toFloatArray(), "seeded");
      TokenBatch batch = TokenBatch.of(new int[][] {{5, 9, 100, 3}});
      NDArray base = model.logits(scope, batch, Adapter.NONE);
      NDArray adapted = model.logits(scope, batch, adapter);
      assertEquals(0f, base.sub(adapted).abs().max().getFloat());
    }
  }

  @Test
  void goldenAdapterSavesAndReloadsToIdenticalLogitsInPeftFormat() throws Exception {
    GoldenCase golden = GoldenCase.of("qwen3_untied");
    Path saved = dir.resolve("adapter");
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter original = LoraAdapter.load(golden.adapterDir(), model.config(), model.device());
        NDManager scope = model.manager().newSubManager()) {
      original.save(saved, "../model");
      JsonNode config = new ObjectMapper().readTree(saved.resolve(LoraConfig.FILE).toFile());
      assertEquals("LORA", config.get("peft_type").asText());
      assertEquals("CAUSAL_LM", config.get("task_type").asText());
      assertEquals(4, config.get("r").asInt());
      assertEquals(16, config.get("lora_alpha").asInt());
      assertEquals(7, config.get("target_modules").size());
      FileModes.assertUmaskModes(saved, dir.resolve("scratch")); // a vLLM under another uid can read it
      try (LoraAdapter reloaded = LoraAdapter.load(saved, model.config(), model.device())) {
        assertEquals(original.namedParameters().keySet(), reloaded.namedParameters().keySet());
        TokenBatch batch = TokenBatch.of(new int[][] {{1, 2, 3, 400, 5, 6}});
        NDArray a = model.logits(scope, batch, original);
        NDArray b = model.logits(scope, batch, reloaded);
        assertEquals(0f, a.sub(b).abs().max().getFloat());
      }
    }
  }

  @Test
  void bf16AdapterLoadsAndRsloraScales() throws Exception {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    Path bf16 = dir.resolve("bf16");
    Files.createDirectories(bf16);
    try (Qwen3Model model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
        LoraAdapter original = LoraAdapter.load(golden.adapterDir(), model.config(), model.device())) {
      SafetensorsWriter.write(bf16.resolve(LoraAdapter.WEIGHTS_FILE), original.namedParameters(), SafetensorsDtype.BF16);
      String config = Files.readString(golden.adapterDir().resolve(LoraConfig.FILE)).replace("\"use_rslora\": false", "\"use_rslora\": true");
      Files.writeString(bf16.resolve(LoraConfig.FILE), config);
      try (LoraAdapter loaded = LoraAdapter.load(bf16, model.config(), model.device())) {
        assertEquals(16 / Math.sqrt(8), loaded.config().scale(1, Projection.O_PROJ), 1e-12);
        for (Map.Entry<String, NDArray> e : original.namedParameters().entrySet()) {
          float[] want = e.getValue().toFloatArray();
          float[] got = loaded.namedParameters().get(e.getKey()).toFloatArray();
          for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], Math.abs(want[i]) / 256 + 1e-30, e.getKey());
            assertEquals(0, Float.floatToRawIntBits(got[i]) & 0xFFFF, "bf16 widened exactly");
          }
        }
      }
    }
  }

  @Test
  void baseModelNameOrPathIsAbsoluteUnlessANameIsGiven() {
    Path relative = Path.of("runs/../runs/model");
    assertEquals(Path.of("").toAbsolutePath().resolve("runs/model").toString(), LoraAdapter.baseModelNameOrPath(relative, null));
    assertEquals("Qwen/Qwen3-1.7B", LoraAdapter.baseModelNameOrPath(relative, "Qwen/Qwen3-1.7B"));
    assertEquals(Path.of("").toAbsolutePath().resolve("runs/model").toString(), LoraAdapter.baseModelNameOrPath(relative, " "));
  }
}
