package ai.thinkact.cli;

import ai.thinkact.base.ConfigException;

/** API keys named on the command line by the environment variable that holds them (never the key itself). */
final class ApiKeys {

  private ApiKeys() {}

  /**
   * The value of environment variable {@code variable} (given as {@code option}); {@code null}
   * when no variable is named, a {@link ConfigException} when it is named but unset or blank.
   */
  static String fromEnv(String option, String variable) {
    if (variable == null) {
      return null;
    }
    String key = System.getenv(variable);
    if (key == null || key.isBlank()) {
      throw new ConfigException(option + " " + variable + ": that environment variable is not set");
    }
    return key;
  }
}
