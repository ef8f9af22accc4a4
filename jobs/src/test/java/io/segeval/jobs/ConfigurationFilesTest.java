package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.cli.EvaluateCommand;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.launcher.JavaModuleOptions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** The files under conf/ and deploy/ agree with the code they describe. */
class ConfigurationFilesTest {
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  @Test
  void theDefaultConfigurationDocumentsEveryOptionWithItsDefault() throws IOException {
    String text = Files.readString(ROOT.resolve("conf/segeval.properties"));
    Properties props = new Properties();
    try (Reader r = Files.newBufferedReader(ROOT.resolve("conf/segeval.properties"))) {
      props.load(r);
    }
    CommandLine evaluate = new CommandLine(new EvaluateCommand());
    Set<String> notKeys = Set.of("help", "version", "config");
    for (OptionSpec o : evaluate.getCommandSpec().options()) {
      String key = o.longestName().replaceFirst("^-+", "");
      if (notKeys.contains(key)) {
        assertTrue(!text.contains(key + " =") && !text.contains("#" + key + " ="), key + " is no key");
        continue;
      }
      assertTrue(text.contains(key + " =") || text.contains("#" + key + " ="), "conf/segeval.properties lacks " + key);
      String value = props.getProperty(key);
      if (value != null && o.defaultValue() != null) {
        assertTrue(value.equals(o.defaultValue()) || sameNumber(value, o.defaultValue()),
            key + ": file says " + value + ", the command's default is " + o.defaultValue());
      }
    }
  }

  @Test
  void theClassNamesFileItNamesExistsWithTheNamesItLists() throws IOException {
    String text = Files.readString(ROOT.resolve("conf/segeval.properties"));
    Matcher list = Pattern.compile("(?m)^#class-names = (.*)$").matcher(text);
    Matcher file = Pattern.compile("(?m)^#class-names-file = (.*)$").matcher(text);
    assertTrue(list.find() && file.find(), "conf/segeval.properties shows both forms");
    assertEquals(Arrays.asList(list.group(1).split(",")), Files.readAllLines(ROOT.resolve(file.group(1).strip())));
  }

  private static boolean sameNumber(String a, String b) {
    try {
      return Double.parseDouble(a) == Double.parseDouble(b);
    } catch (NumberFormatException e) {
      return false;
    }
  }

  @Test
  void theLaunchersJvmOptionsHoldSparksOwnList() throws IOException {
    List<String> ours = Files.readAllLines(ROOT.resolve("deploy/jvm-options"));
    Set<String> missing = new TreeSet<>(Arrays.asList(JavaModuleOptions.defaultModuleOptionArray()));
    missing.removeAll(ours);
    assertTrue(missing.isEmpty(), "deploy/jvm-options lacks " + missing);
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    for (String option : ours) {
      assertTrue(pom.contains(option), "the pom's spark.jvm.options lacks " + option);
    }
  }
}
