package ai.thinkact.grpo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.thinkact.RecordingProxy;
import ai.thinkact.TestRuns;
import ai.thinkact.data.Sample;
import ai.thinkact.data.Target;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.reward.RewardBreakdown;
import ai.thinkact.serve.OpenAiServer;
import ai.thinkact.serve.ServeConfig;
import ai.thinkact.training.AdapterWeights;
import ai.thinkact.training.MetricKeys;
import ai.thinkact.training.MetricsLog;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRPO with its rollouts sampled by a {@code thinkact serve} started here on the same tiny model,
 * reached through two recording proxies on 127.0.0.1 (two "endpoints"): the adapter is published
 * and swapped once per step, prompt groups alternate between the endpoints, the adapter learns,
 * and the importance-sampling ratios are 1 up to float error (same engine, same weights).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class RemoteRolloutsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  /** Reward = completion length mod 3, so groups differ and every step moves the adapter. */
  private static final GrpoTrainer.RewardFunction VARYING = (targets, completions) -> {
    List<RewardBreakdown> out = new ArrayList<>();
    for (String c : completions) {
      out.add(new RewardBreakdown(c.length() % 3, 0, 0, c.length() % 3));
    }
    return out;
  };

  private static final List<Sample> SAMPLES = List.of(
      TinyGrpo.sample("p0", "Hello there.", new Target.AnswerTarget("hi")),
      TinyGrpo.sample("p1", "Where is my order?", new Target.AnswerTarget("on its way")));

  private static GrpoConfig config(int maxSteps, String mode) {
    Map<String, Object> o = new HashMap<>(Map.of("num_generations", 4, "batch_size", 8,
        "gradient_accumulation_steps", 1, "learning_rate", 1e-3, "max_completion_length", 6,
        "max_steps", maxSteps, "save_steps", 1, "temperature", 0.7, "lr_scheduler", "constant"));
    o.put("vllm_importance_sampling_mode", mode);
    return TinyGrpo.config(o);
  }

  @Test
  void trainsOnServedRolloutsSwappingOneAdapterPerStepAndResumes() throws Exception {
    Path sync = dir.resolve("sync");
    Path output = dir.resolve("run");
    try (Qwen3Model servedA = Qwen3Model.load(TinyGrpo.modelDir(), ComputeSettings.cpu());
        Qwen3Model servedB = Qwen3Model.load(TinyGrpo.modelDir(), ComputeSettings.cpu());
        OpenAiServer server = serve(servedA);
        OpenAiServer serverB = serve(servedB);
        RecordingProxy a = new RecordingProxy(server.baseUrl(), RemoteRolloutsTest::checkPublishedAdapter);
        RecordingProxy b = new RecordingProxy(serverB.baseUrl(), RemoteRolloutsTest::checkPublishedAdapter);
        Qwen3Model model = TinyGrpo.model();
        LoraAdapter adapter = TinyGrpo.adapter(model, 4, 1)) {
      RolloutEndpoints endpoints = RolloutEndpoints.of(List.of(a.baseUrl(), b.baseUrl() + "/"), null, sync);
      float[][] before = snapshot(adapter);
      try (GrpoTrainer trainer = new GrpoTrainer(config(3, "sequence_mask"), model, new AdapterWeights(adapter, "tiny"),
          TinyGrpo.tokenizer(), VARYING, endpoints)) {
        trainer.train(SAMPLES, TestRuns.open(output, null));
      }
      assertTrue(changed(before, snapshot(adapter)), "no LoRA weight changed");

      for (RecordingProxy endpoint : List.of(a, b)) {
        // Steps 0, 1, 2 published before rounds 1, 2, 3; each replaced one unloaded; the last unloaded at the end.
        assertEquals(List.of("grpo-step-0", "grpo-step-1", "grpo-step-2"), names(endpoint, "/load_lora_adapter"));
        assertEquals(List.of("grpo-step-0", "grpo-step-1", "grpo-step-2"), names(endpoint, "/unload_lora_adapter"));
        // Two prompts per round, round-robin over the two endpoints: one request each per round.
        List<RecordingProxy.Request> completions = endpoint.requests("/completions");
        assertEquals(3, completions.size());
        JsonNode body = JSON.readTree(completions.get(0).body());
        assertEquals(4, body.get("n").asInt());
        assertEquals(6, body.get("max_tokens").asInt());
        assertEquals(0.7, body.get("temperature").asDouble(), 1e-9);
        assertTrue(body.get("return_token_ids").asBoolean());
        assertEquals(0, body.get("logprobs").asInt());
        assertTrue(body.get("prompt").isArray() && body.get("prompt").get(0).isInt(), "token-id prompt");
      }
      for (OpenAiServer s : List.of(server, serverB)) {
        assertEquals(1, JSON.readTree(new java.net.URL(s.baseUrl() + "/models")).get("data").size(),
            "the run leaves no adapter loaded");
      }
      try (Stream<Path> left = Files.list(sync)) {
        assertEquals(List.of(), left.toList(), "the sync directory is cleaned up");
      }

      List<ObjectNode> lines = MetricsLog.read(output.resolve(MetricsLog.FILE));
      assertEquals(3, lines.size());
      for (ObjectNode line : lines) {
        for (String key : List.of(MetricKeys.IS_RATIO_MIN, MetricKeys.IS_RATIO_MEAN, MetricKeys.IS_RATIO_MAX)) {
          assertEquals(1.0, line.get(key).asDouble(), 1e-3, key + " in " + line);
        }
        assertTrue(line.get(MetricKeys.SAMPLING_LOGP_DIFF_MAX).asDouble() < 1e-3, line.toString());
        assertTrue(line.get(MetricKeys.SAMPLING_LOGP_DIFF_MEAN).asDouble() >= 0, line.toString());
      }

      // A run that stopped after step 2 left grpo-step-2 loaded; the resumed run loads its own weights under that name.
      Path checkpoint = output.resolve("checkpoints").resolve("checkpoint-000002");
      JSON.readTree(post(server.baseUrl() + "/load_lora_adapter",
          "{\"lora_name\":\"grpo-step-2\",\"lora_path\":\"" + checkpoint + "\"}"));
      try (LoraAdapter resumed = LoraAdapter.load(AdapterWeights.adapterOf(checkpoint), model.config(), model.device());
          GrpoTrainer trainer = new GrpoTrainer(config(4, "token_truncate"), model, new AdapterWeights(resumed, "tiny"),
              TinyGrpo.tokenizer(), VARYING, endpoints)) {
        trainer.train(SAMPLES, TestRuns.open(output, checkpoint));
      }
      // Rounds 3 and 4 publish steps 2 and 3; step 2 is refused as already loaded, unloaded, and loaded again.
      assertEquals(List.of("grpo-step-0", "grpo-step-1", "grpo-step-2", "grpo-step-2", "grpo-step-2", "grpo-step-3"),
          names(a, "/load_lora_adapter"));
      assertEquals(List.of("grpo-step-0", "grpo-step-1", "grpo-step-2", "grpo-step-2", "grpo-step-2", "grpo-step-3"),
          names(a, "/unload_lora_adapter"));
      assertEquals(4, MetricsLog.read(output.resolve(MetricsLog.FILE)).size());
      assertEquals(1, JSON.readTree(new java.net.URL(server.baseUrl() + "/models")).get("data").size());
    }
  }

  @Test
  void aDeadEndpointFailsWithItsUrl() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    RolloutEndpoints endpoints = RolloutEndpoints.of(List.of("http://127.0.0.1:" + port), null, dir);
    long started = System.nanoTime();
    var failure = org.junit.jupiter.api.Assertions.assertThrows(ai.thinkact.base.RunFailedException.class,
        endpoints::checkReachable);
    assertTrue(failure.getMessage().startsWith("rollout endpoint http://127.0.0.1:" + port + "/v1/models failed 3 times"),
        failure.getMessage());
    assertFalse(failure.getMessage().contains("\n"));
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(30), "bounded retries");
  }

  private static OpenAiServer serve(Qwen3Model model) throws java.io.IOException {
    return OpenAiServer.start(new ServeConfig("tiny", "127.0.0.1", 0, 8, null, model.config().maxPositionEmbeddings(),
        16, 0), model, Adapter.NONE, null, "tiny");
  }

  /** At load time the adapter is complete and readable by another user: files 0644, directory 0755. */
  private static void checkPublishedAdapter(String path, String body) {
    if (!path.endsWith("/load_lora_adapter")) {
      return;
    }
    try {
      Path adapterDir = Path.of(JSON.readTree(body).get("lora_path").asText());
      if (!adapterDir.getFileName().toString().startsWith(AdapterSync.PREFIX)) {
        return; // the checkpoint the test loads by hand
      }
      assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(adapterDir)));
      for (String file : List.of(LoraAdapter.WEIGHTS_FILE, "adapter_config.json")) {
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(adapterDir.resolve(file))),
            file);
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<String> names(RecordingProxy proxy, String route) throws Exception {
    List<String> out = new ArrayList<>();
    for (RecordingProxy.Request r : proxy.requests(route)) {
      out.add(JSON.readTree(r.body()).get("lora_name").asText());
    }
    return out;
  }

  private static String post(String url, String body) throws Exception {
    var client = java.net.http.HttpClient.newHttpClient();
    var answer = client.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
        .timeout(java.time.Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer.body());
    return "{}";
  }

  private static float[][] snapshot(LoraAdapter adapter) {
    return adapter.namedParameters().values().stream().map(NDArray::toFloatArray).toArray(float[][]::new);
  }

  private static boolean changed(float[][] before, float[][] after) {
    for (int i = 0; i < before.length; i++) {
      if (!java.util.Arrays.equals(before[i], after[i])) {
        return true;
      }
    }
    return false;
  }
}
