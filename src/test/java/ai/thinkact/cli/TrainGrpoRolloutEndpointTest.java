package ai.thinkact.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.thinkact.CliRun;
import ai.thinkact.RecordingProxy;
import ai.thinkact.TestPaths;
import ai.thinkact.lora.LoraAdapter;
import ai.thinkact.lora.LoraConfig;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.serve.OpenAiServer;
import ai.thinkact.serve.ServeConfig;
import ai.thinkact.training.MetricKeys;
import ai.thinkact.training.MetricsLog;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train grpo --rollout-endpoint} as a command: 3 steps against a {@code thinkact serve} on the
 * same tiny model (on 127.0.0.1, behind a recording proxy), a dead endpoint, and usage errors.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TrainGrpoRolloutEndpointTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dir;

  private String[] common(Path model, Path adapter, Path output) {
    return new String[] {"train", "grpo", "--model", model.toString(), "--adapter", adapter.toString(),
        "--train", "data/synth/coldstart.jsonl", "--output", output.toString(), "--num-generations", "2",
        "--batch-size", "2", "--gradient-accumulation-steps", "1", "--max-completion-length", "8",
        "--save-steps", "1", "--device", "cpu", "--seed", "1", "--max-steps", "3"};
  }

  private Path[] modelAndAdapter() throws Exception {
    Path model = dir.resolve("model");
    CliRun.ok("model", "init", "--preset", "tiny", "--tokenizer", TestPaths.qwen3Tokenizer().toString(),
        "--out", model.toString());
    Path adapter = dir.resolve("adapter");
    try (LoraAdapter lora = LoraAdapter.create(Qwen3Config.load(model),
        new LoraConfig(4, 8, 0.0, LoraConfig.allProjections(), false), Device.cpu(), new Random(1))) {
      lora.save(adapter, model.toString());
    }
    return new Path[] {model, adapter};
  }

  @Test
  void trainsThreeStepsOnAServedModelSwappingTheAdapterEachStep() throws Exception {
    Path[] paths = modelAndAdapter();
    Path output = dir.resolve("grpo");
    try (Qwen3Model served = Qwen3Model.load(paths[0], ComputeSettings.cpu());
        OpenAiServer server = OpenAiServer.start(new ServeConfig("tiny", "127.0.0.1", 0, 8, null,
            served.config().maxPositionEmbeddings(), 16, 0), served, Adapter.NONE, null, paths[0].toString());
        RecordingProxy proxy = new RecordingProxy(server.baseUrl(), (path, body) -> {})) {
      CliRun run = CliRun.run(concat(common(paths[0], paths[1], output),
          "--rollout-endpoint", proxy.baseUrl(), "--adapter-sync-dir", dir.resolve("sync").toString()));
      assertEquals(Main.EXIT_OK, run.code(), run.err());
      assertEquals(3, proxy.requests("/load_lora_adapter").size(), "one adapter loaded per step");
      assertEquals(3, proxy.requests("/unload_lora_adapter").size(), "and unloaded after it");
      assertEquals(3, proxy.requests("/completions").size(), "one prompt group per round");
      assertEquals(1, JSON.readTree(new java.net.URL(server.baseUrl() + "/models")).get("data").size());
    }
    List<ObjectNode> lines = MetricsLog.read(output.resolve(MetricsLog.FILE));
    assertEquals(3, lines.size());
    for (ObjectNode line : lines) {
      for (String key : List.of(MetricKeys.IS_RATIO_MIN, MetricKeys.IS_RATIO_MEAN, MetricKeys.IS_RATIO_MAX)) {
        assertEquals(1.0, line.get(key).asDouble(), 1e-3, key + " in " + line);
      }
      assertTrue(line.get(MetricKeys.SAMPLING_LOGP_DIFF_MAX).asDouble() < 1e-3, line.toString());
    }
    assertTrue(Files.isRegularFile(output.resolve("adapter").resolve(LoraAdapter.WEIGHTS_FILE)));
  }

  @Test
  void aDeadEndpointStopsTheRunWithItsUrlOnOneLine() throws Exception {
    Path[] paths = modelAndAdapter();
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    long started = System.nanoTime();
    CliRun run = CliRun.run(concat(common(paths[0], paths[1], dir.resolve("grpo")),
        "--rollout-endpoint", "http://127.0.0.1:" + port, "--adapter-sync-dir", dir.resolve("sync").toString()));
    assertEquals(Main.EXIT_FAILURE, run.code(), run.err());
    assertTrue(run.err().startsWith("error: rollout endpoint http://127.0.0.1:" + port + "/v1/models failed 3 times"),
        run.err());
    assertEquals(1, run.err().lines().count(), run.err());
    assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(60), "fails fast");
  }

  @Test
  void rolloutOptionsGoTogether() throws Exception {
    Path[] paths = modelAndAdapter();
    CliRun noSync = CliRun.run(concat(common(paths[0], paths[1], dir.resolve("a")),
        "--rollout-endpoint", "http://127.0.0.1:9"));
    assertEquals(Main.EXIT_USAGE, noSync.code(), noSync.err());
    assertTrue(noSync.err().contains("--adapter-sync-dir"), noSync.err());
    CliRun noEndpoint = CliRun.run(concat(common(paths[0], paths[1], dir.resolve("b")),
        "--adapter-sync-dir", dir.toString()));
    assertEquals(Main.EXIT_USAGE, noEndpoint.code(), noEndpoint.err());
    assertTrue(noEndpoint.err().contains("--rollout-endpoint"), noEndpoint.err());
    CliRun badUrl = CliRun.run(concat(common(paths[0], paths[1], dir.resolve("c")),
        "--rollout-endpoint", "ftp://host", "--adapter-sync-dir", dir.toString()));
    assertEquals(Main.EXIT_USAGE, badUrl.code(), badUrl.err());
    assertTrue(badUrl.err().contains("http://"), badUrl.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
