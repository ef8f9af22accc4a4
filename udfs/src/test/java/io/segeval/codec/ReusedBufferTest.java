package io.segeval.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class ReusedBufferTest {
  @Test
  void keepsABufferThatIsLargeEnoughWithItsContents() {
    double[] buffer = {1, 2, 3};
    assertSame(buffer, ReusedBuffer.atLeast(buffer, 3));
    assertSame(buffer, ReusedBuffer.atLeast(buffer, 2));
    assertArrayEquals(new double[] {1, 2, 3}, buffer);
  }

  @Test
  void replacesASmallerBufferWithOneOfExactlyTheLength() {
    double[] buffer = {1, 2};
    double[] grown = ReusedBuffer.atLeast(buffer, 5);
    assertNotSame(buffer, grown);
    assertEquals(5, grown.length);
  }

  @Test
  void makesABufferWhenThereIsNoneToReuse() {
    assertEquals(4, ReusedBuffer.atLeast(null, 4).length);
    assertEquals(0, ReusedBuffer.atLeast(null, 0).length);
  }
}
