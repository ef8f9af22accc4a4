package io.segeval.jobs.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.CliRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad command lines: exit 2 and a first line that says what is wrong and, where it can, what was meant. */
class UsageErrorsTest {
  @TempDir Path tmp;

  /** The first line of stderr of a run that must be a bad command line. */
  private static String refusal(String... args) {
    CliRun run = CliRun.of(args);
    assertEquals(2, run.exitCode(), run.err());
    return run.err().lines().findFirst().orElse("");
  }

  private String[] evaluate(String... more) {
    return CliRun.concat(new String[] {"evaluate", "--pred", tmp.toString(), "--target", tmp.toString(),
        "--output", tmp.resolve("out").toString()}, more);
  }

  @Test
  void aMisspeltOptionGetsASuggestion() {
    assertEquals("segeval: unknown option '--num-class'; did you mean --num-classes?",
        refusal(evaluate("--num-class", "3")));
    assertEquals("segeval: unknown option '--tversky-alfa'; did you mean --tversky-alpha or --tversky-beta?",
        refusal(evaluate("--tversky-alfa=0.3")));
    // a typo in the first two letters, which picocli's suggestions (same first two letters) miss
    assertEquals("segeval: unknown option '--treshold'; did you mean --threshold?",
        refusal(evaluate("--treshold", "0.3")));
    assertEquals("segeval: unknown option '--treshold'; did you mean --threshold?",
        refusal(evaluate("--treshold=0.3")));
    assertEquals("segeval: unknown option '--oevrwrite'; did you mean --overwrite?", refusal(evaluate("--oevrwrite")));
    // nothing close: picocli's own message
    assertEquals("segeval: Unknown option: '--zzzzzzzz'", refusal(evaluate("--zzzzzzzz")));
  }

  /** {@code --pred /preds/ckpt_*} unquoted: the shell gives SegEval one folder per checkpoint. */
  @Test
  void aGlobTheShellExpandedSaysToQuoteIt() {
    String a = tmp.resolve("ckpt_10").toString();
    String b = tmp.resolve("ckpt_20").toString();
    assertEquals("segeval: unexpected argument '" + b + "' after --pred " + a + ": --pred takes one value each time;"
        + " was it a glob the shell expanded? Quote it (--pred '/preds/ckpt_*'), or give several folders as"
        + " --pred A --pred B or --pred A,B", refusal("evaluate", "--task", "multiclass", "--num-classes", "19",
            "--pred", a, b, "--target", tmp.toString(), "--output", tmp.resolve("out").toString()));
    assertEquals("segeval: unexpected argument 'b' after --target " + a + ": --target takes one value; was it a path"
        + " with spaces, or a glob the shell expanded? Quote it", refusal("evaluate", "--pred", a, "--target", a, "b",
            "--output", tmp.resolve("out").toString()));
    // a stray word after a switch: picocli's own message
    assertEquals("segeval: Unmatched argument at index 8: 'b'", refusal(evaluate("--overwrite", "b")));
  }

  @Test
  void aListOptionGivenTwiceSaysToCommaSeparate() {
    assertEquals("segeval: --fail-under is given more than once; give it once, its values comma-separated"
        + " (--fail-under METRIC=MIN[,...])", refusal(evaluate("--fail-under", "dice=0.8", "--fail-under", "iou=0.7")));
    // another option given twice: picocli's own message
    assertEquals("segeval: option '--lovasz' (<lovasz>) should be specified only once",
        refusal(evaluate("--lovasz", "global", "--lovasz", "both")));
  }

  @Test
  void aMisspeltConfigKeyGetsASuggestion() throws IOException {
    Path conf = Files.writeString(tmp.resolve("typo.properties"), "treshold = 0.3\n");
    String line = refusal(evaluate("--config", conf.toString()));
    assertEquals("segeval: --config " + conf + ": unknown key 'treshold'; did you mean threshold? (keys are option"
        + " names without dashes: [", line.substring(0, line.indexOf('[') + 1));
  }

