package ai.thinkact.train;

import ai.thinkact.config.ConfigException;
import java.util.regex.Pattern;

/** The {@code device} option: {@code auto}, {@code cpu}, {@code gpu} or {@code gpu:N}. */
public final class Devices {

  private static final Pattern VALID = Pattern.compile("auto|cpu|gpu(:\\d+)?");

  private Devices() {}

  /** Rejects anything but the four spellings, with a message naming the key. */
  public static void check(String device) {
    if (device == null || !VALID.matcher(device).matches()) {
      throw new ConfigException("device must be auto, cpu, gpu or gpu:N, got '" + device
          + "' (set device: in the config file or --device on the command line)");
    }
  }
}
