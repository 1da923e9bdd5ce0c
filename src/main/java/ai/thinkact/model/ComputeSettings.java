package ai.thinkact.model;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.thinkact.base.ConfigException;

/**
 * Where and in which precision the model runs.
 *
 * @param device {@code auto} (first GPU if libtorch sees one, else CPU), {@code cpu} or {@code cuda:N}
 * @param dtype compute precision; float32 is the default and what the golden tests check
 */
public record ComputeSettings(String device, ComputeDtype dtype) {

  public ComputeSettings {
    if (device == null || !(device.equals("auto") || device.equals("cpu") || device.matches("cuda:\\d+"))) {
      throw new ConfigException("--device must be auto, cpu or cuda:N, got " + device);
    }
    if (dtype == null) {
      throw new ConfigException("--dtype must be float32 or bfloat16");
    }
    if (dtype == ComputeDtype.BFLOAT16) {
      // DJL 0.36's PyTorch engine maps no bfloat16 dtype (creating or casting one aborts libtorch).
      throw new ConfigException("--dtype bfloat16 is not supported by DJL 0.36's PyTorch engine; use float32"
          + " (BF16 checkpoints still load: they are widened exactly to float32)");
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
      throw new ConfigException("--device " + device + " asked for, but libtorch sees " + gpus
          + " GPU(s); see docs/gpu.md for the CUDA build");
    }
    return Device.gpu(id);
  }
}
