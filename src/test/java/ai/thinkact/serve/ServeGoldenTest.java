package ai.thinkact.serve;

import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.Qwen3Model;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code thinkact serve} on the golden tiny Qwen3 (no tokenizer: token-id prompts), on 127.0.0.1
 * with an ephemeral port: greedy answers equal {@code thinkact generate} with and without a
 * hot-loaded adapter, also when batched; log-probs equal {@code thinkact score}; bad requests get
 * 400/404 and the server lives on.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeGoldenTest {
  private static GoldenCase golden;
  private static Qwen3Model model;
  private static OpenAiServer server;
  private static HttpJson http;
  private static List<int[]> prompts;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    golden = GoldenCase.of("qwen3_tied");
    model = Qwen3Model.load(golden.modelDir(), ComputeSettings.cpu());
    server = OpenAiServer.start(new ServeConfig("golden", "127.0.0.1", 0, 8, null, 4096, 64, 0), model, Adapter.NONE,
        null, golden.modelDir().toString());
    http = new HttpJson(server.baseUrl());
    prompts = GoldenCase.intRows(golden.inputs().get("generation").get("prompts"));
  }

  @AfterAll
  static void stop() {
    server.close();
    model.close();
  }

  private static ObjectNode completion(String model, int[] prompt, int maxTokens) {
    ObjectNode body = HttpJson.JSON.createObjectNode();
    body.put("model", model);
    var ids = body.putArray("prompt");
    Arrays.stream(prompt).forEach(ids::add);
    body.put("max_tokens", maxTokens);
    body.put("temperature", 0);
    body.put("return_token_ids", true);
    return body;
  }

  private static int[] ints(JsonNode array) {
    return GoldenCase.ints(array);
  }

  private static String csv(int[] ids) {
    return String.join(",", Arrays.stream(ids).mapToObj(Integer::toString).toList());
  }

  /** {@code thinkact generate --greedy --json} on the golden model. */
  private static int[] generate(int[] prompt, int maxNew, Path adapter) throws Exception {
    List<String> args = new ArrayList<>(List.of("generate", "--model", golden.modelDir().toString(), "--input-ids", csv(prompt),
        "--greedy", "--max-new-tokens", Integer.toString(maxNew), "--json", "--device", "cpu"));
    if (adapter != null) {
      args.addAll(List.of("--adapter", adapter.toString()));
    }
    return ints(HttpJson.JSON.readTree(CliRun.ok(args.toArray(String[]::new))).get("ids"));
  }

  @Test
  void greedyCompletionsEqualGenerateWithAndWithoutAHotLoadedAdapter() throws Exception {
    JsonNode models = http.get("/models").json();
    assertEquals("golden", models.at("/data/0/id").asText());
    for (int[] prompt : prompts) {
      JsonNode answer = http.ok("/completions", completion("golden", prompt, 16));
      JsonNode choice = answer.at("/choices/0");
      assertArrayEquals(generate(prompt, 16, null), ints(choice.get("token_ids")));
      assertArrayEquals(prompt, ints(choice.get("prompt_token_ids")));
      assertEquals("length", choice.get("finish_reason").asText());
      assertEquals("", choice.get("text").asText(), "no tokenizer: no text");
      assertEquals(prompt.length, answer.at("/usage/prompt_tokens").asInt());
      assertEquals(16, answer.at("/usage/completion_tokens").asInt());
    }

    HttpJson.Answer loaded = http.post("/load_lora_adapter", Map.of("lora_name", "hot", "lora_path", golden.adapterDir().toString()));
    assertEquals(200, loaded.status(), loaded.text());
    JsonNode listed = http.get("/models").json().get("data");
    assertEquals(2, listed.size());
    assertEquals("hot", listed.at("/1/id").asText());
    assertEquals("golden", listed.at("/1/parent").asText());
    List<int[]> wantLora = GoldenCase.intRows(golden.expected().get("generation").get("lora").get("new_ids"));
    for (int i = 0; i < prompts.size(); i++) {
      int[] got = ints(http.ok("/completions", completion("hot", prompts.get(i), 16)).at("/choices/0/token_ids"));
      assertArrayEquals(generate(prompts.get(i), 16, golden.adapterDir()), got);
      assertArrayEquals(wantLora.get(i), got, "the golden LoRA continuation");
      int[] base = ints(http.ok("/completions", completion("golden", prompts.get(i), 16)).at("/choices/0/token_ids"));
      assertNotEquals(Arrays.toString(got), Arrays.toString(base), "the adapter changes the answer");
    }

    assertEquals(200, http.post("/unload_lora_adapter", Map.of("lora_name", "hot")).status());
    HttpJson.Answer gone = http.post("/completions", completion("hot", prompts.get(0), 4));
    assertEquals(404, gone.status(), gone.text());
    assertEquals(1, http.get("/models").json().get("data").size());
  }

  @Test
  void eightConcurrentRequestsAreBatchedAndEachEqualsItsAnswerAlone() throws Exception {
    assertEquals(200, http.post("/load_lora_adapter", Map.of("lora_name", "busy", "lora_path", golden.adapterDir().toString())).status());
    try {
      List<ObjectNode> requests = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        ObjectNode body = completion(i % 3 == 0 ? "busy" : "golden", prompts.get(i % prompts.size()), 5 + i);
        if (i == 7) { // one sampled request with two choices and a seed among the greedy ones
          body.put("temperature", 0.9).put("top_k", 50).put("n", 2).put("seed", 123).put("logprobs", 1);
        }
        requests.add(body);
      }
      ExecutorService pool = Executors.newFixedThreadPool(9);
      try {
        // A long request first keeps the worker busy while the eight queue up behind it.
        Future<JsonNode> blocker = pool.submit(() -> http.ok("/completions", completion("golden", prompts.get(0), 400)));
        Thread.sleep(200);
        List<Future<JsonNode>> futures = new ArrayList<>();
        for (ObjectNode body : requests) {
          futures.add(pool.submit(() -> http.ok("/completions", body)));
        }
        List<JsonNode> together = new ArrayList<>();
        for (Future<JsonNode> f : futures) {
          together.add(f.get(3, TimeUnit.MINUTES));
        }
        assertEquals(400, blocker.get(3, TimeUnit.MINUTES).at("/usage/completion_tokens").asInt());
        assertTrue(server.largestBatch() >= 2, "concurrent requests were batched, largest batch " + server.largestBatch());
        for (int i = 0; i < requests.size(); i++) {
          JsonNode alone = http.ok("/completions", requests.get(i));
          assertEquals(alone.get("choices").size(), together.get(i).get("choices").size());
          for (int c = 0; c < alone.get("choices").size(); c++) {
            assertArrayEquals(ints(alone.at("/choices/" + c + "/token_ids")), ints(together.get(i).at("/choices/" + c + "/token_ids")),
                "request " + i + " choice " + c);
          }
        }
        JsonNode sampled = together.get(7).get("choices");
        assertNotEquals(sampled.at("/0/token_ids").toString(), sampled.at("/1/token_ids").toString(), "two choices, two draws");
      } finally {
        pool.shutdownNow();
      }
    } finally {
      http.post("/unload_lora_adapter", Map.of("lora_name", "busy"));
    }
  }

  @Test
  void logprobsEqualScoreAtTheRequestsTemperature() throws Exception {
    for (double temperature : new double[] {0, 0.7}) {
      ObjectNode body = completion("golden", prompts.get(1), 10);
      body.put("temperature", temperature).put("seed", 4).put("n", 2).put("logprobs", 3);
      JsonNode answer = http.ok("/completions", body);
      StringBuilder pairs = new StringBuilder();
      for (JsonNode choice : answer.get("choices")) {
        ObjectNode line = HttpJson.JSON.createObjectNode();
        line.set("prompt_ids", choice.get("prompt_token_ids"));
        line.set("completion_ids", choice.get("token_ids"));
        pairs.append(line).append('\n');
      }
      Path input = Files.writeString(dir.resolve("pairs-" + temperature + ".jsonl"), pairs);
      String scored = CliRun.ok("score", "--model", golden.modelDir().toString(), "--input", input.toString(),
          "--temperature", Double.toString(temperature == 0 ? 1.0 : temperature), "--device", "cpu");
      String[] lines = scored.strip().split("\n");
      for (int c = 0; c < 2; c++) {
        JsonNode choice = answer.at("/choices/" + c);
        JsonNode logprobs = choice.get("logprobs");
        double[] want = GoldenCase.doubles(HttpJson.JSON.readTree(lines[c]).get("logprobs"));
        double[] got = GoldenCase.doubles(logprobs.get("token_logprobs"));
        assertEquals(want.length, got.length);
        for (int s = 0; s < got.length; s++) {
          assertEquals(want[s], got[s], 1e-4, "T " + temperature + " choice " + c + " token " + s);
        }
        int[] ids = ints(choice.get("token_ids"));
        for (int s = 0; s < ids.length; s++) {
          assertEquals("token_id:" + ids[s], logprobs.at("/tokens/" + s).asText());
          assertEquals(3, logprobs.at("/top_logprobs/" + s).size());
        }
      }
    }
  }

  @Test
  void seededSamplingRepeatsAndChoicesDiffer() {
    ObjectNode body = completion("golden", prompts.get(2), 12);
    body.put("temperature", 1.2).put("n", 3).put("seed", 77);
    JsonNode a = http.ok("/completions", body).get("choices");
    JsonNode b = http.ok("/completions", body).get("choices");
    for (int c = 0; c < 3; c++) {
      assertEquals(a.at("/" + c + "/token_ids"), b.at("/" + c + "/token_ids"), "same seed, same choice " + c);
    }
    assertTrue(!a.at("/0/token_ids").equals(a.at("/1/token_ids")) || !a.at("/1/token_ids").equals(a.at("/2/token_ids")));
  }

  @Test
  void badRequestsGetOpenAiErrorsAndTheServerLivesOn() {
    String ids = "[1,2,3]";
    Map<String, String> bad400 = new java.util.LinkedHashMap<>();
    bad400.put("text prompt without a tokenizer", "{\"prompt\":\"hello\"}");
    bad400.put("not JSON", "{\"prompt\": [1,2");
    bad400.put("not an object", "[1,2]");
    bad400.put("no prompt", "{\"max_tokens\":3}");
    bad400.put("empty prompt", "{\"prompt\":[]}");
    bad400.put("max_tokens 0", "{\"prompt\":" + ids + ",\"max_tokens\":0}");
    bad400.put("negative temperature", "{\"prompt\":" + ids + ",\"temperature\":-1}");
    bad400.put("top_p 0", "{\"prompt\":" + ids + ",\"top_p\":0}");
    bad400.put("id outside the vocabulary", "{\"prompt\":[1,512]}");
    bad400.put("negative id", "{\"prompt\":[1,-2]}");
    bad400.put("n 0", "{\"prompt\":" + ids + ",\"n\":0}");
    bad400.put("stream", "{\"prompt\":" + ids + ",\"stream\":true}");
    bad400.put("too many logprobs", "{\"prompt\":" + ids + ",\"logprobs\":21}");
    bad400.put("string max_tokens", "{\"prompt\":" + ids + ",\"max_tokens\":\"5\"}");
    bad400.put("stop string without a tokenizer", "{\"prompt\":" + ids + ",\"stop\":\"x\"}");
    bad400.put("longer than the model", "{\"prompt\":" + ids + ",\"max_tokens\":4094}");
    for (Map.Entry<String, String> e : bad400.entrySet()) {
      HttpJson.Answer a = http.post("/completions", e.getValue());
      assertEquals(400, a.status(), e.getKey() + ": " + a.text());
      assertEquals("BadRequestError", a.json().at("/error/type").asText(), e.getKey());
      assertTrue(!a.errorMessage().isBlank() && !a.errorMessage().contains("\n"), e.getKey() + ": " + a.errorMessage());
    }
    HttpJson.Answer chat = http.post("/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
    assertEquals(400, chat.status(), "chat needs a tokenizer: " + chat.text());
    assertTrue(chat.errorMessage().contains("tokenizer"), chat.errorMessage());

    HttpJson.Answer unknown = http.post("/completions", "{\"model\":\"nope\",\"prompt\":" + ids + "}");
    assertEquals(404, unknown.status());
    assertEquals("NotFoundError", unknown.json().at("/error/type").asText());
    assertTrue(unknown.errorMessage().contains("nope"), unknown.errorMessage());
    assertEquals(404, http.get("/nothing/here").status());
    assertEquals(405, http.get("/completions").status());
    assertEquals(400, http.post("/load_lora_adapter", "{\"lora_name\":\"x\"}").status());
    assertEquals(400, http.post("/load_lora_adapter", Map.of("lora_name", "x", "lora_path", dir.resolve("missing").toString())).status());
    assertEquals(400, http.post("/load_lora_adapter", Map.of("lora_name", "x", "lora_path", golden.modelDir().toString())).status(),
        "a model directory is not an adapter");
    assertEquals(400, http.post("/load_lora_adapter", Map.of("lora_name", "golden", "lora_path", golden.adapterDir().toString())).status(),
        "the base model's name is taken");
    assertEquals(404, http.post("/unload_lora_adapter", Map.of("lora_name", "x")).status());

    JsonNode fine = http.ok("/completions", completion(null, prompts.get(0), 3));
    assertEquals("golden", fine.get("model").asText());
    assertEquals(3, fine.at("/choices/0/token_ids").size());
  }

  @Test
  void anApiKeyIsRequiredWhenSet() throws Exception {
    try (OpenAiServer locked = OpenAiServer.start(new ServeConfig("golden", "127.0.0.1", 0, 2, "sk-test", 4096, 64, 0), model,
        Adapter.NONE, null, "golden")) {
      assertEquals(401, new HttpJson(locked.baseUrl()).get("/models").status());
      assertEquals(401, new HttpJson(locked.baseUrl(), "sk-wrong").post("/completions", completion(null, prompts.get(0), 2)).status());
      HttpJson keyed = new HttpJson(locked.baseUrl(), "sk-test");
      assertEquals(200, keyed.get("/models").status());
      assertEquals(2, keyed.ok("/completions", completion(null, prompts.get(0), 2)).at("/choices/0/token_ids").size());
    }
  }
}
