package io.segeval.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.segeval.jobs.config.UsageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expanding {@code --pred} patterns on the local file system, where names are less tame than on object stores. */
class PredFoldersTest {
  private static final Configuration CONF = new Configuration();

  @TempDir Path tmp;

  private String refused(String pred) {
    return assertThrows(UsageException.class, () -> PredFolders.resolve(CONF, List.of(pred), GroupBy.NONE)).getMessage();
  }

  /** Timestamps make such names common ({@code run_2024-05-01T12:00}); Hadoop's globber failed with a bare URISyntaxException. */
  @Test
  void aPatternOverAFolderWithAColonNameIsRefusedNamingIt() throws IOException {
    Files.createDirectories(tmp.resolve("runs/ckpt_1"));
    Files.createDirectories(tmp.resolve("runs/run_12:00"));
    String pattern = tmp.resolve("runs") + "/ck*";
    assertEquals("--pred " + pattern + ": Hadoop cannot expand the pattern: a name it lists (run_12:00) holds a ':',"
        + " which no Hadoop path can; give the folders without a pattern", refused(pattern));
    // named without a pattern, such a folder is read
    String literal = tmp.resolve("runs/run_12:00").toString();
    assertEquals(List.of(literal), PredFolders.resolve(CONF, List.of(literal), GroupBy.NONE).uris());
  }

  @Test
  void aFolderNamedLikeAPatternIsSaidToExist() throws IOException {
    Files.createDirectories(tmp.resolve("fold[1]/pred"));
    String pred = tmp.resolve("fold[1]/pred").toString();
    assertEquals("--pred " + pred + ": the pattern matches no folder; a folder of this very name exists, but its"
        + " [ ] { } * ? make --pred a pattern: rename the folder, or link it under a plain name (ln -s)", refused(pred));
    String none = tmp.resolve("other_*").toString();
    assertEquals("--pred " + none + ": the pattern matches no folder; " + tmp + " holds fold[1]/", refused(none));
  }

  /** A nightly run before the predictions are written, or a misspelt pattern: what is there instead. */
  @Test
  void aPatternThatMatchesNothingSaysWhatTheFolderAboveHolds() throws IOException {
    for (String name : List.of("ckpt_05", "ckpt_10", "ckpt_15", "ckpt_20", "ckpt_25", "ckpt_30")) {
      Files.createDirectories(tmp.resolve("preds/" + name));
    }
    Files.writeString(tmp.resolve("preds/README"), "");
    for (String pattern : List.of("/chkpt_*", "/READ*")) { // misspelt; a file only
      String pred = tmp.resolve("preds") + pattern;
      assertEquals("--pred " + pred + ": the pattern matches no folder; " + tmp.resolve("preds")
          + " holds ckpt_05/, ckpt_10/, ckpt_15/, ckpt_20/, ckpt_25/, ...", refused(pred));
    }
    String empty = tmp.resolve("preds/ckpt_05") + "/*";
    assertEquals("--pred " + empty + ": the pattern matches no folder; " + tmp.resolve("preds/ckpt_05")
        + " holds no folder", refused(empty));
    String missing = tmp.resolve("nightly/preds") + "/ckpt_*";
    assertEquals("--pred " + missing + ": the pattern matches no folder; " + tmp.resolve("nightly/preds")
        + " does not exist", refused(missing));
  }
}
