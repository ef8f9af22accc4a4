package io.segeval.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every relative link of README.md and docs/*.md ({@code [text](file.md#anchor)}, {@code (#anchor)})
 * leads to a file that exists and, with an anchor, to one of its headings, named as GitHub names
 * them (lower case, punctuation dropped, spaces as hyphens, "-1" on a repeated heading).
 */
class DocsLinksTest {
  /** The repository (the tests run in jobs/). */
  private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

  @Test
  void everyRelativeLinkAndAnchorResolves() throws IOException {
    List<Path> docs = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
    }
    List<String> broken = new ArrayList<>();
    for (Path doc : docs) {
      for (String target : links(doc)) {
        if (target.matches("^[a-z]+:.*")) {
          continue; // http:, https:, mailto:
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        Path linked = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
        if (!Files.exists(linked)) {
          broken.add(ROOT.relativize(doc) + ": " + target + " (no such file)");
        } else if (hash >= 0 && linked.toString().endsWith(".md")
            && !anchors(linked).contains(target.substring(hash + 1))) {
          broken.add(ROOT.relativize(doc) + ": " + target + " (no such heading)");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  /** The link targets of a Markdown file, outside fenced code blocks. */
  private static List<String> links(Path doc) throws IOException {
    List<String> targets = new ArrayList<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(doc)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced) {
        Matcher m = LINK.matcher(line);
        while (m.find()) {
          targets.add(m.group(1));
        }
      }
    }
    return targets;
  }

  /** The anchors GitHub gives the headings of a Markdown file. */
  private static Set<String> anchors(Path doc) throws IOException {
    Set<String> anchors = new HashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean fenced = false;
    for (String line : Files.readAllLines(doc)) {
      if (line.strip().startsWith("```")) {
        fenced = !fenced;
      } else if (!fenced && line.matches("^#{1,6} .*")) {
        String slug = line.replaceFirst("^#+ ", "").strip().toLowerCase(Locale.ROOT)
            .replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
        int n = seen.merge(slug, 1, Integer::sum);
        anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
      }
    }
    return anchors;
  }
}
