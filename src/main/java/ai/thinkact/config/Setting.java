package ai.thinkact.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a record component a setting: its default and its one-line doc live here, its check in
 * the record's constructor ({@link Checks}). Everything else is derived from it: the YAML key (the
 * component's name in snake_case), the command-line option (kebab-case, with this doc and default
 * in {@code --help}), the resolved {@code config.yaml}. See {@link Settings}.
 *
 * <pre>{@code
 * @Setting(value = "2e-4", doc = "Peak AdamW learning rate.") double learningRate
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Setting {

  /** The default, written as in YAML: {@code 16}, {@code 2e-4}, {@code cosine}, {@code [q_proj, v_proj]}, {@code null}. */
  String value();

  /** What the setting does, one sentence (shown by {@code --help}); cite the paper or TRL where the default comes from. */
  String doc();

  /** The key when it is not the component's name in snake_case ({@code lora_rank} for {@code LoraConfig.rank}). */
  String key() default "";

  /** The option's placeholder in {@code --help} ({@code N}, {@code LR}, {@code DIR}); derived from the type when empty. */
  String label() default "";

  /** Further option names, e.g. {@code --reranker} for {@code --reranker-path}. */
  String[] aliases() default {};
}
