package io.segeval.jobs.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The history's {@code inputs}: paths and globs that match something as full URIs, anything else as given. */
class HistoryInputsTest {
  @TempDir Path tmp;

  @Test
  void pathsAndMatchingGlobsAreFullUrisOtherNamesStayAsGiven() throws Exception {
    Files.createDirectories(tmp.resolve("predictions/ckpt_10"));
    Files.createDirectories(tmp.resolve("predictions/ckpt_20"));
    Configuration conf = new Configuration();
    String folder = tmp.resolve("predictions").toString();
    assertEquals("file:" + folder, HistoryInputs.qualified(conf, folder));
    // a table glob (--table '/lake/predictions/*'), as the nightly config gives it
    assertEquals("file:" + folder + "/*", HistoryInputs.qualified(conf, folder + "/*"));
    // a glob matching nothing, and a catalog table name, say nothing more as URIs
    assertEquals(folder + "/x*", HistoryInputs.qualified(conf, folder + "/x*"));
    assertEquals("lake.predictions", HistoryInputs.qualified(conf, "lake.predictions"));
  }
}
