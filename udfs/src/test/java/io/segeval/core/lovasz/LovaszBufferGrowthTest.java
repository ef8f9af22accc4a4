package io.segeval.core.lovasz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The per-image Lovász buffers: exact at the first image, geometric growth after, capped at a Java array. */
class LovaszBufferGrowthTest {
  @Test
  void firstAllocationIsExactNotOneAndAHalfTimes() {
    LovaszWorkspace ws = new LovaszWorkspace();
    ws.ensure(1_000_000);
    // a 120 Mpx tile used to get 180 M-element keys, weights and errors: 2 GB of heap for nothing
    assertEquals(1_000_000, ws.keys.length);
    assertEquals(1_000_000, ws.weights.length);
    assertEquals(1_000_000, ws.errors.length);
    assertEquals(1_000_000, ws.sort.keyScratch(1_000_000).length);
  }

  @Test
  void growsGeometricallyFromAnEarlierImage() {
    LovaszWorkspace ws = new LovaszWorkspace();
    ws.ensure(1000);
    ws.ensure(1001);
    assertEquals(1500, ws.keys.length);
    ws.ensure(5000);
    assertEquals(5000, ws.keys.length);
    ws.ensure(10);
    assertEquals(5000, ws.keys.length);
  }

  @Test
  void growthNeverPassesTheLargestArrayNorOverflows() {
    int largest = Integer.MAX_VALUE - 8;
    assertEquals(largest, RadixSort.grow(2_000_000_000, 2_000_000_001));
    assertEquals(largest, RadixSort.grow(largest, largest));
    assertEquals(16, RadixSort.grow(0, 1));
  }
}
