package ai.thinkact.base;

/**
 * A run that could not go on for a reason the user can act on (a NaN loss, a missing
 * checkpoint to resume from): exit code 1 and a one-line message, no stack trace.
 */
public class RunFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RunFailedException(String message) {
    super(message);
  }

  public RunFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
