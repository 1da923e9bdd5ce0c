package ai.thinkact.model;

/**
 * cos/sin of the rotary angles {@code pos * theta^(-2i/headDim)}, computed in double and stored
 * per position as float rows of width headDim (both halves equal, the "rotate_half" layout).
 * Grows on demand; positions are small integers so this stays a few MB.
 */
final class RopeTable {

  private final int headDim;
  private final double[] inverseFrequencies;
  private float[][] cos = new float[0][];
  private float[][] sin = new float[0][];

  RopeTable(int headDim, double theta) {
    this.headDim = headDim;
    int half = headDim / 2;
    this.inverseFrequencies = new double[half];
    for (int i = 0; i < half; i++) {
      inverseFrequencies[i] = Math.pow(theta, -2.0 * i / headDim);
    }
  }

  synchronized float[] cos(int position) {
    ensure(position);
    return cos[position];
  }

  synchronized float[] sin(int position) {
    ensure(position);
    return sin[position];
  }

  private void ensure(int position) {
    if (position < cos.length) {
      return;
    }
    int n = Math.max(position + 1, Math.max(64, cos.length * 2));
    float[][] newCos = java.util.Arrays.copyOf(cos, n);
    float[][] newSin = java.util.Arrays.copyOf(sin, n);
    int half = headDim / 2;
    for (int p = cos.length; p < n; p++) {
      float[] c = new float[headDim];
      float[] s = new float[headDim];
      for (int i = 0; i < half; i++) {
        double angle = p * inverseFrequencies[i];
        c[i] = c[i + half] = (float) Math.cos(angle);
        s[i] = s[i + half] = (float) Math.sin(angle);
      }
      newCos[p] = c;
      newSin[p] = s;
    }
    cos = newCos;
    sin = newSin;
  }
}
