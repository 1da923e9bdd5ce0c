package ai.thinkact.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A record component that is itself a record of settings, whose keys are written at the top level
 * of the enclosing config (YAML stays flat: {@code learning_rate: 2e-4}, not nested). The shared
 * {@code TrainingArguments} of every trainer, {@code LoraConfig}, {@code RewardConfig} are such groups.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface SettingGroup {

  /**
   * This config's defaults where they differ from the group's own, as YAML lines
   * {@code key: value  # where it comes from}, as TRL's {@code SFTConfig} redeclares the
   * {@code learning_rate} of {@code TrainingArguments}.
   */
  String defaults() default "";
}
