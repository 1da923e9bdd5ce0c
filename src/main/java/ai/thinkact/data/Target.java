package ai.thinkact.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;

/** What a per-turn sample should make the model do next: call one tool, or answer in text. */
public sealed interface Target permits Target.ToolCallTarget, Target.AnswerTarget {

  /** The gold action type. */
  TargetType type();

  /** Call tool {@code name} with {@code arguments} (a JSON object). */
  record ToolCallTarget(String name, ObjectNode arguments) implements Target {
    public ToolCallTarget {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(arguments, "arguments");
    }

    @Override
    public TargetType type() {
      return TargetType.TOOL_CALL;
    }
  }

  /** Reply to the user with {@code content}. */
  record AnswerTarget(String content) implements Target {
    public AnswerTarget {
      Objects.requireNonNull(content, "content");
    }

    @Override
    public TargetType type() {
      return TargetType.ANSWER;
    }
  }
}