  @Test
  void aMisspeltConfigKeyGetsTheSuggestionsOfTheMisspeltOption() throws IOException {
    // the same first two letters: tversky-beta too
    assertEquals("segeval: unknown option '--tversky-alfa'; did you mean --tversky-alpha or --tversky-beta?",
        refusal(evaluate("--tversky-alfa", "0.3")));
    assertEquals("did you mean tversky-alpha or tversky-beta?", configSuggestion("tversky-alfa = 0.3\n"));
    // at most three, closest first: not target-col, which also starts with "ta"
    assertEquals("segeval: unknown option '--ta'; did you mean --task or --table or --target?",
        refusal(evaluate("--ta", "x")));
    assertEquals("did you mean task or table or target?", configSuggestion("ta = x\n"));
  }

  /** The "did you mean ...?" of a --config file that holds {@code text}. */
  private String configSuggestion(String text) throws IOException {
    Path conf = Files.writeString(tmp.resolve("typo.properties"), text);
    String line = refusal(evaluate("--config", conf.toString()));
    return line.substring(line.indexOf("did you mean"), line.indexOf('?') + 1);
  }

  @Test
  void closeNamesAreOneTypoAwayForShortNamesAndTwoForLongerOnes() {
    assertEquals(1, CloseNames.distance("treshold", "threshold"));
    assertEquals(1, CloseNames.distance("oevrwrite", "overwrite")); // two neighbouring letters swapped
    assertEquals(2, CloseNames.distance("num-class", "num-classes"));
    assertEquals(List.of("task"), CloseNames.to("tsak", List.of("task", "table", "smooth")));
    assertEquals(List.of(), CloseNames.to("ipt", List.of("input"))); // 2 edits: too far for a short name
    assertEquals(List.of("input"), CloseNames.to("inptu", List.of("input", "history")));
    // closest first, then by name; the same first two letters count as close (picocli's rule)
    assertEquals(List.of("lovasz", "lovaszx", "lovasz-xyz"),
        CloseNames.to("lovas", List.of("lovasz-xyz", "lovaszx", "lovasz")));
    assertEquals(List.of("tversky-alpha", "tversky-beta"),
        CloseNames.to("tversky-alfa", List.of("tversky-beta", "tversky-alpha", "threshold")));
    // at most three
    assertEquals(List.of("combo-eps", "combo-xyz", "combo-alpha"),
        CloseNames.to("combo-ep", List.of("combo-alpha", "combo-ce-ratio", "combo-eps", "combo-xyz")));
  }

  @Test
  void aMisspeltCommandGetsASuggestionForTheCommand() {
    // not "unknown option '--pred'; did you mean evaluate?": the command is the mistake
    assertEquals("segeval: unknown command 'evalute'; did you mean evaluate?",
        refusal("evalute", "--pred", "p", "--target", "t", "--output", "o"));
    assertEquals("segeval: unknown command 'evalute'; did you mean evaluate?", refusal("evalute"));
    assertEquals("segeval: unknown command 'zzzz'; the commands are evaluate, pack, sql, demo",
        refusal("zzzz", "--pred", "p"));
    // an unknown option before any command stays an unknown option
    assertEquals("segeval: Unknown option: '--zzzzzzzz'", refusal("--zzzzzzzz"));
  }

  @Test
  void anOptionOfAnotherCommandSaysWhoseItIs() {
    assertEquals("segeval: pack has no --config option (it is an option of evaluate)",
        refusal("pack", "--config", "conf/segeval.properties", "--pred", "p", "--target", "t", "--output", "o"));
    // before the options pack misses, and without them
    assertEquals("segeval: pack has no --config option (it is an option of evaluate)", refusal("pack", "--config", "f"));
    assertEquals("segeval: unknown option '--ouput'; did you mean --output?",
        refusal("pack", "--pred", "p", "--target", "t", "--ouput", "o"));
    assertEquals("segeval: Missing required option: '--output=URI'", refusal("pack", "--pred", "p", "--target", "t"));
    assertEquals("segeval: pack has no --lovasz option (it is an option of evaluate)",
        refusal("pack", "--pred", "p", "--target", "t", "--output", "o", "--lovasz", "both"));
  }

