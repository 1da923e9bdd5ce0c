package ai.thinkact.base;

/** A configuration value that cannot work; the message says which option and what to do (exit code 2). */
public class ConfigException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConfigException(String message) {
    super(message);
  }
}
