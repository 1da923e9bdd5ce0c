package ai.thinkact.config;

import ai.thinkact.base.ConfigException;
import java.util.Collection;
import java.util.List;

/**
 * Constructor checks for config records. Every message starts with the snake_case key, then says
 * what is allowed and how to change it, so {@link ConfigLoader} can prefix where the value came
 * from: {@code configs/sft.yaml:7: lora_rank must be >= 1, got 0 (set lora_rank: or --lora-rank)}.
 */
public final class Checks {

  private Checks() {}

  public static void atLeast(String key, long value, long min) {
    if (value < min) {
      throw new ConfigException(key + " must be >= " + min + ", got " + value + hint(key));
    }
  }

  public static void atLeast(String key, double value, double min) {
    if (!(value >= min)) { // also rejects NaN
      throw new ConfigException(key + " must be >= " + min + ", got " + value + hint(key));
    }
  }

  public static void positive(String key, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new ConfigException(key + " must be a positive number, got " + value + hint(key));
    }
  }

  /** {@code min <= value <= max}. */
  public static void inRange(String key, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new ConfigException(key + " must be in [" + min + ", " + max + "], got " + value + hint(key));
    }
  }

  public static void notEmpty(String key, Collection<?> values) {
    if (values == null || values.isEmpty()) {
      throw new ConfigException(key + " must list at least one value" + hint(key));
    }
  }

  public static void oneOf(String key, Collection<String> values, List<String> allowed) {
    for (String value : values) {
      if (!allowed.contains(value)) {
        throw new ConfigException(key + ": '" + value + "' is not one of " + String.join(", ", allowed) + hint(key));
      }
    }
  }

  /** A check that involves several keys; {@code message} must start with one of them. */
  public static void require(boolean condition, String message) {
    if (!condition) {
      throw new ConfigException(message);
    }
  }

  private static String hint(String key) {
    return " (set " + key + ": in the config file or --" + key.replace('_', '-') + " on the command line)";
  }
}
