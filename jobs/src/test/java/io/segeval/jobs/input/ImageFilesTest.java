package io.segeval.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.codec.BadRecordException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.security.AccessControlException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A read failure is the file's own (a bad record, the same at every attempt) or the storage's (a
 * task failure Spark retries, never skipped).
 */
class ImageFilesTest {
  @TempDir Path tmp;

  @Test
  void aFileThatIsGoneOrForbiddenOrShortIsItsOwnFailure() {
    assertTrue(ImageFiles.isTheFilesOwn(new FileNotFoundException("/data/a.npy (No such file or directory)")));
    assertTrue(ImageFiles.isTheFilesOwn(new FileNotFoundException("/data/a.npy (Permission denied)")));
    assertTrue(ImageFiles.isTheFilesOwn(new AccessControlException("Permission denied: user=eval, access=READ")));
    assertTrue(ImageFiles.isTheFilesOwn(new AccessDeniedException("/data/a.npy")));
    assertTrue(ImageFiles.isTheFilesOwn(new EOFException("Attempted read from closed stream")));
  }

  @Test
  void otherIoFailuresAreTheStoragesAndRetried() {
    assertFalse(ImageFiles.isTheFilesOwn(new IOException("Connection reset by peer")));
    assertFalse(ImageFiles.isTheFilesOwn(new SocketTimeoutException("Read timed out")));
    assertFalse(ImageFiles.isTheFilesOwn(new IOException("Could not obtain block: BP-1:blk_1073741825")));
  }

  @Test
  void aMissingFileIsABadRecordNamingIt() {
    ImageFiles files = new ImageFiles(new HadoopConf(new Configuration()), 1_000_000);
    String path = tmp.resolve("gone.npy").toString();
    BadRecordException e = assertThrows(BadRecordException.class, () -> files.read(path, 10));
    assertTrue(e.getMessage().startsWith("cannot read the file: "), e.getMessage());
  }

  @Test
  void aFileOfMoreThanTwoGibIsABadRecordNamingTheLimitAndTheFix() {
    ImageFiles files = new ImageFiles(new HadoopConf(new Configuration()), 4_000_000_000L);
    // 8×10000×10000 float32 scores (a land-cover tile): refused from the listed length, nothing read
    BadRecordException e = assertThrows(BadRecordException.class,
        () -> files.read(tmp.resolve("tile.npy").toString(), 3_200_000_128L));
    assertEquals("file of 3,200,000,128 bytes, more than the 2,147,483,631 bytes (2 GiB) SegEval reads into memory"
        + " at once: split the image into tiles, or save float32 scores as float16 (labels as uint8)", e.getMessage());
  }

  @Test
  void aReadFailureNamesTheImageTheFileAndWhatSparkDoesWithIt() {
    InputReadException e = new InputReadException("hdfs:///data/pred/a.npy", new IOException("Connection reset"))
        .forImage("a");
    assertEquals("image 'a' (hdfs:///data/pred/a.npy): cannot read the file: Connection reset (a read failure, not a"
        + " bad record: it fails the task, which Spark retries up to spark.task.maxFailures times, and is never"
        + " skipped)", e.getMessage());
  }
}
