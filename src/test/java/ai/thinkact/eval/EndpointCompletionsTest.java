package ai.thinkact.eval;

import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.chat.Message;
import ai.thinkact.chat.ToolCall;
import ai.thinkact.cli.Main;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.data.Target;
import ai.thinkact.reward.ActionKind;
import ai.thinkact.reward.CompletionParser;
import ai.thinkact.reward.ParsedCompletion;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OpenAI-compatible client against a stub server on 127.0.0.1 (never any other address). */
class EndpointCompletionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the stub answers: a status and a body per request, in order; the last one repeats. */
  private final List<Object[]> script = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedQueue<JsonNode> requests = new ConcurrentLinkedQueue<>();
  private final ConcurrentLinkedQueue<String> authorizations = new ConcurrentLinkedQueue<>();
  private final AtomicInteger served = new AtomicInteger();
  /** When set, the stub refuses max_completion_tokens as an old server would. */
  private volatile boolean refuseMaxCompletionTokens;
  private volatile String modelsBody = "{\"object\":\"list\",\"data\":[{\"id\":\"stub-qwen\"}]}";
  private HttpServer server;
  private String base;

  @TempDir Path dir;

  @BeforeEach
  void startStub() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/chat/completions", this::chat);
    server.createContext("/v1/models", ex -> reply(ex, 200, modelsBody));
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterEach
  void stopStub() {
    server.stop(0);
  }

  private void chat(HttpExchange exchange) throws IOException {
    JsonNode body = JSON.readTree(exchange.getRequestBody());
    if (refuseMaxCompletionTokens && body.has("max_completion_tokens")) {
      reply(exchange, 400, "{\"error\":{\"message\":\"Unrecognized request argument supplied: max_completion_tokens\"}}");
      return;
    }
    requests.add(body);
    String auth = exchange.getRequestHeaders().getFirst("Authorization");
    authorizations.add(auth == null ? "" : auth);
    int n = served.getAndIncrement();
    Object[] answer = script.get(Math.min(n, script.size() - 1));
    reply(exchange, (int) answer[0], (String) answer[1]);
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    if (status == 429) {
      exchange.getResponseHeaders().add("Retry-After", "0");
    }
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private static String toolCallResponse(String name, String argumentsJsonString) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode message = root.putArray("choices").addObject().putObject("message");
    message.put("role", "assistant");
    message.putNull("content");
    message.put("reasoning_content", "The user wants the order status.");
    ObjectNode call = message.putArray("tool_calls").addObject();
    call.put("id", "chatcmpl-tool-1");
    call.put("type", "function");
    call.putObject("function").put("name", name).put("arguments", argumentsJsonString);
    return JSON.writeValueAsString(root);
  }

  private static String answerResponse(String content) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.putArray("choices").addObject().putObject("message").put("role", "assistant").put("content", content);
    return JSON.writeValueAsString(root);
  }

  private OpenAiChatClient client(int attempts, ThinkMode think, String apiKey) {
    return new OpenAiChatClient(new OpenAiChatClient.Settings(OpenAiChatClient.chatUrl(base + "/v1/"), apiKey,
        "stub-qwen", 64, think, attempts, Duration.ofMillis(1), Duration.ofSeconds(10)));
  }

  private static List<Message> context() {
    ObjectNode args = JSON.createObjectNode().put("order_id", "#W123");
    return List.of(
        Message.system("You are a shop assistant."),
        Message.user("Where is my order #W123?"),
        Message.assistantToolCalls(List.of(new ToolCall("get_order", args), new ToolCall("get_user", JSON.createObjectNode()))),
        Message.tool("{\"status\": \"shipped\"}"),
        Message.tool("{\"name\": \"Ann\"}"),
        Message.user("And when does it arrive?"));
  }

  private static List<ObjectNode> tools() {
    ObjectNode tool = JSON.createObjectNode().put("type", "function");
    tool.putObject("function").put("name", "get_order").put("description", "Look up an order")
        .putObject("parameters").put("type", "object");
    return List.of(tool);
  }

  @Test
  void requestCarriesMessagesToolsAndGreedySettings() throws IOException {
    script.add(new Object[] {200, answerResponse("It arrives Friday.")});
    String text = client(1, ThinkMode.OFF, "sk-test").complete(context(), tools());
    assertEquals("It arrives Friday.", text);

    JsonNode body = requests.poll();
    assertEquals("stub-qwen", body.get("model").asText());
    assertEquals(0, body.get("temperature").asInt());
    assertEquals(64, body.get("max_completion_tokens").asInt());
    assertFalse(body.has("max_tokens"), "one length field");
    assertEquals("auto", body.get("tool_choice").asText(), "tools given: let the server parse tool calls");
    assertFalse(body.at("/chat_template_kwargs/enable_thinking").asBoolean(true));
    assertEquals("get_order", body.at("/tools/0/function/name").asText());
    JsonNode messages = body.get("messages");
    assertEquals(6, messages.size());
    assertEquals("system", messages.at("/0/role").asText());
    JsonNode calls = messages.at("/2/tool_calls");
    assertEquals(2, calls.size());
    assertEquals("get_order", calls.at("/0/function/name").asText());
    assertEquals(JSON.createObjectNode().put("order_id", "#W123"), JSON.readTree(calls.at("/0/function/arguments").asText()),
        "arguments travel as a JSON string");
    assertEquals(calls.at("/0/id").asText(), messages.at("/3/tool_call_id").asText());
    assertEquals(calls.at("/1/id").asText(), messages.at("/4/tool_call_id").asText());
    assertEquals("tool", messages.at("/4/role").asText());
    assertEquals("Bearer sk-test", authorizations.poll());
  }

  @Test
  void thinkingOnSendsNoTemplateSwitchAndNoKey() throws IOException {
    script.add(new Object[] {200, answerResponse("ok")});
    client(1, ThinkMode.ON, null).complete(context(), List.of());
    JsonNode body = requests.poll();
    assertTrue(body.path("chat_template_kwargs").isMissingNode());
    assertTrue(body.path("tools").isMissingNode());
    assertTrue(body.path("tool_choice").isMissingNode());
    assertEquals("", authorizations.poll());
  }

  @Test
  void toolCallsAndReasoningBecomeQwenText() throws IOException {
    script.add(new Object[] {200, toolCallResponse("get_order", "{\"order_id\": \"#W123\"}")});
    String text = client(1, ThinkMode.ON, null).complete(context(), tools());
    assertTrue(text.startsWith("<think>\nThe user wants the order status.\n</think>"), text);
    ParsedCompletion parsed = CompletionParser.parse(text);
    assertEquals(ActionKind.TOOL_CALL, parsed.kind(), text);
    assertEquals("get_order", parsed.toolCalls().get(0).name());
    assertEquals("#W123", parsed.toolCalls().get(0).arguments().get("order_id").asText());
    assertEquals("The user wants the order status.", parsed.think().strip());
  }

  @Test
  void brokenArgumentsStayBroken() throws IOException {
    script.add(new Object[] {200, toolCallResponse("get_order", "{\"order_id\": ")});
    String text = client(1, ThinkMode.ON, null).complete(context(), tools());
    assertEquals(ActionKind.INVALID, CompletionParser.parse(text).kind(), text);
  }

  @Test
  void retriesRateLimitsAndServerErrors() throws IOException {
    script.add(new Object[] {503, "{\"error\":{\"message\":\"loading\"}}"});
    script.add(new Object[] {429, "{\"error\":{\"message\":\"slow down\"}}"});
    script.add(new Object[] {200, answerResponse("third time lucky")});
    assertEquals("third time lucky", client(3, ThinkMode.ON, null).complete(context(), List.of()));
    assertEquals(3, served.get());
  }

  @Test
  void givesUpAfterTheLastAttempt() {
    script.add(new Object[] {500, "{\"error\":{\"message\":\"boom\"}}"});
    IOException e = assertThrows(IOException.class, () -> client(2, ThinkMode.ON, null).complete(context(), List.of()));
    assertEquals(2, served.get());
    assertTrue(e.getMessage().contains("failed 2 times") && e.getMessage().contains("boom"), e.getMessage());
  }

  @Test
  void clientErrorsFailAtOnceWithTheServersMessage() {
    script.add(new Object[] {400, "{\"error\":{\"message\":\"max_tokens is too large\"}}"});
    IOException e = assertThrows(IOException.class, () -> client(5, ThinkMode.ON, null).complete(context(), List.of()));
    assertEquals(1, served.get());
    assertEquals(base + "/v1/chat/completions answered HTTP 400: max_tokens is too large", e.getMessage());
  }

  @Test
  void aServerRefusingMaxCompletionTokensGetsMaxTokensFromThenOn() throws IOException {
    refuseMaxCompletionTokens = true;
    script.add(new Object[] {200, answerResponse("short")});
    OpenAiChatClient client = client(1, ThinkMode.ON, null);
    assertEquals("short", client.complete(context(), List.of()));
    assertEquals("short", client.complete(context(), List.of()));
    assertEquals(2, requests.size(), "the refused request is not counted as an answer");
    for (JsonNode body : requests) {
      assertEquals(64, body.get("max_tokens").asInt());
      assertFalse(body.has("max_completion_tokens"));
    }
  }

  @Test
  void aServerListingSeveralModelsNeedsServedModel() throws Exception {
    modelsBody = "{\"object\":\"list\",\"data\":[{\"id\":\"Qwen/Qwen3-1.7B\"},{\"id\":\"sft\",\"parent\":\"Qwen/Qwen3-1.7B\"}]}";
    script.add(new Object[] {200, answerResponse("Hello there")});
    Path data = dir.resolve("test.jsonl");
    SampleJsonl.write(data, List.of(new Sample("s0", "x", "c0", List.of(), List.of(Message.user("hi")),
        new Target.AnswerTarget("Hello there"), null)));
    StringWriter err = new StringWriter();
    int code = CliRun.execute(new StringWriter(), err, "eval", "--endpoint", base, "--data", data.toString(), "--out", dir.resolve("run").toString());
    assertEquals(Main.EXIT_USAGE, code, err.toString());
    assertTrue(err.toString().contains("Qwen/Qwen3-1.7B, sft") && err.toString().contains("--served-model"), err.toString());
    assertEquals(0, requests.size(), "nothing evaluated against a guessed model");

    int ok = CliRun.execute(new StringWriter(), err, "eval", "--endpoint", base, "--served-model", "sft", "--data", data.toString(),
        "--out", dir.resolve("run").toString());
    assertEquals(Main.EXIT_OK, ok, err.toString());
    assertEquals("sft", requests.poll().get("model").asText());
  }

  @Test
  void chatUrlAcceptsTheUsualSpellings() {
    URI expected = URI.create("http://127.0.0.1:8000/v1/chat/completions");
    assertEquals(expected, OpenAiChatClient.chatUrl("http://127.0.0.1:8000"));
    assertEquals(expected, OpenAiChatClient.chatUrl("http://127.0.0.1:8000/v1/"));
    assertEquals(expected, OpenAiChatClient.chatUrl("http://127.0.0.1:8000/v1/chat/completions"));
  }

  @Test
  void evalCommandScoresTheEndpointsAnswers() throws Exception {
    script.add(new Object[] {200, toolCallResponse("get_order", "{\"order_id\": \"#W1\"}")});
    ObjectNode gold = JSON.createObjectNode().put("order_id", "#W1");
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Target target = i < 2 ? new Target.ToolCallTarget("get_order", gold) : new Target.AnswerTarget("Hello there");
      samples.add(new Sample("s" + i, "synth-retail", "c" + i, tools(), List.of(Message.user("question " + i)), target, null));
    }
    Path data = dir.resolve("test.jsonl");
    SampleJsonl.write(data, samples);
    Path run = dir.resolve("run");
    StringWriter err = new StringWriter();
    int code = CliRun.execute(new StringWriter(), err, "eval", "--endpoint", base, "--data", data.toString(), "--out", run.toString(), "--batch-size", "2");
    assertEquals(Main.EXIT_OK, code, err.toString());
    assertEquals(3, requests.size());
    requests.forEach(r -> assertEquals("stub-qwen", r.get("model").asText(), "model name from /v1/models"));
    EvalMetrics metrics = EvalOutputs.read(run).overall();
    assertEquals(2.0 / 3.0, metrics.get(Metric.ACTION_ACCURACY), 1e-9);
    assertEquals(1.0, metrics.get(Metric.PARAM_FULL_MATCH), 1e-9);
  }

  @Test
  void evalCommandReportsAFailingEndpointInOneLine() throws Exception {
    script.add(new Object[] {401, "{\"error\":{\"message\":\"invalid api key\"}}"});
    Path data = dir.resolve("test.jsonl");
    SampleJsonl.write(data, List.of(new Sample("s0", "x", "c0", List.of(), List.of(Message.user("hi")),
        new Target.AnswerTarget("hello"), null)));
    StringWriter err = new StringWriter();
    int code = CliRun.execute(new StringWriter(), err, "eval", "--endpoint", base, "--served-model", "m", "--data", data.toString(),
        "--out", dir.resolve("run").toString());
    assertEquals(Main.EXIT_FAILURE, code);
    String message = err.toString().strip();
    assertTrue(message.contains("HTTP 401: invalid api key") && !message.contains("\n"), message);
  }
}
