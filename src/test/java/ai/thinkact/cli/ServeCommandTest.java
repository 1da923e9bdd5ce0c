package ai.thinkact.cli;

import ai.thinkact.CliRun;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.thinkact.config.Settings;
import ai.thinkact.model.GoldenCase;
import ai.thinkact.serve.ServeConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code thinkact serve} as a command: its first stdout line, a startup adapter, stopping, usage errors. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ServeCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern LISTENING = Pattern.compile("listening on (http://127\\.0\\.0\\.1:(\\d+)/v1)");

  /** Collects stdout and completes {@link #firstLine} at the first newline. */
  private static final class FirstLine extends Writer {
    final StringBuilder text = new StringBuilder();
    final CompletableFuture<String> firstLine = new CompletableFuture<>();

    @Override
    public synchronized void write(char[] buf, int off, int len) {
      text.append(buf, off, len);
      int newline = text.indexOf("\n");
      if (newline >= 0) {
        firstLine.complete(text.substring(0, newline));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  @Test
  void printsWhereItListensServesWithTheStartupAdapterAndStopsOnInterrupt() throws Exception {
    GoldenCase golden = GoldenCase.of("qwen3_tied");
    FirstLine out = new FirstLine();
    StringWriter err = new StringWriter();
    AtomicInteger code = new AtomicInteger(-1);
    Thread serving = new Thread(() -> {
      CommandLine cli = Main.newCommandLine();
      cli.setOut(new PrintWriter(out));
      cli.setErr(new PrintWriter(err));
      code.set(cli.execute("serve", "--model", golden.modelDir().toString(), "--adapter", golden.adapterDir().toString(),
          "--served-model-name", "tied-lora", "--port", "0", "--device", "cpu"));
    });
    serving.start();
    try {
      String line = out.firstLine.get(2, TimeUnit.MINUTES);
      Matcher m = LISTENING.matcher(line);
      assertTrue(m.matches(), "first line: " + line + " / " + err);
      String base = m.group(1);
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> models = client.send(HttpRequest.newBuilder(URI.create(base + "/models"))
          .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals("tied-lora", JSON.readTree(models.body()).at("/data/0/id").asText());

      int[] prompt = GoldenCase.ints(golden.inputs().at("/generation/prompts/0"));
      String body = "{\"model\":\"tied-lora\",\"prompt\":" + java.util.Arrays.toString(prompt)
          + ",\"max_tokens\":16,\"temperature\":0,\"return_token_ids\":true}";
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create(base + "/completions"))
          .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, answer.statusCode(), answer.body());
      JsonNode ids = JSON.readTree(answer.body()).at("/choices/0/token_ids");
      assertArrayEquals(GoldenCase.ints(golden.expected().at("/generation/lora/new_ids/0")), GoldenCase.ints(ids),
          "the served model is the base with --adapter");
    } finally {
      serving.interrupt();
      serving.join(TimeUnit.SECONDS.toMillis(60));
    }
    assertFalse(serving.isAlive(), "serve stops when interrupted");
    assertEquals(Main.EXIT_OK, code.get(), err.toString());
  }

  @Test
  void theOptionsAreTheSettingsOfServeConfig() {
    ServeCommand command = new ServeCommand();
    CommandLine cli = new CommandLine(command);
    for (Settings.Key key : Settings.of(ServeConfig.class).keys()) {
      assertNotNull(cli.getCommandSpec().findOption(key.option()), "no option " + key.option());
    }
    assertNull(cli.getCommandSpec().findOption("--config"), "serve's settings are flags only");
    cli.parseArgs("--model", "m", "--port", "0", "--max-batch", "3", "--seed", "7");
    ServeConfig config = (ServeConfig) command.configOptions().resolve();
    assertNull(config.servedModelName(), "unset until the model is known");
    assertEquals(new ServeConfig("m", "127.0.0.1", 0, 3, null, 4096, 1024, 7), config.forModel("m", 4096));
  }

  @Test
  void usageErrorsAndABusyPort() throws Exception {
    String model = GoldenCase.of("qwen3_tied").modelDir().toString();
    CliRun batch = CliRun.run("serve", "--model", model, "--port", "0", "--max-batch", "0", "--device", "cpu");
    assertEquals(Main.EXIT_USAGE, batch.code());
    assertTrue(batch.err().contains("--max-batch"), batch.err());
    CliRun port = CliRun.run("serve", "--model", model, "--port", "eighty", "--device", "cpu");
    assertEquals(Main.EXIT_USAGE, port.code());
    assertTrue(port.err().contains("--port") && port.err().contains("eighty"), port.err());
    CliRun key = CliRun.run("serve", "--model", model, "--port", "0", "--api-key-env", "THINKACT_TEST_SURELY_UNSET");
    assertEquals(Main.EXIT_USAGE, key.code());
    assertTrue(key.err().contains("THINKACT_TEST_SURELY_UNSET"), key.err());
    CliRun length = CliRun.run("serve", "--model", model, "--port", "0", "--max-model-len", "100000", "--device", "cpu");
    assertEquals(Main.EXIT_USAGE, length.code());
    assertTrue(length.err().contains("max_position_embeddings"), length.err());
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      CliRun busy = CliRun.run("serve", "--model", model, "--port", Integer.toString(taken.getLocalPort()), "--device", "cpu");
      assertEquals(Main.EXIT_FAILURE, busy.code(), busy.err());
      assertTrue(busy.err().startsWith("error: cannot listen on 127.0.0.1:" + taken.getLocalPort()), busy.err());
      assertEquals(1, busy.err().lines().count(), busy.err());
    }
  }
}
