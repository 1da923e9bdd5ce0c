package ai.thinkact.eval;

import ai.thinkact.model.OpProfile;
import ai.thinkact.model.OpTrace;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/**
 * {@code profile.md} of {@code thinkact bench --profile} (and its {@code profile} entry in
 * {@code --json}): per workload, one summary line (profiled and unprofiled wall time, time inside
 * and outside libtorch ops, op counts) and the operators of largest self time.
 */
public final class ProfileReport {
  /** The report's name inside the profile directory. */
  public static final String FILE = "profile.md";
  /** Operators listed per workload. */
  static final int TOP_OPS = 15;

  private ProfileReport() {}

  static String markdown(BenchResult timed, List<BenchProfile.Section> sections) {
    StringBuilder md = new StringBuilder();
    md.append("# Operator profile of `thinkact bench`\n\n");
    md.append(String.format(Locale.ROOT, "Preset %s%s, %d CPUs, OMP_NUM_THREADS %s, load average %.2f -> %.2f during"
        + " the timed runs.%n%n", timed.preset(), timed.quick() ? " (quick: figures mean nothing)" : "",
        timed.processors(), timed.ompNumThreads(), timed.loadAverageBefore(), timed.loadAverageAfter()));
    md.append("One run of each workload under libtorch's profiler, after the timed runs. *Profiled* is that run's"
        + " wall time, *unprofiled* the bench's median for the same work: the difference is the profiler's cost"
        + " (an event per op). *Inside ops* sums the top-level libtorch ops (those called from Java or by"
        + " autograd); *outside* is the rest of the wall time: Java, JNI crossings, allocation, GC and the"
        + " profiler's own bookkeeping. *Self ms* is an op's time minus that of the ops it called, summed over"
        + " its calls; *µs/call* that over the calls; *share* the self time over the profiled wall time. Each trace (`<name>.trace.json`) opens in chrome://tracing"
        + " or https://ui.perfetto.dev.\n");
    for (BenchProfile.Section s : sections) {
      OpProfile p = s.profile();
      OpTrace t = p.trace();
      md.append("\n## ").append(s.title()).append("\n\n");
      md.append(String.format(Locale.ROOT, "Trace `%s.trace.json`. Profiled %,.1f ms, unprofiled %,.1f ms; inside ops"
          + " %,.1f ms (%.1f%%), outside %,.1f ms (%.1f%%); %,d top-level op calls, %,d in all.%n", p.section(),
          1000 * p.wallSeconds(), 1000 * s.unprofiledSeconds(), 1000 * t.opSeconds(), 100 * p.share(t.opSeconds()),
          1000 * p.outsideSeconds(), 100 * p.share(p.outsideSeconds()), t.topLevelCalls(), t.calls()));
      for (String note : s.notes()) {
        md.append('\n').append(note).append('\n');
      }
      md.append("\n| op | calls | self ms | µs/call | share |\n| --- | ---: | ---: | ---: | ---: |\n");
      for (OpTrace.Op op : t.top(TOP_OPS)) {
        md.append(String.format(Locale.ROOT, "| `%s` | %,d | %,.2f | %,.1f | %.1f%% |%n", op.name().replace("|", "\\|"),
            op.calls(), 1000 * op.selfSeconds(), 1e6 * op.selfSeconds() / op.calls(), 100 * p.share(op.selfSeconds())));
      }
    }
    return md.toString();
  }

  /** The {@code profile} array of {@code bench --json}: the same figures, seconds unrounded. */
  static void json(ArrayNode out, List<BenchProfile.Section> sections) {
    for (BenchProfile.Section s : sections) {
      OpProfile p = s.profile();
      OpTrace t = p.trace();
      ObjectNode node = out.addObject()
          .put("section", p.section())
          .put("title", s.title())
          .put("profiled_s", p.wallSeconds())
          .put("unprofiled_s", s.unprofiledSeconds())
          .put("inside_ops_s", t.opSeconds())
          .put("outside_ops_s", p.outsideSeconds())
          .put("top_level_calls", t.topLevelCalls())
          .put("calls", t.calls());
      ArrayNode ops = node.putArray("top_ops");
      for (OpTrace.Op op : t.top(TOP_OPS)) {
        ops.addObject().put("name", op.name()).put("calls", op.calls()).put("self_s", op.selfSeconds());
      }
    }
  }
}
