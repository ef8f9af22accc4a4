package io.segeval.core.lovasz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** The public reference images of {@code lovasz/bin_public.json} and {@code mc_public.json}. */
final class Fixtures {
  private Fixtures() {}

  /** One image: float32 logits widened to double, targets or labels, expected values. */
  static final class Image {
    String id;
    int classes;
    double[] logits;
    double[] targets;
    Double expected;
    Double reference;

    /** Softmax over the channels in float64 (channel-major), as the generator does. */
    double[] probabilities() {
      int n = targets.length;
      double[] p = new double[logits.length];
      for (int j = 0; j < n; j++) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < classes; c++) {
          max = Math.max(max, logits[c * n + j]);
        }
        double sum = 0.0;
        for (int c = 0; c < classes; c++) {
          p[c * n + j] = Math.exp(logits[c * n + j] - max);
          sum += p[c * n + j];
        }
        for (int c = 0; c < classes; c++) {
          p[c * n + j] /= sum;
        }
      }
      return p;
    }
  }

  static Map<String, Object> doc(String name) throws Exception {
    return MiniJson.obj(MiniJson.resource("/lovasz/" + name));
  }

  static List<Image> images(Map<String, Object> doc) {
    List<Image> images = new ArrayList<>();
    for (Object o : MiniJson.list(doc.get("images"))) {
      Map<String, Object> m = MiniJson.obj(o);
      Image im = new Image();
      im.id = (String) m.get("id");
      im.classes = m.containsKey("classes") ? ((Number) m.get("classes")).intValue() : 1;
      ByteBuffer f = ByteBuffer.wrap(Base64.getDecoder().decode((String) m.get("logits_f32le")))
          .order(ByteOrder.LITTLE_ENDIAN);
      im.logits = new double[f.remaining() / 4];
      for (int i = 0; i < im.logits.length; i++) {
        im.logits[i] = f.getFloat();
      }
      String key = m.containsKey("targets_u8") ? "targets_u8" : "labels_u8";
      byte[] t = Base64.getDecoder().decode((String) m.get(key));
      im.targets = new double[t.length];
      for (int i = 0; i < t.length; i++) {
        im.targets[i] = t[i] & 0xFF;
      }
      im.expected = MiniJson.number(m.get("expected"));
      im.reference = MiniJson.number(m.get("reference"));
      images.add(im);
    }
    return images;
  }
}
