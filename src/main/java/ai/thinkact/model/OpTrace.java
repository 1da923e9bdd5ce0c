package ai.thinkact.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a libtorch profiler trace says about where time went: per operator name, the calls and the
 * self time (an event's duration minus that of the events directly inside it on the same thread),
 * and the time spent inside top-level ops (events inside no other). The trace is the Chrome-trace
 * JSON array {@link OpProfiler} writes: complete events {@code {"name", "ph": "X", "ts", "dur",
 * "tid", ...}}, microseconds. Events nest: {@code aten::linear} holds {@code aten::matmul} holds
 * {@code aten::mm}; backward shows as {@code autograd::engine::evaluate_function: MmBackward0}
 * holding {@code MmBackward0} holding aten ops.
 *
 * @param opSeconds summed duration of the top-level events: time inside libtorch
 * @param topLevelCalls events inside no other (the calls that crossed from Java, plus autograd's)
 * @param calls all events, nested ones included
 * @param ops one entry per operator name, largest self time first
 */
public record OpTrace(double opSeconds, int topLevelCalls, int calls, List<Op> ops) {

  /** One operator name over the trace. */
  public record Op(String name, int calls, double selfSeconds) {}

  /**
   * Slack when deciding whether one event lies inside another: the trace prints times rounded to
   * 0.1 µs or so, and a child that ends where its parent ends may then appear to end just after.
   */
  private static final double NEST_SLACK_US = 0.01;

  public OpTrace {
    ops = List.copyOf(ops);
  }

  /** The {@code n} operators of largest self time. */
  public List<Op> top(int n) {
    return ops.subList(0, Math.min(n, ops.size()));
  }

  /** Reads a trace file. */
  public static OpTrace read(Path trace) throws IOException {
    return parse(new ObjectMapper().readTree(trace.toFile()));
  }

  /**
   * Parses a trace: a JSON array of events, or an object with a {@code traceEvents} array (the
   * other form Chrome traces come in). Events other than complete ones ({@code ph} "X") are skipped.
   */
  public static OpTrace parse(JsonNode root) {
    JsonNode events = root.isArray() ? root : root.path("traceEvents");
    Map<String, List<Event>> byThread = new LinkedHashMap<>();
    for (JsonNode e : events) {
      if (!"X".equals(e.path("ph").asText()) || !e.has("ts") || !e.has("dur")) {
        continue;
      }
      // pid and tid together name a thread; both may be numbers or strings.
      String thread = e.path("pid").asText() + "/" + e.path("tid").asText();
      byThread.computeIfAbsent(thread, t -> new ArrayList<>())
          .add(new Event(e.path("name").asText(), e.get("ts").asDouble(), e.get("dur").asDouble()));
    }
    Map<String, double[]> perOp = new LinkedHashMap<>(); // name -> {calls, self µs}
    double topLevelUs = 0;
    int topLevel = 0;
    int calls = 0;
    for (List<Event> thread : byThread.values()) {
      nest(thread);
      for (Event e : thread) {
        calls++;
        if (e.parent == null) {
          topLevel++;
          topLevelUs += e.dur;
        }
        double[] op = perOp.computeIfAbsent(e.name, n -> new double[2]);
        op[0]++;
        op[1] += Math.max(0, e.dur - e.childrenUs);
      }
    }
    List<Op> ops = new ArrayList<>();
    perOp.forEach((name, v) -> ops.add(new Op(name, (int) v[0], v[1] / 1e6)));
    ops.sort(Comparator.comparingDouble(Op::selfSeconds).reversed().thenComparing(Op::name));
    return new OpTrace(topLevelUs / 1e6, topLevel, calls, ops);
  }

  /**
   * Sets each event's parent (the innermost event of the thread that holds it) and adds its
   * duration to that parent's children: events sorted by start, outer before inner at equal
   * starts, walked with a stack of the events still open.
   */
  private static void nest(List<Event> thread) {
    thread.sort(Comparator.comparingDouble((Event e) -> e.ts).thenComparing(Comparator.comparingDouble((Event e) -> e.dur).reversed()));
    Deque<Event> open = new ArrayDeque<>();
    for (Event e : thread) {
      while (!open.isEmpty() && !open.peek().holds(e)) {
        open.pop();
      }
      if (!open.isEmpty()) {
        e.parent = open.peek();
        e.parent.childrenUs += e.dur;
      }
      open.push(e);
    }
  }

  /** One complete event while nesting; times in microseconds. */
  private static final class Event {
    final String name;
    final double ts;
    final double dur;
    Event parent;
    double childrenUs;

    Event(String name, double ts, double dur) {
      this.name = name;
      this.ts = ts;
      this.dur = dur;
    }

    boolean holds(Event other) {
      return other.ts >= ts - NEST_SLACK_US && other.ts + other.dur <= ts + dur + NEST_SLACK_US;
    }
  }
}
