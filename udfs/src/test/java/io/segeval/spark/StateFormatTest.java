package io.segeval.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    byte[] bytes = BinaryStates.toBytes(BinaryCounts.of(p, 10, 1.5, 2.5, 3.0, 4.25, 0.125, 5.5, 2, 1, 3, 4));
    assertEquals(165, bytes.length);
    ByteBuffer b = ByteBuffer.wrap(bytes);
    byte[] magic = new byte[4];
    b.get(magic);
    assertArrayEquals(new byte[] {'S', 'E', 'G', 'B'}, magic);
    assertEquals(1, b.get(), "version");
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
    assertEquals(p, BinaryStates.fromBytes(bytes).params());
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
