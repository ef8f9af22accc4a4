package io.segeval.jobs.lake;

import io.segeval.jobs.io.LocalFileSystemUnderScheme;
import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * The local file system under the scheme {@code failing:}, where a test makes a history append fail
 * once the run's staging folder exists: Spark's commit of the rows it wrote there (a rename inside
 * {@code _temporary/}, as a task or job commit does), or the run's move of its file out of the
 * staging folder into the table. {@link #register} installs it; the failure is static, for the test
 * JVM's executors.
 */
public final class FailingFileSystem extends LocalFileSystemUnderScheme {
  static final String SCHEME = "failing";
  static final String REASON = "No space left on device (injected by FailingFileSystem)";

  /** Which rename fails. */
  enum Failure {
    NONE, SPARK_COMMIT, MOVE_INTO_TABLE
  }

  private static volatile Failure failure = Failure.NONE;

  public FailingFileSystem() {
    super(SCHEME);
  }

  static void register(Configuration conf) {
    conf.set("fs." + SCHEME + ".impl", FailingFileSystem.class.getName());
  }

  static void fail(Failure which) {
    failure = which;
  }

  /** {@code path} as a {@code failing:} URI. */
  static String uri(java.nio.file.Path path) {
    return SCHEME + ":" + path.toAbsolutePath();
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    boolean fromStaging = src.toString().contains("/_segeval-staging-");
    boolean fails = switch (failure) {
      case NONE -> false;
      case SPARK_COMMIT -> fromStaging && src.toString().contains("/_temporary/");
      case MOVE_INTO_TABLE -> fromStaging && !dst.toString().contains("/_segeval-staging-");
    };
    if (fails) {
      throw new IOException(REASON);
    }
    return super.rename(src, dst);
  }
}
