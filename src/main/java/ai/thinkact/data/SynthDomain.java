package ai.thinkact.data;

/** Which simulated business {@code thinkact data synth} writes conversations for. */
public enum SynthDomain {
  RETAIL,
  AIRLINE,
  /** Each conversation picks retail or airline at random. */
  BOTH
}
