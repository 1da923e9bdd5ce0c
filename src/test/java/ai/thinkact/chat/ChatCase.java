package ai.thinkact.chat;

import ai.thinkact.TestPaths;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One Jinja2 render of Qwen3's chat template: the shared golden cases and thinkact's own fixtures
 * (src/test/resources/chat/render_fixtures.py).
 *
 * @param promptRendered Jinja2's generation-prompt render of all messages but the last, when the
 *     last is an assistant turn; {@code null} otherwise
 */
record ChatCase(
    String name,
    List<Message> messages,
    List<ObjectNode> tools,
    boolean addGenerationPrompt,
    boolean enableThinking,
    String rendered,
    String promptRendered) {

  static final Path GOLDEN = TestPaths.golden("chat").resolve("qwen3_chat_renders.json");
  static final Path FIXTURES = Path.of("src/test/resources/chat/qwen3_fixture_renders.json");
  /** Jinja2's prompt renders of the golden training cases' contexts (render_fixtures.py). */
  static final Path GOLDEN_PROMPTS = Path.of("src/test/resources/chat/qwen3_golden_prompts.json");

  @Override
  public String toString() {
    return name;
  }

  /** Whether the last message is an assistant turn rendered without a generation prompt. */
  boolean isTraining() {
    return !addGenerationPrompt && messages.get(messages.size() - 1).role() == Role.ASSISTANT;
  }

  static List<ChatCase> all() {
    List<ChatCase> cases = new ArrayList<>(read(GOLDEN, "golden/"));
    JsonNode prompts = readTree(GOLDEN_PROMPTS);
    cases.replaceAll(c -> prompts.has(c.name().substring("golden/".length()))
        ? new ChatCase(c.name(), c.messages(), c.tools(), c.addGenerationPrompt(), c.enableThinking(), c.rendered(),
            prompts.get(c.name().substring("golden/".length())).textValue())
        : c);
    cases.addAll(read(FIXTURES, "fixture/"));
    return cases;
  }

  static List<ChatCase> read(Path file, String prefix) {
    JsonNode root = readTree(file);
    List<ChatCase> cases = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      JsonNode inputs = entry.getValue().get("inputs");
      JsonNode prompt = entry.getValue().get("prompt_rendered");
      cases.add(new ChatCase(
          prefix + entry.getKey(),
          MessageJson.messages(inputs.get("messages")),
          MessageJson.tools(inputs.get("tools")),
          inputs.path("add_generation_prompt").asBoolean(false),
          inputs.path("enable_thinking").asBoolean(true),
          entry.getValue().get("rendered").textValue(),
          prompt == null ? null : prompt.textValue()));
    }
    return cases;
  }

  private static JsonNode readTree(Path file) {
    try {
      return new ObjectMapper().readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
