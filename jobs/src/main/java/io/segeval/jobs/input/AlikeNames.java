package io.segeval.jobs.input;

import io.segeval.codec.Reason;
import java.text.Normalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A file without its partner while the partner is there under a name that differs only in letter
 * case or in Unicode normalization (é as one character or as e and a combining accent, as macOS
 * writes names): its reason says so, since the two image_ids look alike, or the same, in a
 * message. They stay unpaired: the names are not the same, and which one is right is not known.
 */
final class AlikeNames {
  private AlikeNames() {}

  /** Adds the hint to the reasons of one folder's pairs without a partner whose image_ids look alike. */
  static void hint(List<ImagePair> pairs) {
    Map<String, ImagePair> targetsOnly = new HashMap<>();
    for (ImagePair p : pairs) {
      if (PairProblem.NO_PREDICTION.equals(p.getProblem())) {
        targetsOnly.putIfAbsent(alike(p.getImageId()), p);
      }
    }
    if (targetsOnly.isEmpty()) {
      return;
    }
    for (ImagePair p : pairs) {
      ImagePair t = PairProblem.NO_TARGET.equals(p.getProblem()) ? targetsOnly.remove(alike(p.getImageId())) : null;
      if (t != null) {
        String differ = differ(p.getImageId(), t.getImageId());
        p.markProblem(Reason.of(PairProblem.NO_TARGET + "; the target '{}' differs only in " + differ, t.getImageId()), null);
        t.markProblem(Reason.of(PairProblem.NO_PREDICTION + "; the prediction '{}' differs only in " + differ,
            p.getImageId()), null);
      }
    }
  }

  /** The name with case and normalization folded: NFC, lower case. */
  private static String alike(String imageId) {
    return Normalizer.normalize(imageId, Normalizer.Form.NFC).toLowerCase(Locale.ROOT);
  }

  private static String differ(String a, String b) {
    boolean sameText = Normalizer.normalize(a, Normalizer.Form.NFC).equals(Normalizer.normalize(b, Normalizer.Form.NFC));
    return sameText ? "Unicode normalization (an accented letter as one character or two: NFC or NFD)"
        : a.equalsIgnoreCase(b) ? "letter case" : "letter case and Unicode normalization";
  }
}
