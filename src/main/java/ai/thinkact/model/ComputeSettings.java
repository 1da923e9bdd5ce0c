package ai.thinkact.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.thinkact.base.ConfigException;
import ai.thinkact.config.Setting;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and in which precision the model runs: the {@code device} and {@code dtype} settings of
 * every trainer and every command that loads a model. The one parser of device spellings.
 *
 * @param device {@code auto}, {@code cpu} or {@code cuda:N}; {@code gpu} and {@code gpu:N} are read as {@code cuda:N}
 * @param dtype compute precision
 */
public record ComputeSettings(
    @Setting(value = "auto", label = "auto|cpu|cuda:N",
        doc = "Where to run: auto (a GPU when libtorch sees one, docs/gpu.md), cpu, or cuda:N (gpu = cuda:0).")
    String device,
    @Setting(value = "float32", doc = "Compute precision: float32, the one type DJL 0.36's PyTorch engine offers"
        + " (bfloat16 checkpoints load, widened exactly).")
    ComputeDtype dtype) {

  private static final Pattern SPELLING = Pattern.compile("auto|cpu|(gpu|cuda)(:(\\d+))?");

  public ComputeSettings {
    Matcher m = device == null ? null : SPELLING.matcher(device);
    if (m == null || !m.matches()) {
      throw new ConfigException("device must be auto, cpu or cuda:N (gpu = cuda:0), got '" + device + "'");
    }
    if (m.group(1) != null) {
      device = "cuda:" + (m.group(3) == null ? "0" : m.group(3));
    }
    if (dtype == null) {
      throw new ConfigException("dtype must be float32");
    }
  }

  /** CPU, float32: what tests and small tools use. */
  public static ComputeSettings cpu() {
    return new ComputeSettings("cpu", ComputeDtype.FLOAT32);
  }

  /** The DJL device this setting names. */
  public Device djlDevice() {
    if (device.equals("auto")) {
      return Engine.getInstance().defaultDevice();
    }
    if (device.equals("cpu")) {
      return Device.cpu();
    }
    int id = Integer.parseInt(device.substring("cuda:".length()));
    int gpus = Engine.getInstance().getGpuCount();
    if (id >= gpus) {
      throw new ConfigException("device " + device + " asked for, but libtorch sees " + gpus
          + " GPU(s); see docs/gpu.md for the CUDA build");
    }
    return Device.gpu(id);
  }
}
