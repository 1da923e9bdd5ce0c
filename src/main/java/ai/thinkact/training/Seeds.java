package ai.thinkact.training;

import java.util.Random;

/**
 * Random streams derived from the run seed and a position, so a resumed run draws exactly what
 * an uninterrupted one would without saving any generator state: the shuffle of epoch e uses
 * {@code derive(seed, SHUFFLE, e)}, the dropout / sampling of optimizer step s uses
 * {@code derive(seed, STEP, s)} (e.g. {@code Engine.getInstance().setRandomSeed((int) ...)} and a
 * {@code new Random(...)} at the start of each step). A checkpoint then needs only the seed,
 * the step and the data position (see {@link TrainerState}).
 */
public final class Seeds {

  /** Stream of per-epoch data shuffles. */
  public static final long SHUFFLE = 1;
  /** Stream of per-step randomness: dropout masks, GRPO sampling. */
  public static final long STEP = 2;
  /** Stream of parameter initialisation (LoRA A). */
  public static final long INIT = 3;
  /** The words a sampled softmax draws at step N. */
  public static final long SOFTMAX_SAMPLES = 4;

  private Seeds() {}

  /** A well-mixed 64-bit seed for ({@code seed}, {@code stream}, {@code index}) (SplitMix64 finaliser). */
  public static long derive(long seed, long stream, long index) {
    long z = seed;
    z = mix(z + 0x9E3779B97F4A7C15L * (stream + 1));
    z = mix(z + 0x9E3779B97F4A7C15L * (index + 1));
    return z;
  }

  /** {@code new Random(derive(seed, stream, index))}. */
  public static Random random(long seed, long stream, long index) {
    return new Random(derive(seed, stream, index));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
