package io.segeval.jobs.input;

import io.segeval.jobs.config.UsageException;
import io.segeval.jobs.output.OutputDir;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * A prediction folder and the target folder must not lie one inside the other: folders are listed
 * recursively, so the outer one's listing would hold the inner one's files, each a bad record
 * ("no target file for this prediction") that does not say why. Refused up front. One folder
 * given as both is allowed (masks evaluated against themselves, a sanity check); predictions and
 * masks side by side in it are told by the pairing ({@link PairProblem#ONE_FOLDER_HINT}).
 */
public final class InputFoldersApart {
  private InputFoldersApart() {}

  /** {@link OutputDir#overlap}'s word for one folder. */
  private static final String SAME = "is";

  /** @throws UsageException naming the two options when a {@code --pred} folder and {@code --target} nest */
  public static void require(Configuration conf, List<String> predUris, String targetUri) {
    Path target = FileSystemSupport.qualified(conf, targetUri, targetUri);
    for (String predUri : predUris) {
      String overlap = OutputDir.overlap(FileSystemSupport.qualified(conf, predUri, predUri), target);
      if (overlap != null && !overlap.equals(SAME)) {
        throw new UsageException("--pred " + predUri + " " + overlap + " --target " + targetUri
            + "; SegEval pairs a folder of predictions with a folder of masks by file name"
            + " (pred/img_1.npy with masks/img_1.png): give the predictions and the masks in two separate folders");
      }
    }
  }
}
