package io.segeval.jobs.input;

import io.segeval.codec.BadRecordException;
import io.segeval.codec.MaskCodecs;
import io.segeval.codec.NdArray;
import io.segeval.codec.Reason;
import io.segeval.codec.TooManyValuesException;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The --max-pixels a pair needs, said when its target is refused for its value count. A multiclass
 * target is decoded first, and its prediction holds {@code scoresPerPixel} (C) values per target
 * value, checked against --max-pixels only once the target is read: without this, a user who
 * raised the limit to the target's H×W would be refused again on the C×H×W scores. The refusal
 * names the limit of both, C × the target's values; when no limit reads the scores (more than one
 * Java array holds, or a file of more than 2 GiB, {@code predFileBytes}), it says that instead.
 *
 * @param scoresPerPixel the prediction's values per target value: C for scores, 1 for a map
 * @param predFileBytes the prediction file's listed length; -1 for a table cell
 */
record PairValueLimit(int scoresPerPixel, long predFileBytes) {
  /** A prediction of as many values as its target (binary, labels): the target's refusal says it all. */
  static final PairValueLimit SAME_AS_TARGET = new PairValueLimit(1, -1);

  /** {@code decode}'s array; refused for its value count, the refusal names the limit of the pair. */
  NdArray decoding(Supplier<NdArray> decode) {
    try {
      return decode.get();
    } catch (TooManyValuesException e) {
      throw new BadRecordException(explained(e));
    }
  }

  /** The target's refusal, followed by what its prediction needs. */
  Reason explained(TooManyValuesException e) {
    long values = e.values();
    if (scoresPerPixel < 2 || values < 0) {
      return e.why(); // the prediction holds as many values, or no --max-pixels reads the target
    }
    long scores = values * scoresPerPixel; // < 2^31 · 2^31: no overflow
    if (scores > MaskCodecs.LARGEST_ARRAY) {
      return Reason.of("{}; the prediction's {} score maps over it hold {} values, more than the {} one Java array"
          + " holds, which no --max-pixels reads: split the image into tiles", e.why(), scoresPerPixel, scores,
          MaskCodecs.LARGEST_ARRAY);
    }
    if (predFileBytes > ImageFiles.MAX_FILE_BYTES) {
      return Reason.of("{}; the prediction's file, of {} bytes, is more than the 2 GiB SegEval reads into memory at"
          + " once whatever --max-pixels says: split the image into tiles", e.why(),
          String.format(Locale.ROOT, "%,d", predFileBytes));
    }
    return Reason.of("{}; the prediction's {} score maps over it hold {} values: pass --max-pixels {} to read both",
        e.why(), scoresPerPixel, scores, scores);
  }
}
