package io.segeval.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.core.InputKind;
import io.segeval.core.binary.BinaryCounts;
import io.segeval.core.binary.BinaryParams;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassParams;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.InflaterInputStream;
import org.junit.jupiter.api.Test;

/**
 * The stored states are a format other runs read back (tables of states, later SegEval versions):
 * their layout, as the classes document it, is pinned here field by field, independent of the order
 * of record components or enum constants.
 */
class StateFormatTest {

  @Test
  void binaryStateLayout() {
    BinaryParams p = new BinaryParams(1, 0.5, 0.3, 0.7, 0.8, 2, 0.5, 0.5, 1e-9);
    byte[] bytes = BinaryStates.toBytes(new BinaryState(BinaryCounts.of(p, 10, 1.5, 2.5, 3.0, 4.25, 0.125, 5.5, 2, 1, 3, 4),
        BinaryPredictions.LABELS));
    assertEquals(166, bytes.length);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] magic = new byte[4];
    b.get(magic);
    assertArrayEquals(new byte[] {'S', 'E', 'G', 'B'}, magic);
    assertEquals(2, b.get(), "version");
    assertEquals(1, b.get(), "predictions: 1 = labels");
    assertBinaryBody(b);
    BinaryState read = BinaryStates.fromBytes(bytes);
    assertEquals(p, read.counts().params());
    assertEquals(BinaryPredictions.LABELS, read.predictions());
    assertEquals(0, BinaryStates.toBytes(new BinaryState(read.counts(), BinaryPredictions.SCORES))[5],
        "predictions: 0 = scores");
    bytes[5] = 7;
    assertEquals("not a binary SegEval state: unknown predictions byte 7",
        assertThrows(RuntimeException.class, () -> BinaryStates.fromBytes(bytes)).getMessage());
  }

  /** The body common to versions 1 and 2: parameters, counts, sums of the state written above. */
  private static void assertBinaryBody(ByteBuffer b) {
    double[] params = new double[9];
    Arrays.setAll(params, i -> b.getDouble());
    assertArrayEquals(new double[] {1, 0.5, 0.3, 0.7, 0.8, 2, 0.5, 0.5, 1e-9}, params,
        "smooth, threshold, tversky α, β, focal α, γ, combo α, CE ratio, eps");
    long[] counts = new long[5];
    Arrays.setAll(counts, i -> b.getLong());
    assertArrayEquals(new long[] {10, 2, 1, 3, 4}, counts, "n, tp, fp, fn, tn");
    double[] sums = new double[6];
    Arrays.setAll(sums, i -> b.getDouble());
    assertArrayEquals(new double[] {1.5, 2.5, 3.0, 4.25, 0.125, 5.5}, sums, "I, P, T, B, F, W");
  }

  /** A version 1 state (stored before input=labels, 165 bytes, no predictions byte) is read as one of scores. */
  @Test
  void binaryStatesOfVersion1AreStillReadAsScores() {
    BinaryParams p = new BinaryParams(1, 0.5, 0.3, 0.7, 0.8, 2, 0.5, 0.5, 1e-9);
    byte[] v2 = BinaryStates.toBytes(new BinaryState(BinaryCounts.of(p, 10, 1.5, 2.5, 3.0, 4.25, 0.125, 5.5, 2, 1, 3, 4),
        BinaryPredictions.SCORES));
    ByteBuffer v1 = ByteBuffer.allocate(165).put(v2, 0, 4).put((byte) 1).put(v2, 6, 160);
    BinaryState read = BinaryStates.fromBytes(v1.array());
    assertEquals(BinaryPredictions.SCORES, read.predictions());
    assertEquals(p, read.counts().params());
    assertBinaryBody(ByteBuffer.wrap(BinaryStates.toBytes(read), 6, 160));
    byte[] v3 = v2.clone();
    v3[4] = 3;
    RuntimeException e = assertThrows(RuntimeException.class, () -> BinaryStates.fromBytes(v3));
    assertEquals("binary SegEval state of version 3; this SegEval reads versions 1 and 2", e.getMessage());
  }

  /**
   * A stored state whose sums no pass can give (a corrupt or hand-made blob) is refused, naming the
   * sum, rather than turning a merged result into NaN; a NaN loss sum (an overflow) is a real state.
   */
  @Test
  void storedSumsNoPassCanGiveAreRefused() {
    BinaryParams p = new BinaryParams(1, 0.5, 0.3, 0.7, 0.8, 2, 0.5, 0.5, 1e-9);
    byte[] good = BinaryStates.toBytes(new BinaryState(BinaryCounts.of(p, 10, 1.5, 2.5, 3.0, 4.25, 0.125, 5.5, 2, 1, 3, 4),
        BinaryPredictions.SCORES));
    int sums = 4 + 1 + 1 + 9 * 8 + 5 * 8; // magic, version, predictions, parameters, counts
    byte[] nanI = good.clone();
    ByteBuffer.wrap(nanI).putDouble(sums, Double.NaN);
    assertEquals("intersection NaN is no sum of a binary pass (one >= 0 and finite)",
        assertThrows(RuntimeException.class, () -> BinaryStates.fromBytes(nanI)).getMessage());
    byte[] negativeB = good.clone();
    ByteBuffer.wrap(negativeB).putDouble(sums + 3 * 8, -1.0);
    assertEquals("bce_sum -1.0 is no sum of a binary pass (one >= 0 and finite, or NaN after an overflow)",
        assertThrows(RuntimeException.class, () -> BinaryStates.fromBytes(negativeB)).getMessage());
    byte[] nanB = good.clone();
    ByteBuffer.wrap(nanB).putDouble(sums + 3 * 8, Double.NaN);
    assertEquals(Double.NaN, BinaryStates.fromBytes(nanB).counts().bceSum());
    byte[] iAboveP = good.clone();
    ByteBuffer.wrap(iAboveP).putDouble(sums, 2.75);
    assertEquals("intersection is 2.75, above pred_sum (2.5): no pass can give that",
        assertThrows(RuntimeException.class, () -> BinaryStates.fromBytes(iAboveP)).getMessage());
    byte[] tAboveN = good.clone();
    ByteBuffer.wrap(tAboveN).putDouble(sums + 2 * 8, 10.5);
    assertEquals("target_sum is 10.5, above n (10.0): no pass can give that",
        assertThrows(RuntimeException.class, () -> BinaryStates.fromBytes(tAboveN)).getMessage());
    byte[] pAtNPlusRounding = good.clone(); // within the rounding slack of two sums computed apart
    ByteBuffer.wrap(pAtNPlusRounding).putDouble(sums + 8, Math.nextUp(10.0));
    assertEquals(Math.nextUp(10.0), BinaryStates.fromBytes(pAtNPlusRounding).counts().predSum());

    MulticlassParams m = new MulticlassParams(2, 255, 1.0, InputKind.LOGITS);
    assertEquals("predicted_sum of class 1 is Infinity, no sum of a multiclass pass (one >= 0 and finite)",
        assertThrows(RuntimeException.class, () -> MulticlassCounts.of(m, 1, 4, 0, new long[] {1, 1, 0, 2},
            new double[] {1, 2}, new double[] {2, Double.POSITIVE_INFINITY}, 3.5)).getMessage());
    assertEquals("cross-entropy sum -0.5 is no sum of a multiclass pass (one >= 0 and finite, or NaN after an overflow)",
        assertThrows(RuntimeException.class, () -> MulticlassCounts.of(m, 1, 4, 0, new long[] {1, 1, 0, 2},
            new double[] {1, 2}, new double[] {2, 2}, -0.5)).getMessage());
    assertEquals("intersection of class 0 is 1.5, above the count of class 0 in the targets (1.0): no pass can give that",
        assertThrows(RuntimeException.class, () -> MulticlassCounts.of(m, 1, 4, 0, new long[] {1, 0, 1, 2},
            new double[] {1.5, 2}, new double[] {2, 2}, 3.5)).getMessage());
    assertEquals("predicted_sum of class 1 is 4.5, above pixels (4.0): no pass can give that",
        assertThrows(RuntimeException.class, () -> MulticlassCounts.of(m, 1, 4, 0, new long[] {1, 1, 0, 2},
            new double[] {1, 2}, new double[] {2, 4.5}, 3.5)).getMessage());
  }

  @Test
  void inputKindCodesAreFixed() {
    assertEquals(0, InputKind.LOGITS.code());
    assertEquals(1, InputKind.PROBABILITIES.code());
    assertEquals(2, InputKind.LABELS.code());
    for (InputKind k : InputKind.values()) {
      assertEquals(k, InputKind.fromCode(k.code()));
    }
    assertEquals(null, InputKind.fromCode((byte) 3));
  }

  @Test
  void multiclassStateLayout() throws IOException {
    MulticlassParams p = new MulticlassParams(2, 255, 1.0, InputKind.LABELS);
    byte[] bytes = MulticlassStates.toBytes(MulticlassCounts.of(p, 1, 4, 1, new long[] {1, 1, 0, 2}, null, null, 0));
    assertArrayEquals(new byte[] {'S', 'E', 'G', 'M', 1}, Arrays.copyOf(bytes, 5), "magic and version");
    try (DataInputStream in = new DataInputStream(
        new InflaterInputStream(new ByteArrayInputStream(bytes, 5, bytes.length - 5)))) {
      assertEquals(2, in.readInt(), "C");
      assertEquals(255, in.readInt(), "ignore_index");
      assertEquals(1.0, in.readDouble(), "smooth");
      assertEquals(2, in.readByte(), "input: 2 = labels");
      assertEquals(1, in.readLong(), "images");
      assertEquals(4, in.readLong(), "pixels");
      assertEquals(1, in.readLong(), "ignored");
      assertEquals(0.0, in.readDouble(), "CE (not kept for labels)");
      for (int i = 0; i < 4; i++) {
        assertEquals(0.0, in.readDouble(), "I_c and P_c (not kept for labels)");
      }
      long[] m = new long[4];
      for (int i = 0; i < 4; i++) {
        m[i] = in.readLong();
      }
      assertArrayEquals(new long[] {1, 1, 0, 2}, m, "M[t][p], row-major");
    }
    assertEquals(p, MulticlassStates.fromBytes(bytes).params());
  }
}
