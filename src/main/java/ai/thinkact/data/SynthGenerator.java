package ai.thinkact.data;

import ai.thinkact.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The synthetic world's entry point ({@code thinkact data synth}): APIGen-MT-format
 * conversations from a simulated shop and airline, and cold-start samples with reasoning.
 * Everything is drawn from the one {@link Random} passed in, so a seed fixes the output.
 */
public final class SynthGenerator {
  private SynthGenerator() {}

  /** {@code n} conversations, ids {@code synth-<domain>-00001...}; with BOTH each picks a domain at random. */
  public static List<Conversation> conversations(SynthDomain domain, int n, Random random) {
    SynthRetail retail = new SynthRetail(random);
    SynthAirline airline = new SynthAirline();
    List<Conversation> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      boolean isRetail = domain == SynthDomain.RETAIL || (domain == SynthDomain.BOTH && random.nextBoolean());
      String source = isRetail ? "synth-retail" : "synth-airline";
      List<Turn> turns = isRetail ? retail.conversation(random) : airline.conversation(random);
      out.add(new Conversation(
          String.format("%s-%05d", source, i),
          source,
          isRetail ? SynthRetail.SYSTEM : SynthAirline.SYSTEM,
          isRetail ? SynthSchemas.retail() : SynthSchemas.airline(),
          turns));
    }
    return out;
  }

  /** Share of answers among the cold-start samples (APIGen-MT-5k targets are roughly half answers). */
  static final double ANSWER_SHARE = 0.4;

  /**
   * Up to {@code k} cold-start samples (each with its reasoning) cut from the conversations:
   * {@link #ANSWER_SHARE} of them answers, the rest tool calls drawn round-robin from one bucket
   * per tool name, so every tool appears.
   */
  public static List<Sample> reasoningSamples(List<Conversation> conversations, int k, Random random) {
    List<Sample> all = new ArrayList<>();
    for (Conversation conversation : conversations) {
      all.addAll(Decomposer.decompose(conversation));
    }
    java.util.Collections.shuffle(all, random);
    List<Sample> answers = new ArrayList<>();
    Map<String, List<Sample>> byTool = new LinkedHashMap<>();
    for (Sample sample : all) {
      if (sample.target() instanceof Target.ToolCallTarget call) {
        byTool.computeIfAbsent(call.name(), x -> new ArrayList<>()).add(sample);
      } else {
        answers.add(sample);
      }
    }
    List<Sample> chosen = new ArrayList<>(answers.subList(0, Math.min(answers.size(), (int) Math.round(k * ANSWER_SHARE))));
    for (int round = 0; chosen.size() < k; round++) {
      boolean any = false;
      for (List<Sample> bucket : byTool.values()) {
        if (round < bucket.size() && chosen.size() < k) {
          chosen.add(bucket.get(round));
          any = true;
        }
      }
      if (!any) {
        break;
      }
    }
    java.util.Collections.shuffle(chosen, random);
    return chosen;
  }

  /** Writes conversations as an APIGen-MT JSON array, one record per line, atomically. */
  public static void writeConversations(Path file, List<Conversation> conversations) throws IOException {
    AtomicFiles.writeText(
        file,
        out -> {
          out.write("[\n");
          for (int i = 0; i < conversations.size(); i++) {
            out.write(Json.MAPPER.writeValueAsString(ApigenFormat.toRecord(conversations.get(i))));
            out.write(i + 1 < conversations.size() ? ",\n" : "\n");
          }
          out.write("]\n");
        });
  }
}
