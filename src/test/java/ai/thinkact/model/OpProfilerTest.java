package ai.thinkact.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libtorch's profiler through DJL: a real product shows up in the trace, which is kept whole under its name. */
class OpProfilerTest {
  @TempDir Path dir;

  @Test
  void profilesTheOpsOfTheWork() throws Exception {
    OpProfiler profiler = new OpProfiler(dir.resolve("profile"));
    try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
      NDArray a = manager.randomNormal(new Shape(64, 64)); // (64, 64)
      NDArray b = manager.randomNormal(new Shape(64, 64)); // (64, 64)
      OpProfile p = profiler.profile("matmul", () -> {
        for (int i = 0; i < 3; i++) {
          a.matMul(b).add(a).close(); // (64, 64)
        }
      });
      assertEquals("matmul", p.section());
      List<String> names = p.trace().ops().stream().map(OpTrace.Op::name).toList();
      assertTrue(names.contains("aten::mm") || names.contains("aten::matmul"), names.toString());
      assertTrue(names.contains("aten::add"), names.toString());
      OpTrace.Op add = p.trace().ops().stream().filter(op -> op.name().equals("aten::add")).findFirst().orElseThrow();
      assertEquals(3, add.calls());
      assertTrue(p.trace().topLevelCalls() >= 6 && p.trace().calls() >= p.trace().topLevelCalls(), p.toString());
      assertTrue(p.trace().opSeconds() > 0 && p.trace().opSeconds() <= p.wallSeconds(), p.toString());
      assertTrue(p.outsideSeconds() >= 0, p.toString());
    }
    try (Stream<Path> files = Files.list(dir.resolve("profile"))) {
      assertEquals(List.of("matmul.trace.json"), files.map(f -> f.getFileName().toString()).toList(), "no temporary left");
    }
  }
}
