package ai.thinkact.sft;

import ai.thinkact.TinyQwen;
import ai.thinkact.training.LmBatch;
import ai.thinkact.training.LmExample;
import ai.thinkact.training.MetricsLog;
import ai.thinkact.training.AdapterWeights;
import ai.thinkact.training.Checkpoints;
import ai.thinkact.training.RunDirectory;
import ai.thinkact.training.RunInfo;
import ai.thinkact.training.AdamWConfig;
import ai.thinkact.training.LmStep;
import ai.thinkact.training.TrainerState;
import ai.thinkact.training.MetricKeys;
import ai.thinkact.training.AdamW;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.thinkact.base.RunFailedException;
import ai.thinkact.config.ConfigLoader;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.Projection;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.model.SafetensorsFile;
import ai.thinkact.model.TokenBatch;
import ai.thinkact.model.WeightNames;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SFT trainer on a tiny random Qwen3 with the real tokenizer and the bundled synthetic samples. */
class SftTrainerTest {

  @TempDir Path dir;

  /** Small steps that still exercise accumulation, dropout, warmup and clipping. */
  static SftConfig config(int maxSteps, int saveSteps, double learningRate) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lora_rank", 4);
    o.put("lora_alpha", 8.0);
    o.put("learning_rate", learningRate);
    o.put("batch_size", 2);
    o.put("gradient_accumulation_steps", 2);
    o.put("max_steps", maxSteps);
    o.put("warmup_steps", 1);
    o.put("save_steps", saveSteps);
    o.put("save_total_limit", 0);
    o.put("eval_steps", 0);
    o.put("logging_steps", 1);
    o.put("max_length", 4096);
    o.put("device", "cpu");
    return ConfigLoader.load(null, SftConfig.defaults(), o);
  }

  private List<LmExample> examples(int n) {
    return SftData.encode(TinyQwen.shortSamples(n), TinyQwen.format(), SftStage.COLDSTART, 4096).examples();
  }

  private static Map<String, float[]> values(Map<String, NDArray> tensors) {
    Map<String, float[]> out = new LinkedHashMap<>();
    tensors.forEach((k, v) -> out.put(k, v.toFloatArray()));
    return out;
  }

  @Test
  void overfittingAFewSamplesLowersTheLossAndOnlyTrainsTheAdapter() {
    List<LmBatch> batches = List.of(LmBatch.of(examples(4).subList(0, 2)), LmBatch.of(examples(4).subList(2, 4)));
    try (Qwen3Model model = Qwen3Model.load(TinyQwen.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.create(model.config(), config(1, 1, 1e-3).lora(),
            model.device(), new Random(1));
        AdamW optimizer = new AdamW(new AdapterWeights(adapter, "base").parameters(), new AdamWConfig(0.9, 0.999, 1e-8, 0.0))) {
      float[] baseQ = model.projectionWeight(0, Projection.Q_PROJ).toFloatArray();
      float[] embed = model.lmHeadWeight().toFloatArray();
      Map<String, float[]> before = values(adapter.namedParameters());
      LmStep step = new LmStep(model, new AdapterWeights(adapter, "base"), optimizer, 1.0);
      List<Double> losses = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < 8; i++) {
        LmStep.Result r = step.step(batches, 3e-2);
        assertTrue(r.updated());
        assertTrue(r.gradNorm() > 0);
        losses.add(r.loss());
      }
      System.out.println("overfit: 8 steps in " + (System.nanoTime() - t0) / 1e9 + " s, losses " + losses);
      assertTrue(losses.get(7) < 0.95 * losses.get(0), "loss should fall when overfitting: " + losses);
      Map<String, float[]> after = values(adapter.namedParameters());
      for (String key : before.keySet()) {
        assertFalse(java.util.Arrays.equals(before.get(key), after.get(key)), key + " did not change");
      }
      assertTrue(java.util.Arrays.equals(baseQ, model.projectionWeight(0, Projection.Q_PROJ).toFloatArray()), "base q_proj changed");
      assertTrue(java.util.Arrays.equals(embed, model.lmHeadWeight().toFloatArray()), "embedding / LM head changed");
      assertFalse(model.projectionWeight(0, Projection.Q_PROJ).hasGradient());
    }
  }

  @Test
  void liveArrayCountStaysFlatOverManySteps() {
    List<LmBatch> batches = List.of(LmBatch.of(examples(2)));
    NDManager system;
    try (NDManager probe = NDManager.newBaseManager()) {
      system = probe.getParentManager(); // the engine's system manager: every base manager hangs below it
    }
    try (Qwen3Model model = Qwen3Model.load(TinyQwen.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.create(model.config(), config(1, 1, 1e-3).lora(),
            model.device(), new Random(1));
        AdamW optimizer = new AdamW(new AdapterWeights(adapter, "base").parameters(), new AdamWConfig(0.9, 0.999, 1e-8, 0.0))) {
      LmStep step = new LmStep(model, new AdapterWeights(adapter, "base"), optimizer, 1.0);
      for (int i = 0; i < 3; i++) {
        step.step(batches, 1e-3);
        step.evaluate(batches.get(0));
      }
      int afterWarmup = system.getManagedArrays().size();
      for (int i = 0; i < 12; i++) {
        step.step(batches, 1e-3);
        step.evaluate(batches.get(0));
      }
      assertEquals(afterWarmup, system.getManagedArrays().size(), "live NDArrays grew over 12 steps");
    }
  }

  @Test
  void savedAdapterReloadsToIdenticalLogits() throws IOException {
    try (Qwen3Model model = Qwen3Model.load(TinyQwen.modelDir(), ComputeSettings.cpu());
        LoraAdapter adapter = LoraAdapter.create(model.config(), config(1, 1, 1e-3).lora(),
            model.device(), new Random(3));
        AdamW optimizer = new AdamW(new AdapterWeights(adapter, "base").parameters(), new AdamWConfig(0.9, 0.999, 1e-8, 0.0))) {
      new LmStep(model, new AdapterWeights(adapter, "base"), optimizer, 1.0).step(List.of(LmBatch.of(examples(2))), 1e-2); // B no longer zero
      adapter.save(dir.resolve("adapter"), TinyQwen.modelDir().toString());
      try (LoraAdapter reloaded = LoraAdapter.load(dir.resolve("adapter"), model.config(), model.device());
          NDManager scope = model.manager().newSubManager()) {
        TokenBatch batch = LmBatch.of(examples(2)).tokens();
        NDArray a = model.logits(scope, batch, adapter);
        NDArray b = model.logits(scope, batch, reloaded);
        NDArray base = model.logits(scope, batch, Adapter.NONE);
        assertEquals(0f, a.sub(b).abs().max().getFloat());
        assertTrue(a.sub(base).abs().max().getFloat() > 1e-6, "the trained adapter changes the logits");
      }
    }
  }

  /** What {@code train coldstart} does after checking its options: a new adapter, or the checkpoint's. */
  static SftTrainer.Outcome run(Path output, SftConfig config, String resume, Path modelDir, Path samples)
      throws IOException {
    RunDirectory run = RunDirectory.open(output, resume, false, new RunInfo("test", "unknown", List.of(), List.of(), Instant.EPOCH));
    SftData data = SftTrainer.load(samples, TinyQwen.format(), SftStage.COLDSTART, config.lm().maxLength());
    try (Qwen3Model model = Qwen3Model.load(modelDir, config.training().compute());
        LoraAdapter adapter = SftTrainer.openAdapter(config, model, null, run.resumeFrom())) {
      return new SftTrainer(config, SftStage.COLDSTART, model, new AdapterWeights(adapter, modelDir.toString()))
          .train(new SftTrainer.Data(data, null), run);
    }
  }

  @Test
  void resumedRunEndsWithTheSameAdapterAsAnUninterruptedOne() throws IOException {
    // 16 samples, 4 per step: 4 steps per epoch, so 6 steps cross an epoch boundary (reshuffle).
    Path samples = dir.resolve("train.jsonl");
    ai.thinkact.data.SampleJsonl.write(samples, TinyQwen.shortSamples(16));
    SftConfig six = config(6, 3, 5e-3);
    Path whole = dir.resolve("whole");
    Path split = dir.resolve("split");
    run(whole, six, null, TinyQwen.modelDir(), samples);
    // An interrupted run: what was on disk after step 3 (the checkpoint, metrics written so far and beyond).
    Path checkpoint3 = whole.resolve("checkpoints").resolve(Checkpoints.name(3));
    assertTrue(Files.isRegularFile(checkpoint3.resolve(TrainerState.FILE)));
    copyTree(checkpoint3, split.resolve("checkpoints").resolve(Checkpoints.name(3)));
    Files.copy(whole.resolve(MetricsLog.FILE), split.resolve(MetricsLog.FILE));
    SftTrainer.Outcome resumed = run(split, six, "latest", TinyQwen.modelDir(), samples);
    assertEquals(6, resumed.steps());
    try (SafetensorsFile a = SafetensorsFile.open(whole.resolve("adapter").resolve(LoraAdapter.WEIGHTS_FILE));
        SafetensorsFile b = SafetensorsFile.open(split.resolve("adapter").resolve(LoraAdapter.WEIGHTS_FILE));
        NDManager m = NDManager.newBaseManager()) {
      assertEquals(a.names(), b.names());
      for (String name : a.names()) {
        float dev = a.loadFloat32(name, m).sub(b.loadFloat32(name, m)).abs().max().getFloat();
        assertTrue(dev < 1e-6, name + " differs by " + dev);
      }
    }
    List<ObjectNode> rows = MetricsLog.read(split.resolve(MetricsLog.FILE));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), rows.stream().map(r -> r.get("step").asLong()).toList());
    assertEquals(MetricsLog.read(whole.resolve(MetricsLog.FILE)).get(5).get("loss").asDouble(),
        rows.get(5).get("loss").asDouble(), 1e-5);
    assertTrue(rows.get(0).has(MetricKeys.MEAN_TOKEN_ACCURACY) && rows.get(0).has(MetricKeys.GRAD_NORM));
    assertEquals(six, ConfigLoader.load(split.resolve(RunDirectory.CONFIG_FILE), SftConfig.defaults()));
  }

  @Test
  void nonFiniteLossStopsTheRunAndNamesTheLastGoodCheckpoint() throws IOException {
    Path output = dir.resolve("run");
    Path samples = dir.resolve("train.jsonl");
    ai.thinkact.data.SampleJsonl.write(samples, TinyQwen.shortSamples(8));
    run(output, config(2, 1, 1e-3), null, TinyQwen.modelDir(), samples);
    Path broken = brokenModel(dir.resolve("nan-model"));
    RunFailedException e = assertThrows(RunFailedException.class,
        () -> run(output, config(4, 1, 1e-3), "latest", broken, samples));
    assertTrue(e.getMessage().startsWith("loss became NaN at step 3; last good checkpoint: "), e.getMessage());
    assertTrue(e.getMessage().endsWith(Checkpoints.name(2)), e.getMessage());
    assertTrue(Files.isRegularFile(output.resolve("checkpoints").resolve(Checkpoints.name(2)).resolve(TrainerState.FILE)));
  }

  /** The tiny model with a NaN final norm: every loss is NaN. */
  private static Path brokenModel(Path out) throws IOException {
    Files.createDirectories(out);
    for (String name : List.of("config.json", "generation_config.json", "tokenizer.json", "tokenizer_config.json")) {
      Files.copy(TinyQwen.modelDir().resolve(name), out.resolve(name));
    }
    TinyQwen.rewriteWeights(TinyQwen.modelDir(), out, Map.of(WeightNames.FINAL_NORM, Float.NaN));
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var walk = Files.walk(from)) {
      for (Path p : walk.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
