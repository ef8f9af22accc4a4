package io.segeval.jobs.input;

import io.segeval.codec.MaskCodecs;
import io.segeval.codec.Reason;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Why the files of one image_id cannot be evaluated, and the file it is about (null:
 * {@link ImagePair#problemFile}). The first rule that holds names it: an unreadable file, a file
 * type SegEval does not read, a side without files, several files on one side.
 */
record PairProblem(Reason reason, String file) {
  /** The reasons of an image_id with files on one side only. */
  static final String NO_PREDICTION = "no prediction file for this target";
  static final String NO_TARGET = "no target file for this prediction";

  /** What a shared image_id of one folder given as both --pred and --target adds. */
  static final String ONE_FOLDER_HINT = " (--pred and --target are one folder: SegEval pairs a folder of predictions"
      + " with a folder of masks by file name; give the predictions and the masks in two separate folders)";

  /**
   * The problem of the files of one image_id, or null; the pair names the first file of each side.
   *
   * @param preds the prediction files of the image_id, sorted by path (maybe none)
   * @param targets its target files, sorted by path (maybe none)
   */
  static PairProblem of(List<InputFile> preds, List<InputFile> targets) {
    for (List<InputFile> side : List.of(preds, targets)) {
      if (!side.isEmpty() && side.get(0).getProblem() != null) {
        return new PairProblem(Reason.constant(side.get(0).getProblem()), side.get(0).getPath());
      }
    }
    for (List<InputFile> side : List.of(preds, targets)) {
      Reason unsupported = side.isEmpty() ? null : MaskCodecs.unsupportedReason(side.get(0).getPath());
      if (unsupported != null) {
        return new PairProblem(unsupported, side.get(0).getPath()); // e.g. a README.md among the predictions
      }
    }
    if (preds.isEmpty()) {
      return new PairProblem(Reason.constant(NO_PREDICTION), null);
    }
    if (targets.isEmpty()) {
      return new PairProblem(Reason.constant(NO_TARGET), null);
    }
    if (preds.size() > 1) {
      Reason shared = Reason.of("several prediction files share this image_id: {}", fileNames(preds));
      // the very same files on both sides: --pred and --target are one folder of predictions and masks side by side
      return new PairProblem(samePaths(preds, targets) ? shared.then(ONE_FOLDER_HINT) : shared, null);
    }
    if (targets.size() > 1) {
      return new PairProblem(Reason.of("several target files share this image_id: {}", fileNames(targets)),
          targets.get(0).getPath());
    }
    return null;
  }

  private static boolean samePaths(List<InputFile> a, List<InputFile> b) {
    return a.stream().map(InputFile::getPath).toList().equals(b.stream().map(InputFile::getPath).toList());
  }

  private static String fileNames(List<InputFile> files) {
    return files.stream().map(f -> f.getPath().substring(f.getPath().lastIndexOf('/') + 1))
        .collect(Collectors.joining(", "));
  }
}
