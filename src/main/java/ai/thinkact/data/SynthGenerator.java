package ai.thinkact.data;

import ai.thinkact.io.AtomicFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The synthetic world's entry point ({@code thinkact data synth}): conversations from a simulated
 * shop and airline, written in exactly the shape of APIGen-MT-5k's records ({@link
 * ApigenFormat#toRecord}): tools as a JSON string of bare specs, the think pseudo-tool listed,
 * the policy under the real file's heading, no id or domain field.
 * Everything is drawn from the one {@link Random} passed in, so a seed fixes the output.
 */
public final class SynthGenerator {
  private SynthGenerator() {}

  /**
   * {@code n} conversations, ids {@code synth-<domain>-00001...}; with BOTH each picks a domain at
   * random. A share {@code thinkShare} of the agent's actions is preceded by a call of the
   * {@code think} pseudo-tool, as in APIGen-MT-5k (whose tool lists include it).
   */
  public static List<Conversation> conversations(SynthDomain domain, int n, double thinkShare, Random random) {
    if (!(thinkShare >= 0 && thinkShare <= 1)) {
      throw new IllegalArgumentException("think share must be within [0, 1], got " + thinkShare);
    }
    SynthRetail retail = new SynthRetail(random, thinkShare);
    SynthAirline airline = new SynthAirline(thinkShare);
    List<Conversation> out = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      boolean isRetail = domain == SynthDomain.RETAIL || (domain == SynthDomain.BOTH && random.nextBoolean());
      String source = isRetail ? "synth-retail" : "synth-airline";
      List<Turn> turns = isRetail ? retail.conversation(random) : airline.conversation(random);
      out.add(new Conversation(
          String.format("%s-%05d", source, i),
          source,
          isRetail ? Domains.RETAIL : Domains.AIRLINE,
          isRetail ? SynthRetail.SYSTEM : SynthAirline.SYSTEM,
          withThink(isRetail ? SynthSchemas.retail() : SynthSchemas.airline()),
          turns));
    }
    return out;
  }

  private static List<ObjectNode> withThink(List<ObjectNode> tools) {
    List<ObjectNode> all = new ArrayList<>(tools);
    all.add(ThinkTool.schema());
    return all;
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
