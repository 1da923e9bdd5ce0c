package ai.thinkact.base;

/**
 * Input data that cannot be used: a malformed record, a checkpoint tensor with the wrong shape.
 * The message is one line naming the file, the record or line, and the field (exit code 3).
 */
public class InvalidDataException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public InvalidDataException(String message) {
    super(message);
  }

  public InvalidDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
