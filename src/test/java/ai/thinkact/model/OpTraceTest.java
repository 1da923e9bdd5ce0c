package ai.thinkact.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Self times and top-level time from a hand-written trace: nesting, backward events, two threads. */
class OpTraceTest {

  /**
   * Thread 1: a linear holding t (holding transpose), addmm and a copy_ that ends exactly where
   * the linear ends; a top-level mm; a backward function holding MmBackward0 holding an mm.
   * Thread 2: an mm that overlaps thread 1's linear in time but is not inside it. Events are out of
   * order, and an instant event ("ph": "i") is not an op.
   */
  private static final String TRACE = """
      [
       {"name": "aten::mm", "ph": "X", "ts": 305.0, "dur": 50.0, "tid": 1, "pid": "CPU Functions"},
       {"name": "aten::linear", "ph": "X", "ts": 0.0, "dur": 100.0, "tid": 1, "pid": "CPU Functions"},
       {"name": "aten::mm", "ph": "X", "ts": 5.0, "dur": 30.0, "tid": 2, "pid": "CPU Functions"},
       {"name": "aten::t", "ph": "X", "ts": 1.0, "dur": 4.0, "tid": 1, "pid": "CPU Functions"},
       {"name": "aten::transpose", "ph": "X", "ts": 2.0, "dur": 2.0, "tid": 1, "pid": "CPU Functions"},
       {"name": "aten::addmm", "ph": "X", "ts": 10.0, "dur": 80.0, "tid": 1, "pid": "CPU Functions"},
       {"name": "aten::copy_", "ph": "X", "ts": 90.0, "dur": 10.0, "tid": 1, "pid": "CPU Functions"},
       {"name": "marker", "ph": "i", "ts": 50.0, "tid": 1, "pid": "CPU Functions"},
       {"name": "aten::mm", "ph": "X", "ts": 200.0, "dur": 50.0, "tid": 1, "pid": "CPU Functions"},
       {"name": "MmBackward0", "ph": "X", "ts": 302.0, "dur": 55.0, "tid": 1, "pid": "CPU Functions"},
       {"name": "autograd::engine::evaluate_function: MmBackward0", "ph": "X", "ts": 300.0, "dur": 60.0, "tid": 1,
        "pid": "CPU Functions"}
      ]
      """;

  @Test
  void selfTimeIsDurationMinusDirectChildrenOnTheSameThread() throws Exception {
    OpTrace trace = OpTrace.parse(new ObjectMapper().readTree(TRACE));
    assertEquals(List.of(
        new OpTrace.Op("aten::mm", 3, 130e-6), // 50 + 50 on thread 1, 30 on thread 2
        new OpTrace.Op("aten::addmm", 1, 80e-6),
        new OpTrace.Op("aten::copy_", 1, 10e-6),
        new OpTrace.Op("aten::linear", 1, 6e-6), // 100 - (4 + 80 + 10): not minus transpose, a grandchild
        new OpTrace.Op("MmBackward0", 1, 5e-6),
        new OpTrace.Op("autograd::engine::evaluate_function: MmBackward0", 1, 5e-6),
        new OpTrace.Op("aten::t", 1, 2e-6),
        new OpTrace.Op("aten::transpose", 1, 2e-6)), rounded(trace.ops()));
    assertEquals(240e-6, trace.opSeconds(), 1e-12); // linear 100 + mm 50 + backward 60 on thread 1, mm 30 on thread 2
    assertEquals(4, trace.topLevelCalls());
    assertEquals(10, trace.calls());
    assertEquals(trace.opSeconds(), trace.ops().stream().mapToDouble(OpTrace.Op::selfSeconds).sum(), 1e-12);
    assertEquals(2, trace.top(2).size());
  }

  @Test
  void readsTheObjectFormToo() throws Exception {
    OpTrace trace = OpTrace.parse(new ObjectMapper().readTree("{\"traceEvents\": " + TRACE + "}"));
    assertEquals(10, trace.calls());
    assertEquals(4, trace.topLevelCalls());
  }

  /** Self seconds to whole nanoseconds, so the expected list compares exactly. */
  private static List<OpTrace.Op> rounded(List<OpTrace.Op> ops) {
    return ops.stream().map(op -> new OpTrace.Op(op.name(), op.calls(), Math.round(op.selfSeconds() * 1e9) / 1e9)).toList();
  }
}
