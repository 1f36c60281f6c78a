package dev.trueup.render;

import freemarker.cache.TemplateLoader;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/** Template bytes found through {@link RepoFiles}: no file system, no class path of its own. */
record RepoTemplateLoader(RepoFiles files, String directory) implements TemplateLoader {
  private record Source(String name, byte[] bytes) {}

  @Override
  public Object findTemplateSource(String name) {
    return files.read(directory + "/" + name).map(b -> new Source(name, b)).orElse(null);
  }

  @Override
  public long getLastModified(Object source) {
    return -1;
  }

  @Override
  public Reader getReader(Object source, String encoding) {
    return new InputStreamReader(
        new ByteArrayInputStream(((Source) source).bytes()), StandardCharsets.UTF_8);
  }

  @Override
  public void closeTemplateSource(Object source) {}
}
