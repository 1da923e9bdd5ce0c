package ai.thinkact.chat;

import java.util.Locale;

/** Who speaks a message, with the lowercase names of the OpenAI / TRL chat convention. */
public enum Role {
  SYSTEM,
  USER,
  ASSISTANT,
  TOOL;

  /** The name used in JSON and in the chat template ({@code "system"}, {@code "user"}, ...). */
  public String jsonName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a JSON role name; returns {@code null} when it is not one of the four. */
  public static Role fromJsonName(String name) {
    for (Role role : values()) {
      if (role.jsonName().equals(name)) {
        return role;
      }
    }
    return null;
  }
}
