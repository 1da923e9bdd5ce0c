package ai.thinkact.training;

import java.time.Instant;
import java.util.List;

/**
 * Where a run came from, written to {@code OUTPUT/run_info.json} with its resolved config: enough
 * to tell later which build and which command produced a directory.
 *
 * @param version the thinkact version
 * @param gitCommit the commit the build came from ({@code unknown} outside a checkout)
 * @param commandLine the arguments as given
 * @param stack the lines {@code thinkact --version} prints: DJL, libtorch with its flavour and
 *     directory, the device, Java
 * @param started when this session of the run started
 */
public record RunInfo(String version, String gitCommit, List<String> commandLine, List<String> stack, Instant started) {

  public RunInfo {
    commandLine = List.copyOf(commandLine);
    stack = List.copyOf(stack);
  }
}
