package ai.thinkact.config;

import ai.thinkact.base.ConfigException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The settings of a config record, flattened: one {@link Key} per {@link Setting} component, the
 * keys of {@link SettingGroup} components included where the group stands. Built once per type by
 * reflection; {@link ConfigLoader} overlays YAML and command-line values on {@link #defaults()} and
 * {@link #bind}s the result, and {@code cli.ConfigOptions} makes one option per key.
 *
 * <p>Binding is strict (Jackson with coercions off: {@code 16.5} or {@code "16"} for an integer is an
 * error) and builds the records bottom-up through their canonical constructors, whose checks throw
 * messages that start with the key ({@link Checks}); both kinds of error come out as one line that
 * names where the value came from: {@code configs/sft.yaml:3: lora_rank must be >= 1, got 0 (...)}.
 * A component without {@link Setting} is not a setting and receives null (false, 0).
 */
public final class Settings<T extends Record> {

  /** Binds values to components; strict about types. */
  static final ObjectMapper MAPPER = strictMapper();
  private static final YAMLMapper YAML_TEXT = new YAMLMapper();
  private static final Map<Class<?>, Settings<?>> CACHE = new ConcurrentHashMap<>();

  /**
   * One setting.
   *
   * @param name the snake_case key ({@code learning_rate})
   * @param path the components from the config record down to this one
   * @param defaultValue the default of this config type (group overrides applied)
   */
  public record Key(String name, List<RecordComponent> path, JsonNode defaultValue) {
    /** The declaration: doc, label, aliases. */
    public Setting setting() {
      return component().getAnnotation(Setting.class);
    }

    public RecordComponent component() {
      return path.get(path.size() - 1);
    }

    /** The command-line option: {@code --learning-rate}. */
    public String option() {
      return "--" + name.replace('_', '-');
    }

    /** The element type for a list, else the component's type. */
    public Class<?> valueType() {
      return Settings.valueType(component().getGenericType());
    }

    public boolean isList() {
      return Collection.class.isAssignableFrom(component().getType());
    }
  }

  private final Class<T> type;
  private final Map<String, Key> keys = new LinkedHashMap<>();

  private Settings(Class<T> type) {
    this.type = type;
    collect(type, List.of(), JsonNodeFactory.instance.objectNode());
  }

  /** The settings of {@code type} (cached). */
  @SuppressWarnings("unchecked")
  public static <T extends Record> Settings<T> of(Class<T> type) {
    return (Settings<T>) CACHE.computeIfAbsent(type, t -> new Settings<>(type));
  }

  public Class<T> type() {
    return type;
  }

  /** Every key, in declaration order. */
  public Collection<Key> keys() {
    return keys.values();
  }

  /** The key named {@code name}, or null. */
  public Key key(String name) {
    return keys.get(name);
  }

  /** The config with every setting at its default. */
  public T defaults() {
    return bind(defaultTree(), Map.of());
  }

  /** {@link #defaults()} with some defaults changed, {@code yaml} being lines {@code key: value}. */
  public T defaults(String yaml) {
    ObjectNode tree = defaultTree();
    overlay(tree, yaml, "defaults of " + type.getSimpleName());
    return bind(tree, Map.of());
  }

  /** {key: value} of every setting of {@code config}, in key order. */
  public ObjectNode toTree(T config) {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    for (Key key : keys.values()) {
      Object value = config;
      for (RecordComponent c : key.path()) {
        value = read(c, value);
      }
      tree.set(key.name(), MAPPER.valueToTree(value));
    }
    return tree;
  }

  /**
   * Builds the config from {key: value}; {@code sources} says where each key's value came from
   * ({@code configs/sft.yaml:3}, {@code --lora-rank}), for the messages.
   *
   * @throws ConfigException naming the source, the key and what is wrong
   */
  public T bind(ObjectNode tree, Map<String, String> sources) {
    return type.cast(build(type, tree, sources));
  }

  /** The value of a command-line option for {@code key} given as {@code texts} (several for a list). */
  public JsonNode optionValue(Key key, List<String> texts) {
    if (key.isList()) {
      ArrayNode array = JsonNodeFactory.instance.arrayNode();
      texts.forEach(text -> array.add(scalar(key.valueType(), text)));
      return array;
    }
    return scalar(key.valueType(), texts.get(texts.size() - 1));
  }

  private ObjectNode defaultTree() {
    ObjectNode tree = JsonNodeFactory.instance.objectNode();
    keys.values().forEach(k -> tree.set(k.name(), k.defaultValue().deepCopy()));
    return tree;
  }

  /** Walks the record tree; {@code outer} holds the defaults enclosing groups set for keys below them. */
  private void collect(Class<?> recordType, List<RecordComponent> above, ObjectNode outer) {
    for (RecordComponent c : recordType.getRecordComponents()) {
      List<RecordComponent> path = new ArrayList<>(above);
      path.add(c);
      SettingGroup group = c.getAnnotation(SettingGroup.class);
      Setting setting = c.getAnnotation(Setting.class);
      if (group != null) {
        ObjectNode inner = outer.deepCopy();
        ObjectNode own = JsonNodeFactory.instance.objectNode();
        overlay(own, group.defaults(), recordType.getSimpleName() + "." + c.getName());
        own.fields().forEachRemaining(e -> inner.putIfAbsent(e.getKey(), e.getValue()));
        int before = keys.size();
        collect(c.getType(), path, inner);
        own.fieldNames().forEachRemaining(name -> {
          if (!keys.containsKey(name) || indexOf(name) < before) {
            throw new IllegalStateException(recordType.getSimpleName() + "." + c.getName() + " sets a default for '"
                + name + "', which is not a key of " + c.getType().getSimpleName());
          }
        });
      } else if (setting != null) {
        String name = setting.key().isEmpty() ? snake(c.getName()) : setting.key();
        if (keys.containsKey(name)) {
          throw new IllegalStateException(type.getSimpleName() + " declares the key '" + name + "' twice");
        }
        JsonNode value = outer.has(name) ? outer.get(name) : parse(setting.value(), name);
        keys.put(name, new Key(name, List.copyOf(path), value));
      }
    }
  }

  private int indexOf(String name) {
    return new ArrayList<>(keys.keySet()).indexOf(name);
  }

  private Object build(Class<?> recordType, ObjectNode tree, Map<String, String> sources) {
    RecordComponent[] components = recordType.getRecordComponents();
    Object[] args = new Object[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      Setting setting = c.getAnnotation(Setting.class);
      if (c.isAnnotationPresent(SettingGroup.class)) {
        args[i] = build(c.getType(), tree, sources);
      } else if (setting != null) {
        String name = setting.key().isEmpty() ? snake(c.getName()) : setting.key();
        args[i] = convert(name, tree.get(name), c.getGenericType(), sources);
      } else {
        args[i] = empty(c.getType());
      }
    }
    try {
      Constructor<?> canonical = recordType.getDeclaredConstructor(
          Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
      return canonical.newInstance(args);
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      if (cause instanceof ConfigException || cause instanceof IllegalArgumentException) {
        throw new ConfigException(withSource(cause.getMessage(), sources));
      }
      throw new IllegalStateException("cannot build " + recordType.getSimpleName(), cause);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + recordType.getSimpleName(), e);
    }
  }

  private Object convert(String name, JsonNode value, Type type, Map<String, String> sources) {
    JavaType javaType = MAPPER.getTypeFactory().constructType(type);
    try {
      return MAPPER.readerFor(javaType).readValue(value == null ? JsonNodeFactory.instance.nullNode() : value);
    } catch (JsonMappingException e) {
      String source = sources.getOrDefault(name, "default");
      Class<?> element = valueType(type);
      if (!e.getPath().isEmpty() && e.getPath().get(e.getPath().size() - 1).getIndex() >= 0 && element.isEnum()) {
        JsonNode bad = value.get(e.getPath().get(e.getPath().size() - 1).getIndex());
        throw new ConfigException(source + ": " + name + ": '" + bad.asText() + "' is not one of " + choices(element));
      }
      String got = value == null ? "" : " (got " + (value.isTextual() ? "'" + value.asText() + "'" : value.toString()) + ")";
      throw new ConfigException(source + ": " + name + ": expected " + expected(type) + got);
    } catch (java.io.IOException e) {
      throw new ConfigException(sources.getOrDefault(name, "default") + ": " + name + ": " + e.getMessage());
    }
  }

  /**
   * "configs/sft.yaml:7: lora_rank must be ... (set lora_rank: in the config file or --lora-rank on
   * the command line)" when the message starts with a key; a message that names options itself
   * keeps its own advice, and a value given as an option ("--lora-rank: lora_rank must be ...") needs none.
   */
  private String withSource(String message, Map<String, String> sources) {
    int end = 0;
    while (end < message.length() && (Character.isLetterOrDigit(message.charAt(end)) || message.charAt(end) == '_')) {
      end++;
    }
    Key key = keys.get(message.substring(0, end));
    if (key == null) {
      return message;
    }
    String source = sources.getOrDefault(key.name(), "default");
    // A value given as the option itself needs no advice on where to change it.
    boolean fromOption = source.startsWith("--");
    String hint = fromOption || message.contains(" --") ? "" : " (set " + key.name() + ": in the config file or "
        + key.option() + " on the command line)";
    return source + ": " + message + hint;
  }

  private static JsonNode scalar(Class<?> type, String text) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    try {
      if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
        return f.numberNode(Long.parseLong(text.strip()));
      }
      if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
        return f.numberNode(Double.parseDouble(text.strip()));
      }
    } catch (NumberFormatException e) {
      return f.textNode(text); // the binding then says what was expected
    }
    if ((type == boolean.class || type == Boolean.class) && (text.equals("true") || text.equals("false"))) {
      return f.booleanNode(Boolean.parseBoolean(text));
    }
    return f.textNode(text);
  }

  private static void overlay(ObjectNode tree, String yaml, String where) {
    if (yaml.isBlank()) {
      return;
    }
    try {
      JsonNode node = YAML_TEXT.readTree(yaml);
      if (!(node instanceof ObjectNode object)) {
        throw new IllegalStateException(where + ": not a mapping of key: value lines");
      }
      tree.setAll(object);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(where + ": " + e.getOriginalMessage(), e);
    }
  }

  private static JsonNode parse(String yaml, String name) {
    try {
      JsonNode node = YAML_TEXT.readTree(name + ": " + yaml);
      return node.get(name);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("default of " + name + ": " + e.getOriginalMessage(), e);
    }
  }

  private static Object read(RecordComponent c, Object record) {
    try {
      return c.getAccessor().invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Object empty(Class<?> type) {
    if (type == boolean.class) {
      return false;
    }
    if (type == int.class) {
      return 0;
    }
    if (type == long.class) {
      return 0L;
    }
    if (type == double.class) {
      return 0.0;
    }
    if (type == float.class) {
      return 0f;
    }
    return null;
  }

  static Class<?> valueType(Type type) {
    if (type instanceof ParameterizedType p) {
      Type[] args = p.getActualTypeArguments();
      return valueType(args[args.length - 1]);
    }
    return type instanceof Class<?> c ? c : Object.class;
  }

  /** {@code a, b, c}: an enum's YAML spellings. */
  public static String choices(Class<?> enumType) {
    return Arrays.stream(enumType.getEnumConstants()).map(k -> MAPPER.valueToTree(k).asText())
        .collect(Collectors.joining(", "));
  }

  private static String expected(Type type) {
    Class<?> c = valueType(type);
    if (type instanceof ParameterizedType) {
      return c.isEnum() ? "a list of " + choices(c) + " like [a, b]" : "a list like [a, b]";
    }
    if (c.isEnum()) {
      return "one of " + choices(c);
    }
    if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
      return "an integer";
    }
    if (c == double.class || c == Double.class || c == float.class || c == Float.class) {
      return "a number";
    }
    if (c == boolean.class || c == Boolean.class) {
      return "true or false";
    }
    return "a string";
  }

  static String snake(String camel) {
    return PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(camel);
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
