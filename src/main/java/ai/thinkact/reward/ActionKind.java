package ai.thinkact.reward;

import ai.thinkact.data.TargetType;
import java.util.Locale;

/** What a completion does: call tools, answer the user, or neither in a usable way. */
public enum ActionKind {
  TOOL_CALL,
  ANSWER,
  INVALID;

  /** {@code "tool_call"}, {@code "answer"} or {@code "invalid"}, as written in JSON outputs. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** True when this kind is the gold action type; {@link #INVALID} never matches. */
  public boolean matches(TargetType type) {
    return (this == TOOL_CALL && type == TargetType.TOOL_CALL) || (this == ANSWER && type == TargetType.ANSWER);
  }
}
