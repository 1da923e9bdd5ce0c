package ai.thinkact.cli;

import ai.thinkact.config.ConfigLoader;
import ai.thinkact.config.Setting;
import ai.thinkact.config.Settings;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code --config FILE} and one option per setting of a config record, derived from its
 * {@link Setting} declarations as {@code HfArgumentParser} derives flags from dataclasses: the key
 * {@code learning_rate} becomes {@code --learning-rate}, with the setting's doc and this command's
 * default in {@code --help}. An option not given keeps the YAML value, or the default.
 *
 * <p>A command that has such options implements {@link Configured} and names {@link Transformer}
 * as its picocli model transformer, which adds the options when picocli builds the command.
 */
public final class ConfigOptions<T extends Record> {

  /** A command whose options include those of a config record. */
  public interface Configured {
    ConfigOptions<?> configOptions();
  }

  /**
   * Adds the options of {@link Configured#configOptions()} to the command being built: the
   * command's own, or a mixin's ({@link ComputeOptions}; picocli runs a mixin's transformer on the
   * command that mixes it in).
   */
  public static final class Transformer implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      if (spec.userObject() instanceof Configured command) {
        command.configOptions().addTo(spec);
      }
      addMixedIn(spec, spec);
      return spec;
    }

    /** The options of {@code from}'s mixins, and of theirs ({@link ComputeOptions} inside {@link ModelOptions}). */
    private static void addMixedIn(CommandSpec from, CommandSpec spec) {
      for (CommandSpec mixin : from.mixins().values()) {
        if (mixin.userObject() instanceof Configured part) {
          part.configOptions().addTo(spec);
        }
        addMixedIn(mixin, spec);
      }
    }
  }

  private final Settings<T> settings;
  private final T defaults;
  private final String configHelp;
  private final Map<String, List<String>> given = new LinkedHashMap<>();
  private Path configFile;

  /**
   * @param defaults this command's defaults (shown in {@code --help}, and where YAML and options start)
   * @param configHelp what {@code --config} reads, e.g. {@code configs/sft.yaml}; null: no {@code --config}
   */
  public ConfigOptions(T defaults, String configHelp) {
    @SuppressWarnings("unchecked")
    Class<T> type = (Class<T>) defaults.getClass();
    this.settings = Settings.of(type);
    this.defaults = defaults;
    this.configHelp = configHelp;
  }

  /** The YAML file given with {@code --config}, or null. */
  public Path configFile() {
    return configFile;
  }

  /** The defaults, then {@code --config}, then the options given on the command line. */
  public T resolve() {
    Map<String, Object> overrides = new LinkedHashMap<>();
    given.forEach((name, texts) -> overrides.put(name, optionValue(name, texts)));
    return ConfigLoader.load(configFile, defaults, overrides);
  }

  private JsonNode optionValue(String name, List<String> texts) {
    return settings.optionValue(settings.key(name), texts);
  }

  void addTo(CommandSpec spec) {
    if (configHelp != null) {
      spec.addOption(OptionSpec.builder("--config").paramLabel("FILE").type(Path.class)
          .description("YAML run config (" + configHelp + "); the options below override it.")
          .setter(new Setter(value -> configFile = (Path) value)).getter(new Getter(() -> configFile)).build());
    }
    JsonNode defaultTree = settings.toTree(defaults);
    for (Settings.Key key : settings.keys()) {
      Setting setting = key.setting();
      List<String> names = new ArrayList<>(List.of(key.option()));
      names.addAll(List.of(setting.aliases()));
      JsonNode value = defaultTree.get(key.name());
      String shown = value == null || value.isNull() ? "" : " (default: " + shownDefault(value) + ")";
      OptionSpec.Builder option = OptionSpec.builder(names.toArray(String[]::new))
          .paramLabel(label(key))
          .description(setting.doc() + shown)
          .hasInitialValue(false)
          .setter(new Setter(text -> {
            if (text != null) {
              given.computeIfAbsent(key.name(), k -> new ArrayList<>()).add((String) text);
            }
          }))
          .getter(new Getter(() -> null));
      if (key.isList()) {
        option.type(List.class).auxiliaryTypes(String.class).splitRegex(",")
            .setter(new Setter(texts -> {
              @SuppressWarnings("unchecked")
              List<String> list = (List<String>) texts;
              if (list != null) {
                given.put(key.name(), new ArrayList<>(list));
              }
            }));
      } else {
        option.type(String.class);
        Class<?> type = key.valueType();
        if (type == boolean.class || type == Boolean.class) {
          option.arity("0..1").fallbackValue("true");
        }
      }
      spec.addOption(option.build());
    }
  }

  private static String label(Settings.Key key) {
    Setting setting = key.setting();
    if (!setting.label().isEmpty()) {
      return setting.label();
    }
    Class<?> type = key.valueType();
    if (type.isEnum()) {
      return Settings.choices(type).replace(", ", "|");
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true|false";
    }
    return type == double.class || type == Double.class ? "X" : "VALUE";
  }

  private static String shownDefault(JsonNode value) {
    if (value.isArray()) {
      List<String> items = new ArrayList<>();
      value.forEach(v -> items.add(v.asText()));
      return String.join(",", items);
    }
    return value.asText();
  }

  private record Setter(java.util.function.Consumer<Object> consumer) implements ISetter {
    @Override
    public <V> V set(V value) {
      consumer.accept(value);
      return null;
    }
  }

  private record Getter(java.util.function.Supplier<Object> supplier) implements IGetter {
    @Override
    @SuppressWarnings("unchecked")
    public <V> V get() {
      return (V) supplier.get();
    }
  }
}
