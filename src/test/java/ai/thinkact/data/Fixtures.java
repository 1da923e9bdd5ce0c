package ai.thinkact.data;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** The hand-written dataset fixtures under src/test/resources/data. */
final class Fixtures {
  private Fixtures() {}

  static Path path(String name) {
    try {
      return Path.of(Fixtures.class.getResource("/data/" + name).toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalStateException("missing fixture " + name, e);
    }
  }
}
