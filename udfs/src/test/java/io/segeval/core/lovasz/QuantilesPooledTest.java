package io.segeval.core.lovasz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A partition's images' samples pooled into one (what the dataset-wide Lovász sends the driver, one
 * per partition and series, not one per image) choose the same bucket boundaries.
 */
class QuantilesPooledTest {
  @Test
  void pooledSamplesKeepEveryValueAndWeightAndTheBoundaries() {
    Random random = new Random(11);
    List<Quantiles.WeightedSample> perImage = new ArrayList<>();
    int values = 0;
    for (int image = 0; image < 200; image++) {
      int n = 1 + random.nextInt(5); // small images: a value or a few each
      double[] v = new double[n];
      long[] w = new long[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextInt(50) / 7.0; // ties across images
        w[i] = 1 + random.nextInt(4096);
      }
      perImage.add(new Quantiles.WeightedSample(v, w));
      values += n;
    }
    List<Quantiles.WeightedSample> pooled = List.of(
        Quantiles.pooled(perImage.subList(0, 120)), Quantiles.pooled(perImage.subList(120, 200)));
    assertEquals(values, pooled.get(0).size() + pooled.get(1).size());
    Quantiles.WeightedSample first = pooled.get(0);
    int at = 0;
    for (Quantiles.WeightedSample w : perImage.subList(0, 120)) {
      for (int i = 0; i < w.size(); i++, at++) {
        assertEquals(w.value(i), first.value(at));
        assertEquals(w.weight(i), first.weight(at));
      }
    }
    for (int buckets : new int[] {1, 2, 7, 64}) {
      assertArrayEquals(Quantiles.chooseBoundaries(perImage, buckets), Quantiles.chooseBoundaries(pooled, buckets),
          buckets + " buckets");
    }
    assertEquals(0, Quantiles.pooled(List.of()).size());
  }
}
