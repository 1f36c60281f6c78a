package dev.trueup.load;

/**
 * One parsed file of the repository.
 *
 * @param file the path relative to the repository root, with forward slashes
 * @param stem the file name without {@code .yaml}: what the document must call itself
 */
public record RepoDocument(DocumentKind kind, String file, String stem, YamlNode root) {}
