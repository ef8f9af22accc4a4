package io.segeval.jobs.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** {@code summary.json}, written with Jackson. */
public final class SummaryJson {
  private SummaryJson() {}

  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static String toJson(Summary summary) {
    try {
      return MAPPER.writeValueAsString(summary) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the summary", e);
    }
  }
}
