package io.segeval.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * NpyWriter's float32 files against numpy's {@code np.save} of the same arrays (written by
 * tools/reference/make_npy_fixtures.py): the same header dict and the same data bytes; numpy pads
 * its header further (room for the shape to grow), NpyWriter to the next multiple of 64 only.
 */
class NpyWriterTest {

  @Test
  void aMatrixIsWrittenAsNumpyWritesIt() {
    assertSameAsNumpy(new int[] {2, 3}, new float[] {0.25f, -1, 3.5f, 1e-3f, -0.0f, 7e30f}, "float32_2x3.npy");
  }

  @Test
  void aVectorsShapeIsAOneElementTuple() {
    assertSameAsNumpy(new int[] {5}, new float[] {1, 2, 3, 4, 5}, "float32_5.npy");
  }

  private static void assertSameAsNumpy(int[] shape, float[] values, String numpyFile) {
    byte[] ours = NpyWriter.encodeFloat32(shape, values);
    byte[] numpy = NpyTest.resource(numpyFile);
    assertArrayEquals(Arrays.copyOf(numpy, 8), Arrays.copyOf(ours, 8)); // magic and version 1.0
    assertEquals(dict(numpy), dict(ours));
    int at = Npy.readHeader(ours).dataOffset();
    assertEquals(0, at % 64);
    assertEquals('\n', ours[at - 1]);
    int numpyAt = Npy.readHeader(numpy).dataOffset();
    assertArrayEquals(Arrays.copyOfRange(numpy, numpyAt, numpy.length), Arrays.copyOfRange(ours, at, ours.length));
  }

  /** The header's dict without its padding, e.g. "{'descr': '<f4', 'fortran_order': False, 'shape': (5,), }". */
  private static String dict(byte[] file) {
    int end = Npy.readHeader(file).dataOffset();
    return new String(file, 10, end - 10, StandardCharsets.ISO_8859_1).strip();
  }
}
