package io.segeval.jobs.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.segeval.testing.TestSpark;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The forkless local file system leaves the same permissions as Hadoop's own (created files,
 * made folders, explicit modes, the umask), and the test session uses it for {@code file:}.
 */
class ForklessLocalFileSystemTest {
  @TempDir java.nio.file.Path tmp;

  @Test
  void permissionsAreHadoopsOwn() throws Exception {
    Configuration conf = new Configuration();
    conf.set("fs.permissions.umask-mode", "027");
    FileSystem stock = new LocalFileSystem();
    stock.initialize(tmp.toUri(), conf);
    FileSystem forkless = new ForklessLocalFileSystem();
    forkless.initialize(tmp.toUri(), conf);
    for (String mode : new String[] {"755", "700", "640", "444", "000"}) {
      String a = permissionsAfter(stock, "stock-" + mode, mode);
      String b = permissionsAfter(forkless, "forkless-" + mode, mode);
      assertEquals(a, b, "mode " + mode);
    }
    // umask 027: folders 750, files 640
    assertEquals("rwxr-x--- rw-r----- rwx------", permissionsAfter(forkless, "check", "700"));
  }

  /** Makes a folder and a file (default modes through the umask), then sets {@code mode} on a second file. */
  private String permissionsAfter(FileSystem fs, String name, String mode) throws Exception {
    Path dir = new Path(tmp.toUri().toString(), name);
    fs.mkdirs(dir);
    try (OutputStream out = fs.create(new Path(dir, "a.txt"))) {
      out.write(1);
    }
    Path b = new Path(dir, "b.txt");
    try (OutputStream out = fs.create(b)) {
      out.write(2);
    }
    fs.setPermission(b, new FsPermission(mode));
    java.nio.file.Path d = tmp.resolve(name);
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(d)) + " "
        + PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve("a.txt"))) + " "
        + PosixFilePermissions.toString(Files.getPosixFilePermissions(d.resolve("b.txt")));
  }

  @Test
  void theTestSessionWritesLocalFilesThroughIt() throws Exception {
    Configuration hadoop = TestSpark.get().sparkContext().hadoopConfiguration();
    assertInstanceOf(ForklessLocalFileSystem.class, FileSystem.get(tmp.toUri(), hadoop));
  }
}
