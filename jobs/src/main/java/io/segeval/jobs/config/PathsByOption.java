package io.segeval.jobs.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The paths a run names, each labelled by the option that names it ("--pred URI" → URI), in the
 * order added; a path one option names twice is kept once. Messages quote the label: what OUTPUT
 * must stay apart from ({@code OutputDir}), what must be reachable ({@code FileSystemSupport}).
 */
public final class PathsByOption {
  /** The options that name a path, as the user writes them. */
  public enum PathOption {
    PRED("--pred"),
    TARGET("--target"),
    TABLE("--table"),
    HISTORY("--history"),
    OUTPUT("--output");

    private final String flag;

    PathOption(String flag) {
      this.flag = flag;
    }
  }

  private final Map<String, String> byLabel = new LinkedHashMap<>();

  public PathsByOption() {}

  /** Starts from paths labelled already (a {@link #toMap} of another instance). */
  public PathsByOption(Map<String, String> labelled) {
    byLabel.putAll(labelled);
  }

  public PathsByOption add(PathOption option, String uri) {
    byLabel.putIfAbsent(option.flag + " " + uri, uri);
    return this;
  }

  public PathsByOption addAll(PathOption option, Collection<String> uris) {
    uris.forEach(uri -> add(option, uri));
    return this;
  }

  /** A copy: label → path, in the order added. */
  public Map<String, String> toMap() {
    return new LinkedHashMap<>(byLabel);
  }
}
