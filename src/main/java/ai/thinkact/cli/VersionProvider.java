package ai.thinkact.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the jar's implementation version (from the Maven build) or "dev" when run from classes. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String version = Main.class.getPackage().getImplementationVersion();
    return new String[] {"thinkact " + (version == null ? "dev" : version)};
  }
}
