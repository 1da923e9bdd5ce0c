package ai.thinkact.data;

/** Who wrote a message in an APIGen-MT conversation (its {@code from} field). */
public enum From {
  HUMAN("human"),
  GPT("gpt"),
  FUNCTION_CALL("function_call"),
  OBSERVATION("observation");

  private final String jsonName;

  From(String jsonName) {
    this.jsonName = jsonName;
  }

  /** The name in the APIGen-MT JSON. */
  public String jsonName() {
    return jsonName;
  }

  /** Parses an APIGen-MT {@code from} value; returns {@code null} when unknown. */
  public static From fromJsonName(String name) {
    for (From from : values()) {
      if (from.jsonName.equals(name)) {
        return from;
      }
    }
    return null;
  }

  /** Whether the agent produced this message, so it is a training target. */
  public boolean isAgentAction() {
    return this == GPT || this == FUNCTION_CALL;
  }
}
