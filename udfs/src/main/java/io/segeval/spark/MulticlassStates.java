package io.segeval.spark;

import io.segeval.core.InputKind;
import io.segeval.core.RefusedArgumentException;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassParams;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The stored form of a multiclass state ({@code seg_multiclass_state}): a versioned blob whose
 * body is deflated (a C×C confusion matrix is mostly zeros), not Java serialization.
 * <pre>
 *   "SEGM" (4 bytes) | version = 1 (1 byte) | deflate(
 *     int32 C | int32 ignore_index | float64 smooth | int8 input (0 logits, 1 probabilities, 2 labels)
 *     int64 images | int64 pixels (n, not ignored) | int64 ignored | float64 CE = Σ −log p_t
 *     C × float64 I_c = Σ p_c·[t=c] | C × float64 P_c = Σ p_c
 *     C·C × int64 M[t][p], row-major (rows = target class) )
 * </pre>
 * Big-endian. For label predictions CE, I and P are written as 0 (not computable).
 */
public final class MulticlassStates {
  private MulticlassStates() {}

  private static final byte[] MAGIC = {'S', 'E', 'G', 'M'};
  private static final byte VERSION = 1;

  public static byte[] toBytes(MulticlassCounts c) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    bytes.writeBytes(MAGIC);
    bytes.write(VERSION);
    MulticlassParams p = c.params();
    int k = p.numClasses();
    boolean soft = p.hasSoftScores();
    try (DataOutputStream out = new DataOutputStream(
        new DeflaterOutputStream(bytes, new Deflater(Deflater.BEST_SPEED), 1 << 16))) {
      out.writeInt(k);
      out.writeInt(p.ignoreIndex());
      out.writeDouble(p.smooth());
      out.writeByte(p.inputKind().code());
      out.writeLong(c.images());
      out.writeLong(c.pixels());
      out.writeLong(c.ignored());
      out.writeDouble(soft ? c.crossEntropySum() : 0);
      for (int i = 0; i < k; i++) {
        out.writeDouble(soft ? c.intersection(i) : 0);
      }
      for (int i = 0; i < k; i++) {
        out.writeDouble(soft ? c.predictedSum(i) : 0);
      }
      for (int t = 0; t < k; t++) {
        for (int q = 0; q < k; q++) {
          out.writeLong(c.confusion(t, q));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a multiclass state", e);
    }
    return bytes.toByteArray();
  }

  /** The state of a blob; anything else is a {@link RefusedArgumentException} saying what it is not. */
  public static MulticlassCounts fromBytes(byte[] bytes) {
    States.checkHeader(ByteBuffer.wrap(bytes), MAGIC, "multiclass", "seg_multiclass_state", VERSION);
    try (DataInputStream in = new DataInputStream(new InflaterInputStream(
        new ByteArrayInputStream(bytes, MAGIC.length + 1, bytes.length - MAGIC.length - 1), new Inflater(), 1 << 16))) {
      int k = in.readInt();
      if (k < 2 || k > MulticlassParams.MAX_CLASSES) {
        throw new RefusedArgumentException("corrupt multiclass SegEval state: C = " + k);
      }
      int ignoreIndex = in.readInt();
      double smooth = in.readDouble();
      byte input = in.readByte();
      InputKind kind = InputKind.fromCode(input);
      if (kind == null) {
        throw new RefusedArgumentException("corrupt multiclass SegEval state: input kind " + input);
      }
      MulticlassParams p = new MulticlassParams(k, ignoreIndex, smooth, kind);
      long images = in.readLong();
      long pixels = in.readLong();
      long ignored = in.readLong();
      double ce = in.readDouble();
      double[] inter = new double[k];
      double[] predSum = new double[k];
      for (int i = 0; i < k; i++) {
        inter[i] = in.readDouble();
      }
      for (int i = 0; i < k; i++) {
        predSum[i] = in.readDouble();
      }
      long[] m = new long[k * k];
      for (int i = 0; i < m.length; i++) {
        m[i] = in.readLong();
      }
      return MulticlassCounts.of(p, images, pixels, ignored, m, inter, predSum, ce);
    } catch (EOFException e) {
      throw new RefusedArgumentException("truncated multiclass SegEval state (" + bytes.length + " bytes)");
    } catch (IOException e) {
      throw new RefusedArgumentException("corrupt multiclass SegEval state: " + e.getMessage());
    }
  }
}
