package ai.thinkact.config;

import ai.thinkact.base.ConfigException;
import java.util.Collection;

/**
 * Constructor checks for config records. Every message starts with the snake_case key and says
 * what is allowed; the binding ({@link Settings#bind}) prefixes where the value came from and says
 * how to change it: {@code configs/sft.yaml:7: lora_rank must be >= 1, got 0 (set lora_rank: in the
 * config file or --lora-rank on the command line)}. Records built in code get the bare message.
 */
public final class Checks {

  private Checks() {}

  public static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new ConfigException(key + " must be >= " + min + ", got " + value);
    }
  }

  public static void atLeast(String key, double value, double min) {
    if (!(value >= min)) { // also rejects NaN
      throw new ConfigException(key + " must be >= " + min + ", got " + value);
    }
  }

  public static void positive(String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ConfigException(key + " must be a positive number, got " + value);
    }
  }

  /** {@code min <= value <= max}. */
  public static void inRange(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new ConfigException(key + " must be in [" + min + ", " + max + "], got " + value);
    }
  }

  /** {@code 0 <= value < 1}: a dropout rate, a clipping epsilon. */
  public static void fraction(String key, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new ConfigException(key + " must be in [0, 1), got " + value);
    }
  }

  public static void notEmpty(String key, Collection<?> values) {
    if (values == null || values.isEmpty()) {
      throw new ConfigException(key + " must list at least one value");
    }
  }

  /** A check that involves several keys; {@code message} must start with one of them. */
  public static void require(boolean condition, String message) {
    if (!condition) {
      throw new ConfigException(message);
    }
  }
}
