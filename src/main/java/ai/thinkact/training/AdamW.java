package ai.thinkact.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * {@code torch.optim.AdamW} (decoupled weight decay, no amsgrad) over a fixed list of parameters,
 * updating them in place. Per step k (from 1), for each parameter p with gradient g:
 *
 * <pre>
 * p = p * (1 - lr * weightDecay)
 * m = beta1 m + (1 - beta1) g ;  v = beta2 v + (1 - beta2) g^2
 * p = p - (lr / (1 - beta1^k)) * m / (sqrt(v) / sqrt(1 - beta2^k) + eps)
 * </pre>
 *
 * <p>State (m, v, step) lives in this optimizer's own manager and can be saved and loaded for
 * resumable checkpoints. Memory: every temporary of a step is made in a sub-manager that closes
 * at the end of the step; constants are created first so that results land there and not in the
 * parameters' long-lived manager (a DJL result lands in its first operand's manager). Not thread-safe.
 */
public final class AdamW implements AutoCloseable {
  private static final int STATE_FORMAT = 1;

  private final List<NDArray> parameters;
  private final AdamWConfig config;
  private final NDManager stateManager;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private long step;

  /** Creates zero moments for every parameter; the parameters are updated in place. */
  public AdamW(List<NDArray> parameters, AdamWConfig config) {
    this.parameters = List.copyOf(parameters);
    this.config = Objects.requireNonNull(config, "config");
    this.stateManager = NDManager.newBaseManager(this.parameters.isEmpty() ? null : this.parameters.get(0).getDevice());
    for (NDArray p : this.parameters) {
      firstMoments.add(stateManager.zeros(p.getShape(), p.getDataType())); // p's shape
      secondMoments.add(stateManager.zeros(p.getShape(), p.getDataType())); // p's shape
    }
  }

  public AdamWConfig config() {
    return config;
  }

  /** A scope for a step's temporaries, on the optimizer state's device. */
  NDManager newScope() {
    return stateManager.newSubManager();
  }

  /** Number of steps taken (torch's {@code state["step"]}). */
  public long stepCount() {
    return step;
  }

  /** One update with the gradients autograd accumulated on the parameters (missing = skipped). */
  public void step(double learningRate) {
    try (NDManager scope = stateManager.newSubManager()) {
      step(learningRate, gradients(scope));
    }
  }

  /** Handles on the accumulated gradients, in parameter order, null where a parameter has none; they close with {@code scope}. */
  List<NDArray> gradients(NDManager scope) {
    List<NDArray> gradients = new ArrayList<>();
    for (NDArray p : parameters) {
      NDArray g = p.hasGradient() ? p.getGradient() : null; // a new handle on p's gradient
      if (g != null) {
        g.attach(scope); // the handle, not the gradient, closes with the scope
      }
      gradients.add(g);
    }
    return gradients;
  }

  /**
   * One update with explicit gradients, {@code gradients.get(i)} for parameter i ({@code null}:
   * that parameter is left alone this step, like torch's {@code grad is None}).
   */
  public void step(double learningRate, List<NDArray> gradients) {
    if (gradients.size() != parameters.size()) {
      throw new IllegalArgumentException(gradients.size() + " gradients for " + parameters.size() + " parameters");
    }
    step++;
    double biasCorrection1 = 1 - Math.pow(config.beta1(), step);
    double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(config.beta2(), step));
    try (NDManager scope = stateManager.newSubManager()) {
      for (int i = 0; i < parameters.size(); i++) {
        NDArray g = gradients.get(i);
        if (g == null) {
          continue;
        }
        NDArray p = parameters.get(i);
        NDArray m = firstMoments.get(i);
        NDArray v = secondMoments.get(i);
        Scalars c = new Scalars(scope, p);
        // decoupled weight decay, then the moments (in place)
        if (config.weightDecay() != 0) {
          p.muli(c.of(1 - learningRate * config.weightDecay()));
        }
        // Each temporary is reused in place: an embedding-sized parameter makes every one of them
        // tens of MB, and the arithmetic (and its rounding) stays torch's, operation for operation.
        m.muli(c.of(config.beta1())).addi(c.of(1 - config.beta1()).mul(g)); // p's shape
        NDArray gradSquared = c.of(1 - config.beta2()).mul(g).muli(g); // p's shape, in scope (constant first)
        v.muli(c.of(config.beta2())).addi(gradSquared);
        // p -= step_size * m / (sqrt(v) / sqrt(bc2) + eps)
        NDArray denominator = v.sqrt(); // p's shape; lands in v's manager, so move it to the scope
        denominator.attach(scope);
        denominator.divi(c.of(biasCorrection2Sqrt)).addi(c.of(config.eps()));
        NDArray update = c.of(learningRate / biasCorrection1).mul(m).divi(denominator); // p's shape
        p.subi(update);
      }
    }
  }

  /**
   * Zeroes the accumulated gradients of the parameters (autograd accumulates across backward
   * passes; {@code GradientCollector.zeroGradients} only sees the system manager).
   */
  public void zeroGradients() {
    for (NDArray p : parameters) {
      if (!p.hasGradient()) {
        continue;
      }
      if (p instanceof PtNDArray pt) {
        JniUtils.zeroGrad(pt);
      } else {
        try (NDArray g = p.getGradient()) {
          g.subi(g);
        }
      }
    }
  }

  /** Writes step, m and v to {@code file} (temp file, then rename). */
  public void save(Path file) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp));
        DataOutputStream out = new DataOutputStream(raw)) {
      out.writeInt(STATE_FORMAT);
      out.writeLong(step);
      out.writeInt(parameters.size());
      NDList state = new NDList();
      state.addAll(firstMoments);
      state.addAll(secondMoments);
      state.encode(out);
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * Restores step, m and v saved by {@link #save} for the same parameter list.
   *
   * @throws IOException when the file is unreadable or was saved for other parameters
   */
  public void load(Path file) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        DataInputStream in = new DataInputStream(raw)) {
      int format = in.readInt();
      if (format != STATE_FORMAT) {
        throw new IOException(file + ": unknown optimizer state format " + format);
      }
      long savedStep = in.readLong();
      int count = in.readInt();
      if (count != parameters.size()) {
        throw new IOException(file + ": optimizer state for " + count + " parameters, this run has " + parameters.size());
      }
      try (NDManager loading = stateManager.newSubManager()) {
        NDList state = NDList.decode(loading, in);
        for (int i = 0; i < count; i++) {
          copyChecked(file, "m", i, state.get(i), firstMoments.get(i));
          copyChecked(file, "v", i, state.get(count + i), secondMoments.get(i));
        }
      }
      step = savedStep;
    }
  }

  private static void copyChecked(Path file, String what, int index, NDArray saved, NDArray target) throws IOException {
    if (!saved.getShape().equals(target.getShape())) {
      throw new IOException(file + ": " + what + "[" + index + "] has shape " + saved.getShape()
          + ", the parameter has " + target.getShape());
    }
    try (NDArray converted = saved.toType(target.getDataType(), true)) {
      converted.copyTo(target);
    }
  }

  /** Frees m and v. */
  @Override
  public void close() {
    stateManager.close();
  }

  /** 0-d constants of the parameter's dtype, in the step's scope. */
  private record Scalars(NDManager scope, NDArray like) {
    NDArray of(double value) {
      return scope.create(value).toType(like.getDataType(), false); // ()
    }
  }
}
