package ai.thinkact.data;

import java.util.Locale;

/** The two actions a conversational agent chooses between at each turn. */
public enum TargetType {
  TOOL_CALL,
  ANSWER;

  /** {@code "tool_call"} or {@code "answer"}, as in the sample JSON. */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a JSON name; returns {@code null} when unknown. */
  public static TargetType fromJsonName(String name) {
    for (TargetType type : values()) {
      if (type.jsonName().equals(name)) {
        return type;
      }
    }
    return null;
  }
}
