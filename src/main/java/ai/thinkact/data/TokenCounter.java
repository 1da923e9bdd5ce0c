package ai.thinkact.data;

import ai.thinkact.base.InvalidDataException;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.thinkact.chat.Message;
import ai.thinkact.chat.ToolCall;
import ai.thinkact.config.JsonFields;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts text tokens of samples with a Hugging Face {@code tokenizer.json} (for
 * {@code data prepare --tokenizer}). It counts the tool specs, every message's text and tool
 * calls, and the target, each tokenized on its own without special tokens: the chat template's
 * own tokens ({@code <|im_start|>}, role names, tags) are not included, so a rendered sample is
 * a few tokens per message longer. Truncation is disabled so long prompts are counted in full.
 * Texts repeat across the samples of a conversation, so counts are cached by text.
 */
public final class TokenCounter implements AutoCloseable {
  private final HuggingFaceTokenizer tokenizer;
  private final Map<String, Integer> cache = new HashMap<>();

  public TokenCounter(Path tokenizerDir) throws IOException {
    Path json = Files.isDirectory(tokenizerDir) ? tokenizerDir.resolve("tokenizer.json") : tokenizerDir;
    if (!Files.isRegularFile(json)) {
      throw new InvalidDataException("no tokenizer.json at " + json);
    }
    // The Rust library's message on a truncated file names a field, not the file: check it here.
    try (JsonParser parser = Json.MAPPER.createParser(json.toFile())) {
      while (parser.nextToken() != null) {
        parser.skipChildren();
      }
    } catch (JsonProcessingException e) {
      throw new InvalidDataException(json + ": not valid JSON (a truncated download?): " + JsonFields.problem(e), e);
    }
    try {
      this.tokenizer = HuggingFaceTokenizer.newInstance(
          json, Map.of("truncation", "false", "padding", "false", "addSpecialTokens", "false"));
    } catch (RuntimeException e) {
      throw new InvalidDataException(json + ": the tokenizers library cannot load it: " + e.getMessage(), e);
    }
  }

  /** Tokens of one text, without special tokens. */
  public int count(String text) {
    return cache.computeIfAbsent(text, t -> t.isEmpty() ? 0 : tokenizer.encode(t, false, false).getIds().length);
  }

  /** Context tokens of a sample: tool specs and message texts. */
  public int contextTokens(Sample sample) {
    int total = 0;
    for (ObjectNode tool : sample.tools()) {
      total += count(tool.toString());
    }
    for (Message message : sample.messages()) {
      total += count(message.content());
      for (ToolCall call : message.toolCalls()) {
        total += count(call.name()) + count(call.arguments().toString());
      }
    }
    return total;
  }

  /** Target tokens of a sample: the call's name and arguments JSON, or the answer text. */
  public int targetTokens(Sample sample) {
    if (sample.target() instanceof Target.ToolCallTarget call) {
      return count(call.name()) + count(call.arguments().toString());
    }
    return count(((Target.AnswerTarget) sample.target()).content());
  }

  @Override
  public void close() {
    tokenizer.close();
  }
}
