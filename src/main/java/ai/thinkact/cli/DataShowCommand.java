package ai.thinkact.cli;

import ai.thinkact.chat.ChatFormat;
import ai.thinkact.chat.LossMaskView;
import ai.thinkact.chat.Message;
import ai.thinkact.chat.QwenTokenizer;
import ai.thinkact.chat.ToolCall;
import ai.thinkact.base.ConfigException;
import ai.thinkact.base.InvalidDataException;
import ai.thinkact.data.Json;
import ai.thinkact.data.Sample;
import ai.thinkact.data.SampleJsonl;
import ai.thinkact.data.Target;
import ai.thinkact.sft.SftConfig;
import ai.thinkact.sft.SftData;
import ai.thinkact.training.LmExample;
import ai.thinkact.sft.SftStage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code thinkact data show FILE --index I}: one sample's context and target, readable. */
@Command(
    name = "show",
    description = "Print one sample: its messages, tools and target.")
public final class DataShowCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "A sample JSONL file.")
  Path file;

  @Option(names = "--index", paramLabel = "I", defaultValue = "0", description = "Which sample (0-based line among samples).")
  int index;

  @Option(names = "--max-chars", paramLabel = "N", defaultValue = "600",
      description = "Cut each message to N characters (0 = show all); long system prompts stay readable.")
  int maxChars;

  @Option(names = "--tokenizer", paramLabel = "DIR",
      description = "Also render the sample exactly as the trainer sees it (tokenizer.json in DIR), "
          + "with the loss-masked tokens marked [[like this]] (bold green on a terminal).")
  Path tokenizer;

  @Option(names = "--stage", defaultValue = "sft",
      description = "Which training stage's target to render with --tokenizer: sft or coldstart.")
  String stage;

  @Option(names = "--max-length", paramLabel = "TOKENS",
      description = "Longest rendered sample; older history is cut as the trainer cuts it (default: the trainers'"
          + " max_length).")
  Integer maxLength;

  @Override
  public Integer call() throws IOException {
    InputPaths.requireFile("FILE", file);
    InputPaths.requireFileIn("--tokenizer", tokenizer, "tokenizer.json", null);
    Sample sample = index < 0 ? null : SampleJsonl.readAt(file, index);
    if (sample == null && index >= 0 && SampleJsonl.readAt(file, 0) == null) {
      throw new InvalidDataException(file + ": no samples (empty file?)");
    }
    if (sample == null) {
      throw new ConfigException("--index " + index + " is out of range: " + file + " has fewer samples (the first is 0)");
    }
    PrintWriter out = spec.commandLine().getOut();
    out.printf("sample %s (conversation %s, source %s, domain %s)%n", sample.id(), sample.conversationId(), sample.source(),
        sample.domain());
    out.printf("tools: %s%n", sample.tools().stream().map(Json::toolName).collect(Collectors.joining(", ")));
    for (int i = 0; i < sample.messages().size(); i++) {
      Message message = sample.messages().get(i);
      out.printf("--- [%d] %s%n", i, message.role().jsonName());
      if (!message.content().isEmpty()) {
        out.println(cut(message.content()));
      }
      for (ToolCall call : message.toolCalls()) {
        out.printf("  -> %s %s%n", call.name(), cut(call.arguments().toString()));
      }
    }
    out.printf("=== target: %s%n", sample.target().type().jsonName());
    if (sample.target() instanceof Target.ToolCallTarget call) {
      out.printf("%s %s%n", call.name(), call.arguments());
    } else {
      out.println(((Target.AnswerTarget) sample.target()).content());
    }
    if (sample.reasoning() != null) {
      out.printf("=== reasoning (%d words)%n%s%n", sample.reasoning().strip().split("\\s+").length, sample.reasoning());
    }
    if (tokenizer != null) {
      showRendered(sample, out);
    }
    out.flush();
    return Main.EXIT_OK;
  }

  /** The trainer's own rendering (SftData) of the sample, with the trained-on tokens marked. */
  private void showRendered(Sample sample, PrintWriter out) throws IOException {
    SftStage sftStage = switch (stage) {
      case "sft" -> SftStage.SFT;
      case "coldstart" -> SftStage.COLDSTART;
      default -> throw new ConfigException("--stage must be sft or coldstart, got '" + stage + "'");
    };
    try (QwenTokenizer tok = QwenTokenizer.load(tokenizer)) {
      int length = maxLength != null ? maxLength : SftConfig.defaults().lm().maxLength();
      LmExample example = SftData.encode(sample, new ChatFormat(tok), sftStage, length);
      if (example == null) {
        throw new ConfigException("sample " + sample.id() + " does not fit --max-length " + length);
      }
      long[] ids = java.util.Arrays.stream(example.ids()).asLongStream().toArray();
      out.printf("=== rendered for %s: %d tokens, %d trained on%s%n", sftStage.label(), ids.length,
          example.targetTokens(), example.truncatedMessages() > 0
              ? " (" + example.truncatedMessages() + " oldest messages cut to fit)" : "");
      out.println(LossMaskView.render(tok, ids, example.lossMask(), LossMaskView.Style.forStdout()));
    }
  }

  private String cut(String text) {
    return maxChars > 0 && text.length() > maxChars
        ? text.substring(0, maxChars) + " ... [" + (text.length() - maxChars) + " more chars]"
        : text;
  }
}