  @Test
  void aBadInputKindNamesTheOption() {
    assertEquals("segeval: --input must be one of logits, probabilities, labels, got 'logit'",
        refusal(evaluate("--input", "logit")));
  }

  /**
   * --max-rejected and a gate on the skipped records (which could never miss: with fail no record
   * is skipped) are for --on-bad-record skip only, refused with the default fail and an explicit one.
   */
  @Test
  void maxRejectedAndARejectedGateWithoutSkipAreRefused() {
    String why = " applies to --on-bad-record skip only (with fail, the first bad record stops the run)";
    assertEquals("segeval: --max-rejected" + why, refusal(evaluate("--max-rejected", "5")));
    assertEquals("segeval: --max-rejected" + why, refusal(evaluate("--max-rejected", "0", "--on-bad-record", "fail")));
    assertEquals("segeval: --fail-over rejected=N" + why, refusal(evaluate("--fail-over", "bce=0.3,rejected=0")));
    assertEquals("segeval: --fail-over rejected=N" + why,
        refusal(evaluate("--fail-over", "rejected=20", "--on-bad-record", "fail")));
  }

  @Test
  void standardOptionsAreNoConfigKeys() throws IOException {
    // not misspelt: no suggestion (verbose for version, combo-eps for config: the same first two letters)
    for (String key : List.of("help", "version", "config")) {
      Path conf = Files.writeString(tmp.resolve(key + ".properties"), key + " = true\n");
      assertEquals("segeval: --config " + conf + ": unknown key '" + key + "' (keys are option names without dashes: [",
          refusal(evaluate("--config", conf.toString())).substring(0, ("segeval: --config " + conf + ": unknown key '"
              + key + "' (keys are option names without dashes: [").length()));
    }
  }

  @Test
  void anUnreadableConfigFileSaysWhy() {
    Path none = tmp.resolve("none.properties");
    assertEquals("segeval: cannot read the --config file " + none + ": no such file", refusal(evaluate("--config", none.toString())));
    assertEquals("segeval: cannot read the --config file " + tmp + ": a folder, not a file",
        refusal(evaluate("--config", tmp.toString())));
  }

  @Test
  void theDemoNeedsAtLeastOneImage() {
    assertEquals("segeval: --images must be at least 1, got -3", refusal("demo", "--images", "-3", "--generate-only",
        "--dir", tmp.resolve("demo").toString()));
    assertEquals("segeval: --images must be at least 1, got 0", refusal("demo", "--images", "0", "--generate-only",
        "--dir", tmp.resolve("demo").toString()));
    assertEquals("segeval: --size must be >= 0 (0: varied sizes), got -1", refusal("demo", "--size", "-1",
        "--generate-only", "--dir", tmp.resolve("demo").toString()));    // --task is read as evaluate reads it: case aside, the same refusal
    assertEquals("segeval: --task must be one of binary, multiclass, got 'binery'", refusal("demo", "--task", "binery",
        "--generate-only", "--dir", tmp.resolve("demo").toString()));
  }

  @Test
  void everyCommandsVerboseHelpSaysWhatItKeeps() {
    // --verbose also keeps the Spark lines BadRecordLogFilter drops, not only stack traces
    for (String command : new String[] {"evaluate", "pack", "sql"}) {
      CliRun help = CliRun.of(command, "--help");
      assertTrue(help.out().replaceAll("\\s+", " ").contains("--verbose " + FailureHandler.VERBOSE_HELP), help.out());
    }
  }
}
