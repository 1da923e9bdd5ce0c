package ai.thinkact.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.IVersionProvider;

/**
 * {@code thinkact --version}: the whole stack a bug report needs. thinkact's version and git
 * commit, DJL, the libtorch DJL loaded (version, flavour, directory) and the device
 * {@code --device auto} picks. Loading libtorch takes a second; a failure to load is reported in
 * the output, not thrown.
 */
final class VersionProvider implements IVersionProvider {

  /** DJL's cache directory name: {@code <version>-<flavour>-<os>-<arch>}, e.g. {@code 2.7.1-20250812-cpu-linux-x86_64}. */
  private static final Pattern CACHE_DIR = Pattern.compile("\\d+\\.\\d+\\.\\d+(?:-\\d+)?-(.+)-[a-z]+-[a-z0-9_]+");

  @Override
  public String[] getVersion() {
    List<String> lines = new ArrayList<>();
    lines.add("thinkact " + BuildInfo.version() + " (commit " + BuildInfo.commit() + ")");
    lines.add("DJL " + Engine.getDjlVersion());
    try {
      Engine engine = Engine.getEngine("PyTorch");
      String dir = LibUtils.getLibtorchPath();
      lines.add("libtorch " + engine.getVersion() + " (flavour " + flavour(dir) + ") from " + dir);
      int gpus = engine.getGpuCount();
      Device auto = engine.defaultDevice();
      String device = auto.isGpu() ? "cuda:" + auto.getDeviceId() : "cpu";
      lines.add("device " + device + " for --device auto (" + gpus + " GPU" + (gpus == 1 ? "" : "s")
          + " seen through libcudart; docs/gpu.md)");
    } catch (RuntimeException | LinkageError e) {
      lines.add("libtorch not loaded: " + e.getMessage());
    }
    lines.add("Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + "), "
        + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    return lines.toArray(String[]::new);
  }

  /** {@code cpu}, {@code cu128}, ... from DJL's cache directory name; {@code unknown} for a PYTORCH_LIBRARY_PATH. */
  static String flavour(String libtorchDir) {
    Matcher m = CACHE_DIR.matcher(Path.of(libtorchDir).getFileName().toString());
    return m.matches() ? m.group(1) : "unknown";
  }
}
