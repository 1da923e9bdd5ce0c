package ai.thinkact.serve;

import ai.thinkact.TinyQwen;
import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.Message;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.data.Decomposer;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.data.SynthDomain;
import ai.thinkact.data.SynthGenerator;
import ai.thinkact.eval.EvalOutputs;
import ai.thinkact.eval.Metric;
import ai.thinkact.eval.OpenAiChat;
import ai.thinkact.eval.ThinkMode;
import ai.thinkact.model.Adapter;
import ai.thinkact.model.ComputeSettings;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.model.Qwen3Config;
import ai.thinkact.model.Qwen3Model;
import ai.thinkact.eval.Prediction;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code thinkact serve} with a tokenizer: chat prompts rendered by our Qwen3 template, text
 * prompts and stop strings, and {@code eval --endpoint} against it scoring like {@code eval --model}.
 * A tiny random model with the real vocabulary, on 127.0.0.1 with an ephemeral port.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ServeChatTest {
  /** Real vocabulary (the tokenizer's ids must fit), everything else as small as it gets. */
  private static final Qwen3Config TINY = TinyQwen.WIDE_HEADS;

  @TempDir static Path shared;
  private static Path modelDir;
  private static List<Sample> samples;
  private static Qwen3Model model;
  private static QwenTokenizer tokenizer;
  private static OpenAiServer server;
  private static HttpJson http;

  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    modelDir = TinyQwen.randomModel(TINY, 3);
    samples = new ArrayList<>();
    for (var conversation : SynthGenerator.conversations(SynthDomain.BOTH, 3, 0.0, new Random(11))) {
      samples.addAll(Decomposer.decompose(conversation));
    }
    samples = List.copyOf(samples.subList(0, 6));
    model = Qwen3Model.load(modelDir, ComputeSettings.cpu());
    tokenizer = TinyQwen.tokenizer();
    server = OpenAiServer.start(new ServeConfig("tiny", "127.0.0.1", 0, 4, null, 40960, 32, 0), model, Adapter.NONE,
        tokenizer, modelDir.toString());
    http = new HttpJson(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    if (model != null) {
      model.close();
    }
  }

  private static int[] ints(long[] ids) {
    return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
  }

  @Test
  void chatPromptsAreOurTemplateEvenAfterAnOpenAiRoundTrip() {
    ChatFormat format = new ChatFormat(tokenizer);
    boolean sawToolCallInContext = false;
    for (Sample sample : samples) {
      for (ThinkMode think : ThinkMode.values()) {
        ObjectNode body = OpenAiChat.request("tiny", sample.messages(), sample.tools(), 2, think,
            OpenAiChat.LengthField.MAX_COMPLETION_TOKENS);
        body.put("return_token_ids", true);
        JsonNode answer = http.ok("/chat/completions", body);
        int[] want = ints(format.renderPrompt(sample.messages(), sample.tools(), think.enabled()).ids());
        assertArrayEquals(want, GoldenCase.ints(answer.get("prompt_token_ids")), sample.id() + " think " + think);
      }
      sawToolCallInContext |= sample.messages().stream().anyMatch(m -> !m.toolCalls().isEmpty());
    }
    assertTrue(sawToolCallInContext, "the samples exercise tool-call arguments sent as JSON strings");
  }

  @Test
  void chatAnswersAreTheGreedyContinuationWithChatLogprobs() throws Exception {
    Sample sample = samples.get(1);
    ObjectNode body = OpenAiChat.request("tiny", sample.messages(), sample.tools(), 6, ThinkMode.OFF,
        OpenAiChat.LengthField.MAX_COMPLETION_TOKENS);
    body.put("return_token_ids", true).put("logprobs", true).put("top_logprobs", 2);
    JsonNode answer = http.ok("/chat/completions", body);
    assertEquals("chat.completion", answer.get("object").asText());
    int[] prompt = GoldenCase.ints(answer.get("prompt_token_ids"));
    JsonNode choice = answer.at("/choices/0");
    int[] ids = GoldenCase.ints(choice.get("token_ids"));
    String csv = String.join(",", Arrays.stream(prompt).mapToObj(Integer::toString).toList());
    JsonNode generated = HttpJson.JSON.readTree(CliRun.ok("generate", "--model", modelDir.toString(), "--input-ids", csv,
        "--greedy", "--max-new-tokens", "6", "--json", "--device", "cpu"));
    assertArrayEquals(GoldenCase.ints(generated.get("ids")), ids);
    assertEquals("assistant", choice.at("/message/role").asText());
    String text = tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), true);
    assertEquals(text, OpenAiChat.completionText(answer), "eval rebuilds the text the model wrote");
    JsonNode content = choice.at("/logprobs/content");
    assertEquals(ids.length, content.size());
    for (int s = 0; s < ids.length; s++) {
      assertEquals(tokenizer.decode(new long[] {ids[s]}, false), content.at("/" + s + "/token").asText());
      assertTrue(content.at("/" + s + "/logprob").asDouble() <= 0);
      assertEquals(2, content.at("/" + s + "/top_logprobs").size());
      assertEquals(content.at("/" + s + "/logprob").asDouble(), content.at("/" + s + "/top_logprobs/0/logprob").asDouble(), 1e-6,
          "greedy: the chosen token is the most likely one");
    }
    assertEquals(prompt.length, answer.at("/usage/prompt_tokens").asInt());
    assertEquals(ids.length, answer.at("/usage/completion_tokens").asInt());
  }

  @Test
  void textPromptsAndStopStrings() {
    ObjectNode body = HttpJson.JSON.createObjectNode();
    body.put("prompt", "Hello, world").put("max_tokens", 10).put("temperature", 0).put("return_token_ids", true);
    JsonNode full = http.ok("/completions", body).at("/choices/0");
    assertArrayEquals(ints(tokenizer.encode("Hello, world")), GoldenCase.ints(full.get("prompt_token_ids")));
    int[] ids = GoldenCase.ints(full.get("token_ids"));
    String text = full.get("text").asText();
    assertEquals(tokenizer.decode(Arrays.stream(ids).asLongStream().toArray(), true), text);
    // A stop string taken from the middle of the greedy answer.
    String stop = null;
    for (int s = 2; s < ids.length && stop == null; s++) {
      String piece = tokenizer.decode(new long[] {ids[s]}, true).strip();
      if (!piece.isEmpty() && text.indexOf(piece) > 0) {
        stop = piece;
      }
    }
    assertTrue(stop != null, "the random model wrote some visible text: " + text);
    body.putArray("stop").add(stop);
    JsonNode cut = http.ok("/completions", body).at("/choices/0");
    assertEquals(text.substring(0, text.indexOf(stop)), cut.get("text").asText());
    assertEquals("stop", cut.get("finish_reason").asText());
    assertEquals(stop, cut.get("stop_reason").asText());
    int[] cutIds = GoldenCase.ints(cut.get("token_ids"));
    assertTrue(cutIds.length < ids.length, "generation ended at the stop string");
    assertArrayEquals(Arrays.copyOf(ids, cutIds.length), cutIds);
  }

  @Test
  void evalEndpointAgainstServeScoresLikeEvalModel() throws Exception {
    Path data = dir.resolve("test.jsonl");
    SampleJsonl.write(data, samples);
    Path local = dir.resolve("local");
    Path remote = dir.resolve("remote");
    CliRun.ok("eval", "--model", modelDir.toString(), "--data", data.toString(), "--out", local.toString(),
        "--batch-size", "2", "--max-new-tokens", "6", "--think", "off", "--device", "cpu");
    CliRun.ok("eval", "--endpoint", server.baseUrl(), "--data", data.toString(), "--out", remote.toString(),
        "--batch-size", "3", "--max-new-tokens", "6", "--think", "off");
    List<Prediction> a = Prediction.readJsonl(local.resolve(EvalOutputs.PREDICTIONS));
    List<Prediction> b = Prediction.readJsonl(remote.resolve(EvalOutputs.PREDICTIONS));
    assertEquals(samples.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).completion(), b.get(i).completion(), "sample " + i);
    }
    var want = EvalOutputs.read(local).overall();
    var got = EvalOutputs.read(remote).overall();
    for (Metric metric : Metric.values()) {
      assertEquals(want.get(metric), got.get(metric), metric.jsonName());
    }
  }

  @Test
  void assistantTurnsWithThinkingAndToolCallsAreSplit() {
    List<Message> chat = List.of(Message.user("hi"));
    ObjectNode body = OpenAiChat.request("tiny", chat, samples.get(0).tools(), 3, ThinkMode.ON,
        OpenAiChat.LengthField.MAX_TOKENS);
    body.put("n", 2).put("temperature", 1.0).put("seed", 5);
    JsonNode answer = http.ok("/chat/completions", body);
    assertEquals(2, answer.get("choices").size());
    for (JsonNode choice : answer.get("choices")) {
      assertTrue(choice.at("/message").has("content") && choice.at("/message").has("reasoning_content"), choice.toString());
      assertEquals("length", choice.get("finish_reason").asText(), "3 tokens of a random model do not end a turn");
    }
  }
}
