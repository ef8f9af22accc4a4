package io.segeval.spark;

import io.segeval.core.RefusedArgumentException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Shared checks of the stored state blobs ({@link BinaryStates}, {@link MulticlassStates}). */
final class States {
  private States() {}

  /**
   * Reads and checks the 4-byte magic and the version byte, one of {@code readable} (the oldest
   * first, the newest last), and returns the version.
   */
  static byte checkHeader(ByteBuffer b, byte[] magic, String task, String maker, byte... readable) {
    byte[] head = new byte[magic.length];
    if (b.remaining() < magic.length + 1) {
      throw new RefusedArgumentException("not a " + task + " SegEval state (" + b.remaining() + " bytes); make one with "
          + maker);
    }
    b.get(head);
    if (!Arrays.equals(head, magic)) {
      String other = head[0] == 'S' && head[1] == 'E' && head[2] == 'G' ? " (it is a state of the other task)" : "";
      throw new RefusedArgumentException("not a " + task + " SegEval state" + other + "; make one with " + maker);
    }
    byte v = b.get();
    for (byte r : readable) {
      if (v == r) {
        return v;
      }
    }
    StringBuilder versions = new StringBuilder(readable.length == 1 ? "version " : "versions ");
    for (int i = 0; i < readable.length; i++) {
      versions.append(i == 0 ? "" : i == readable.length - 1 ? " and " : ", ").append(readable[i]);
    }
    throw new RefusedArgumentException(task + " SegEval state of version " + v + "; this SegEval reads " + versions);
  }
}
