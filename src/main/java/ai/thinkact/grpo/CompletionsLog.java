package ai.thinkact.grpo;

import ai.thinkact.io.Utf8Text;
import ai.thinkact.io.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code OUTPUT/completions.jsonl}: the sampled completions of a step, one line each
 * {@code {"step","prompt_id","completion","finish_reason","accuracy","format","length","total","advantage"}}.
 * On resume the lines of steps after the checkpoint are dropped, as {@link ai.thinkact.training.MetricsLog} does.
 */
final class CompletionsLog implements Closeable {
  static final String FILE = "completions.jsonl";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final BufferedWriter out;

  private CompletionsLog(BufferedWriter out) {
    this.out = out;
  }

  static CompletionsLog open(Path outputDir, long resumedStep) throws IOException {
    Path file = outputDir.resolve(FILE);
    Files.createDirectories(outputDir);
    if (resumedStep <= 0) {
      Files.deleteIfExists(file);
    } else if (Files.exists(file)) {
      List<String> kept = new ArrayList<>();
      for (String line : Utf8Text.readString(file).lines().toList()) {
        try {
          if (JSON.readTree(line).path("step").asLong(Long.MAX_VALUE) <= resumedStep) {
            kept.add(line);
          }
        } catch (IOException tornLine) {
          // a line cut by a crash is dropped
        }
      }
      ai.thinkact.io.AtomicFiles.writeString(file, kept.isEmpty() ? "" : String.join("\n", kept) + "\n");
    }
    return new CompletionsLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND));
  }

  void write(long step, Rollout round) throws IOException {
    for (Rollout.Completion c : round.completions()) {
      ObjectNode line = JSON.createObjectNode();
      line.put("step", step);
      line.put("prompt_id", c.sample().id());
      line.put("completion", c.text());
      line.put("finish_reason", c.finishReason().name().toLowerCase(java.util.Locale.ROOT));
      line.put("accuracy", c.reward().accuracy());
      line.put("format", c.reward().format());
      line.put("length", c.reward().length());
      line.put("total", c.reward().total());
      line.put("advantage", c.advantage());
      out.write(JSON.writeValueAsString(line));
      out.write('\n');
    }
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
