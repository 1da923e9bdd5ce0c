package ai.thinkact.config;

import ai.thinkact.base.ConfigException;
import ai.thinkact.io.MalformedTextException;
import ai.thinkact.io.Utf8Text;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds a run config record from three layers, later layers winning: the record's defaults
 * ({@link Setting} declarations, see {@link Settings}), a YAML file, then command-line overrides.
 *
 * <p>How: the defaults record is turned into a flat tree {key: value} (its keys are the set of
 * known keys), the YAML's top-level keys are checked against it and copied over it (remembering
 * the line of each), the non-null command-line values are copied over that, and the result is
 * bound once into the record, whose constructor validates. Every failure is a
 * {@link ConfigException} with one line naming where the bad value came from
 * ({@code configs/sft.yaml:12} or {@code --lora-rank}), the key, and what is expected.
 *
 * <p>Keys are snake_case in YAML (TRL's spelling), camelCase in Java, kebab-case on the
 * command line: {@code learning_rate} = {@code learningRate} = {@code --learning-rate}.
 */
public final class ConfigLoader {

  private static final YAMLMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ConfigLoader() {}

  /**
   * Loads {@code yaml} (may be null: defaults only) over {@code defaults}, then applies the
   * non-null {@code overrides} (snake_case key to a value or a {@link JsonNode}; from the command line).
   *
   * @throws ConfigException on a missing file, YAML syntax error, unknown key, wrong type or
   *     a value the record's constructor rejects
   */
  public static <T extends Record> T load(Path yaml, T defaults, Map<String, ?> overrides) {
    @SuppressWarnings("unchecked")
    Settings<T> settings = Settings.of((Class<T>) defaults.getClass());
    ObjectNode tree = settings.toTree(defaults);
    Map<String, String> sources = new LinkedHashMap<>();
    if (yaml != null) {
      overlayYaml(yaml, tree, sources);
    }
    for (Map.Entry<String, ?> override : overrides.entrySet()) {
      if (override.getValue() == null) {
        continue; // unset CLI option: keep the YAML value, or the default
      }
      Settings.Key key = settings.key(override.getKey());
      if (key == null) {
        throw new IllegalArgumentException("override " + override.getKey() + " names no setting of "
            + settings.type().getSimpleName());
      }
      Object value = override.getValue();
      tree.set(key.name(), value instanceof JsonNode node ? node : Settings.MAPPER.valueToTree(value));
      sources.put(key.name(), key.option());
    }
    return settings.bind(tree, sources);
  }

  /** Loads {@code yaml} over {@code defaults} with no command-line overrides. */
  public static <T extends Record> T load(Path yaml, T defaults) {
    return load(yaml, defaults, Map.of());
  }

  /** The config as YAML with snake_case keys, as written to {@code OUTPUT/config.yaml}; loads back equal. */
  public static <T extends Record> String toYaml(T config) {
    @SuppressWarnings("unchecked")
    Settings<T> settings = Settings.of((Class<T>) config.getClass());
    try {
      return YAML.writeValueAsString(settings.toTree(config));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write config as YAML", e);
    }
  }

  private static void overlayYaml(Path file, ObjectNode tree, Map<String, String> sources) {
    try (JsonParser parser = YAML.getFactory().createParser(Utf8Text.readString(file))) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        return; // empty file: defaults only
      }
      if (first != JsonToken.START_OBJECT) {
        throw new ConfigException(where(file, parser.currentTokenLocation())
            + " a config file must be a mapping of key: value lines, got " + describe(first));
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        int line = parser.currentTokenLocation().getLineNr();
        if (!tree.has(key)) {
          throw new ConfigException(file + ":" + line + ": unknown key '" + key + "'" + suggestion(key, tree)
              + " (known keys: " + knownKeys(tree) + ")");
        }
        parser.nextToken();
        JsonNode value = YAML.readTree(parser);
        tree.set(key, value == null ? tree.nullNode() : value);
        sources.put(key, file + ":" + line);
      }
    } catch (NoSuchFileException e) {
      throw new ConfigException("config file not found: " + file);
    } catch (JsonProcessingException e) {
      throw new ConfigException(where(file, e.getLocation()) + " invalid YAML: " + e.getOriginalMessage());
    } catch (MalformedTextException e) {
      throw new ConfigException(e.getMessage());
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    }
  }

  private static String suggestion(String key, ObjectNode tree) {
    String best = null;
    int bestDistance = 4; // only suggest close spellings
    for (var it = tree.fieldNames(); it.hasNext(); ) {
      String known = it.next();
      int d = editDistance(key, known);
      if (d < bestDistance) {
        bestDistance = d;
        best = known;
      }
    }
    return best == null ? "" : ", did you mean '" + best + "'?";
  }

  private static String knownKeys(ObjectNode tree) {
    StringBuilder keys = new StringBuilder();
    tree.fieldNames().forEachRemaining(k -> keys.append(keys.length() == 0 ? "" : ", ").append(k));
    return keys.toString();
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitute, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  private static String where(Path file, JsonLocation location) {
    return location == null || location.getLineNr() < 1 ? file + ":" : file + ":" + location.getLineNr() + ":";
  }

  private static String describe(JsonToken token) {
    return token == JsonToken.START_ARRAY ? "a list" : "a single value";
  }
}
