package io.segeval.jobs.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's compiler directives: the shipped file is one the JVM takes, with the classes it
 * names; a file the JVM refuses is a warning, not a failure. Each directive added here is removed
 * again, so that the rest of the suite compiles as it would without.
 */
class CompilerDirectivesTest {
  private static final Path SHIPPED = Path.of("").toAbsolutePath().getParent()
      .resolve("deploy/launcher-compiler-directives.json");

  @TempDir
  Path dir;

  private int added;

  @AfterEach
  void removeWhatWasAdded() throws Exception {
    for (; added > 0; added--) {
      diagnosticCommand("compilerDirectivesRemove");
    }
  }

  @Test
  void theLaunchersFileIsTakenAndLeavesSparksStartUpCodeToC1() throws Exception {
    assertTrue(add(SHIPPED.toString()));
    String printed = diagnosticCommand("compilerDirectivesPrint");
    for (String pattern : new String[] {"jdk/internal/org/objectweb/asm/*.*", "java/lang/invoke/*.*",
        "org/apache/hadoop/*.*", "org/codehaus/*.*"}) {
      assertTrue(printed.contains(pattern), pattern + " in " + printed);
    }
    // ours comes first: C2 excludes its classes; its c1 block is not enabled, so C1 compiles them as ever
    String ours = printed.substring(0, printed.indexOf("Directive: (default)"));
    String c1 = ours.substring(ours.indexOf("c1 directives:"), ours.indexOf("c2 directives:"));
    String c2 = ours.substring(ours.indexOf("c2 directives:"));
    assertTrue(c1.contains("Enable:false Exclude:false"), c1);
    assertTrue(c2.contains("Enable:true Exclude:true"), c2);
  }

  @Test
  void aFileInAFolderWithSpacesAndQuotesIsTakenToo() throws Exception {
    for (String folder : new String[] {"check out", "it's here", "a \"quoted\" one"}) {
      Path copy = Files.createDirectories(dir.resolve(folder)).resolve("directives.json");
      Files.copy(SHIPPED, copy);
      assertTrue(add(copy.toString()), folder);
    }
  }

  @Test
  void aFileTheJvmRefusesIsAWarningNotAFailure() throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.json"), "[{ match: \"a/B.c\", c2: { Exclude: tru } }]");
    assertFalse(add(bad.toString()));
    assertFalse(add(dir.resolve("missing.json").toString()));
    assertEquals(0, added);
  }

  @Test
  void withoutThePropertyNothingIsAdded() throws Exception {
    String before = diagnosticCommand("compilerDirectivesPrint");
    System.clearProperty(CompilerDirectives.PROPERTY);
    CompilerDirectives.addNamed(); // as SparkSessions calls it in tests and under spark-submit
    assertEquals(before, diagnosticCommand("compilerDirectivesPrint"));
  }

  private boolean add(String file) {
    boolean taken = CompilerDirectives.add(file);
    added += taken ? 1 : 0;
    return taken;
  }

  private static String diagnosticCommand(String operation) throws Exception {
    return String.valueOf(ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), operation,
        new Object[] {new String[0]}, new String[] {String[].class.getName()}));
  }
}
