package ai.thinkact.training;

import ai.thinkact.base.ConfigException;
import ai.thinkact.model.ComputeDtype;
import ai.thinkact.model.ComputeSettings;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code device} config key: {@code auto}, {@code cpu}, {@code gpu}, {@code gpu:N} or
 * {@code cuda:N} (the model commands' spelling). {@code gpu} is {@code cuda:0}.
 */
public final class Devices {

  private static final Pattern VALID = Pattern.compile("auto|cpu|(gpu|cuda)(:(\\d+))?");

  private Devices() {}

  /** Rejects anything but those spellings, with a message naming the key. */
  public static void check(String device) {
    if (device == null || !VALID.matcher(device).matches()) {
      throw new ConfigException("device must be auto, cpu or cuda:N (gpu = cuda:0), got '" + device
          + "' (set device: in the config file or --device on the command line)");
    }
  }

  /** The model's {@link ComputeSettings} for a checked device spelling and dtype. */
  public static ComputeSettings settings(String device, ComputeDtype dtype) {
    check(device);
    Matcher m = VALID.matcher(device);
    m.matches();
    if (m.group(1) == null) {
      return new ComputeSettings(device, dtype);
    }
    return new ComputeSettings("cuda:" + (m.group(3) == null ? "0" : m.group(3)), dtype);
  }
}
