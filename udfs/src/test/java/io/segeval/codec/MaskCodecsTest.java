package io.segeval.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MaskCodecsTest {

  private static final long MAX = 1_000_000L;

  @Test
  void choosesTheCodecByExtensionIgnoringCase() {
    byte[] npy = NpyWriter.encodeFloat32(new int[] {1, 2}, new float[] {0.25f, -1});
    byte[] png = PngMask.encodeGray8(1, 2, new byte[] {1, (byte) 255});
    assertArrayEquals(new double[] {0.25, -1}, MaskCodecs.decode("a/b.npy", npy, MAX, null).data());
    assertArrayEquals(new double[] {0.25, -1}, MaskCodecs.decode("B.NPY", npy, MAX, null).data());
    assertArrayEquals(new double[] {1, 255}, MaskCodecs.decode("x.png", png, MAX, null).data());
    assertArrayEquals(new double[] {1, 255}, MaskCodecs.decode("dir.npy/x.PnG", png, MAX, null)
        .data());
  }

  @Test
  void bytesWithoutANameAreToldApartByTheirMagicBytes() {
    byte[] npy = NpyWriter.encodeFloat32(new int[] {1, 2}, new float[] {0.25f, -1});
    byte[] png = PngMask.encodeGray8(1, 2, new byte[] {1, (byte) 255});
    assertEquals(MaskCodecs.FileType.NPY, MaskCodecs.typeOfBytes(npy));
    assertEquals(MaskCodecs.FileType.PNG, MaskCodecs.typeOfBytes(png));
    assertArrayEquals(new double[] {1, 255},
        MaskCodecs.decode(MaskCodecs.typeOfBytes(png), png, MAX, null).data());
    for (byte[] other : new byte[][] {new byte[0], java.util.Arrays.copyOf(png, 4), "NUMPY".getBytes()}) {
      assertEquals("the cell holds neither NPY nor PNG bytes (" + other.length + " bytes)",
          assertThrows(BadRecordException.class, () -> MaskCodecs.typeOfBytes(other)).reason());
    }
  }

  @Test
  void otherExtensionsAreRefused() {
    byte[] png = PngMask.encodeGray8(1, 1, new byte[1]);
    assertEquals("unsupported file type '.jpg' (SegEval reads .npy and .png)",
        assertThrows(BadRecordException.class, () -> MaskCodecs.decode("m.jpg", png, MAX, null))
            .reason());
    assertEquals("unsupported file type (no extension) (SegEval reads .npy and .png)",
        assertThrows(BadRecordException.class, () -> MaskCodecs.typeOf("dir.png/mask"))
            .reason());
  }

  @Test
  void aFileWithTheWrongContentForItsExtensionIsRefused() {
    byte[] png = PngMask.encodeGray8(1, 1, new byte[1]);
    assertEquals("not an NPY file (no \\x93NUMPY magic at the start)",
        assertThrows(BadRecordException.class, () -> MaskCodecs.decode("m.npy", png, MAX, null))
            .reason());
  }

  @Test
  void shapeFromHeaderValidatesWithoutDecoding() {
    byte[] npy = NpyWriter.encodeFloat32(new int[] {3, 4, 5}, new float[60]);
    assertArrayEquals(new int[] {3, 4, 5}, MaskCodecs.shapeFromHeader("p.npy", npy, MAX));
    byte[] png = PngMask.encodeGray16(7, 9, new short[63]);
    assertArrayEquals(new int[] {7, 9}, MaskCodecs.shapeFromHeader("t.png", png, MAX));
    assertEquals("header claims 3x4x5 = 60 values, more than --max-pixels 59 (it limits values: H×W for a mask,"
        + " C×H×W for a score array, D·H·W or C·D·H·W for a volume; raise it for larger volumes, and the heap with"
        + " it: about 50 bytes per voxel of a binary volume for each running task, docs/cluster.md#sizing)",
        assertThrows(BadRecordException.class, () -> MaskCodecs.shapeFromHeader("p.npy", npy, 59))
            .reason());
    assertEquals("header claims 7x9 = 63 values, more than --max-pixels 62 (it limits values: H×W for a mask,"
        + " C×H×W for a score array)",
        assertThrows(BadRecordException.class, () -> MaskCodecs.shapeFromHeader("t.png", png, 62))
            .reason());
    byte[] huge = new PngBuilder().ihdr(100_000, 100_000, 8, 0).idat(new byte[1]).iend().bytes();
    assertThrows(BadRecordException.class, () -> MaskCodecs.shapeFromHeader("t.png", huge, MAX));
  }
}
