package ai.thinkact.config;

import ai.thinkact.base.ConfigException;
import ai.thinkact.io.MalformedTextException;
import ai.thinkact.io.Utf8Text;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Builds a run config record from three layers, later layers winning: the record's defaults,
 * a YAML file, then command-line overrides.
 *
 * <p>How: the defaults record is turned into a tree (its snake_case keys are the set of known
 * keys), the YAML's top-level keys are checked against it and copied over it (remembering the
 * line of each), the non-null CLI values are copied over that, and the result is bound once
 * into the record, whose constructor validates. Every failure is a {@link ConfigException}
 * with one line naming where the bad value came from ({@code configs/sft.yaml:12} or
 * {@code --lora-rank}), the key, and what is expected.
 *
 * <p>Keys are snake_case in YAML (TRL's spelling), camelCase in Java, kebab-case on the
 * command line: {@code learning_rate} = {@code learningRate} = {@code --learning-rate}.
 * Validation messages thrown by a record constructor must start with the snake_case key (see
 * {@link Checks}); the loader then prefixes the source of that key.
 */
public final class ConfigLoader {

  /** Binds snake_case keys to record components; strict about types. */
  private static final ObjectMapper MAPPER = strictMapper();

  private static final YAMLMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build())
          .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ConfigLoader() {}

  /**
   * Loads {@code yaml} (may be null: defaults only) over {@code defaults}, then applies the
   * non-null {@code overrides} (snake_case key to value, e.g. from picocli boxed fields).
   *
   * @throws ConfigException on a missing file, YAML syntax error, unknown key, wrong type or
   *     a value the record's constructor rejects
   */
  public static <T extends Record> T load(Path yaml, T defaults, Map<String, ?> overrides) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) defaults.getClass();
    ObjectNode tree = MAPPER.valueToTree(defaults);
    Map<String, String> sources = new LinkedHashMap<>();
    if (yaml != null) {
      overlayYaml(yaml, tree, sources);
    }
    for (Map.Entry<String, ?> override : overrides.entrySet()) {
      if (override.getValue() == null) {
        continue; // unset CLI option: keep the YAML value, or the default
      }
      String key = override.getKey();
      String option = "--" + key.replace('_', '-');
      if (!tree.has(key)) {
        throw new IllegalArgumentException("override " + option + " names no field of " + type.getSimpleName());
      }
      tree.set(key, MAPPER.valueToTree(override.getValue()));
      sources.put(key, option);
    }
    return bind(tree, type, sources);
  }

  /** Loads {@code yaml} over {@code defaults} with no command-line overrides. */
  public static <T extends Record> T load(Path yaml, T defaults) {
    return load(yaml, defaults, Map.of());
  }

  /** The config as YAML with snake_case keys, as written to {@code OUTPUT/config.yaml}. */
  public static String toYaml(Record config) {
    try {
      return YAML.writeValueAsString(MAPPER.valueToTree(config));
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

  private static <T> T bind(ObjectNode tree, Class<T> type, Map<String, String> sources) {
    try {
      return MAPPER.treeToValue(tree, type);
    } catch (ValueInstantiationException e) {
      // The record constructor rejected a value; its message starts with the offending key.
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException || cause instanceof IllegalArgumentException) {
        throw new ConfigException(prefixSource(cause.getMessage(), sources));
      }
      throw new ConfigException("invalid " + type.getSimpleName() + ": " + e.getOriginalMessage());
    } catch (JsonMappingException e) {
      String key = e.getPath().isEmpty() ? "?" : e.getPath().get(0).getFieldName();
      String source = sources.getOrDefault(key, "default");
      JsonNode value = tree.get(key);
      String got = value == null ? "" : " (got " + (value.isTextual() ? "'" + value.asText() + "'" : value.toString()) + ")";
      String expected = expected(type, key);
      throw new ConfigException(source + ": " + key + ": expected " + expected + got);
    } catch (JsonProcessingException e) {
      throw new ConfigException("invalid " + type.getSimpleName() + ": " + e.getOriginalMessage());
    }
  }

  /** "configs/sft.yaml:7: lora_rank must be ..." when the message starts with a known key. */
  private static String prefixSource(String message, Map<String, String> sources) {
    int end = 0;
    while (end < message.length() && (Character.isLetterOrDigit(message.charAt(end)) || message.charAt(end) == '_')) {
      end++;
    }
    String source = sources.get(message.substring(0, end));
    return source == null ? message : source + ": " + message;
  }

  private static String expected(Class<?> type, String key) {
    for (var component : type.getRecordComponents()) {
      if (PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(component.getName()).equals(key)) {
        Class<?> c = component.getType();
        if (c.isEnum()) {
          return "one of " + Arrays.stream(c.getEnumConstants())
              .map(k -> MAPPER.valueToTree(k).asText()).collect(Collectors.joining(", "));
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
          return "an integer";
        }
        if (c == double.class || c == Double.class || c == float.class) {
          return "a number";
        }
        if (c == boolean.class || c == Boolean.class) {
          return "true or false";
        }
        if (java.util.List.class.isAssignableFrom(c)) {
          return "a list like [a, b]";
        }
        return "a string";
      }
    }
    return "a valid value";
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

  private static ObjectMapper strictMapper() {
    JsonMapper mapper = JsonMapper.builder()
        .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
        .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
        .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT) // lora_rank: 16.5 is an error, not 16
        .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)    // lora_rank: "16" is an error too
        .addModule(new SimpleModule("paths").addSerializer(Path.class, ToStringSerializer.instance))
        .build();
    for (LogicalType t : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
      mapper.coercionConfigFor(t).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
    }
    mapper.coercionConfigFor(LogicalType.Textual).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
    return mapper;
  }
}
