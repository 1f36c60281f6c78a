package dev.trueup.cli;

import picocli.CommandLine;

/** The version written into the jar's manifest at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = Main.class.getPackage().getImplementationVersion();
    return new String[] {"trueup " + (v == null ? "development build" : v)};
  }
}
