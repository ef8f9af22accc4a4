package io.segeval.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.segeval.codec.NdArray;
import io.segeval.codec.Npy;
import io.segeval.codec.PngMask;
import io.segeval.core.binary.BinaryParams;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** The reference datasets on the test classpath ({@code testdata/}, see testdata/README.md). */
public final class ReferenceData {
  private ReferenceData() {}

  public static Path dir(String dataset) {
    return resource("testdata/" + dataset);
  }

  /** A file or folder of the test classpath (a module's src/test/resources), e.g. {@code volumes/bin}. */
  public static Path resource(String name) {
    try {
      return Path.of(ReferenceData.class.getClassLoader().getResource(name).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode expected(String dataset) {
    try {
      return new ObjectMapper().readTree(dir(dataset).resolve("expected.json").toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The parameters of bin_public's expected.json (tversky 0.3/0.7, others default). */
  public static BinaryParams binaryParams() {
    JsonNode p = expected("bin_public").get("params");
    BinaryParams params = BinaryParams.DEFAULTS;
    for (Iterator<Map.Entry<String, JsonNode>> it = p.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNumber()) {
        params = params.with(e.getKey(), e.getValue().asDouble());
      }
    }
    return params;
  }

  /** One reference image: its id, prediction and target arrays. */
  public record Image(String id, NdArray pred, NdArray target) {}

  /** The images of a dataset in image_id order. */
  public static List<Image> images(String dataset) {
    Path root = dir(dataset);
    List<Image> images = new ArrayList<>();
    try (var files = Files.walk(root.resolve("pred"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".npy")).sorted().toList()) {
        String rel = root.resolve("pred").relativize(p).toString().replace('\\', '/');
        String id = rel.substring(0, rel.length() - 4);
        NdArray pred = Npy.decode(Files.readAllBytes(p), Long.MAX_VALUE, null);
        NdArray target = PngMask.decode(Files.readAllBytes(root.resolve("mask").resolve(id + ".png")), Long.MAX_VALUE, null);
        images.add(new Image(id, pred, target));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return images;
  }

  /** Asserts |actual − expected| <= tol·max(1, |expected|)... relative for values away from 0. */
  public static void assertClose(double expected, double actual, double relTol, String what) {
    double err = Math.abs(actual - expected);
    double scale = Math.max(Math.abs(expected), 1e-300);
    if (!(err <= relTol * scale || err <= 1e-15)) {
      throw new AssertionError(what + ": expected " + expected + " but was " + actual + " (relative error " + err / scale + ")");
    }
  }
}
