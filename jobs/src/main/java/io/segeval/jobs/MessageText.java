package io.segeval.jobs;

/** What of an exception's message goes into SegEval's one-line messages. */
public final class MessageText {
  private MessageText() {}

  /**
   * The first line of a message that is not blank, stripped: the reason. (Spark's parse errors
   * start with a line break, then the reason, then the query with a caret under the error.)
   */
  public static String firstLine(String message) {
    return String.valueOf(message).lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("");
  }
}
