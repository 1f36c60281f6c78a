package dev.trueup.cli;

import picocli.CommandLine.Option;

/** {@code --repo}: shared by every command that reads a desired-state repository. */
final class RepoOption {
  @Option(
      names = "--repo",
      defaultValue = ".",
      description = "The repository's working tree (default: ${DEFAULT-VALUE}).")
  String repo;
}
