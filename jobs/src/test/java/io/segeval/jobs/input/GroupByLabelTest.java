package io.segeval.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.segeval.codec.Reason;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How messages name a group: its columns and values, as the quality gates and the bad records show them. */
class GroupByLabelTest {
  @Test
  void aGroupIsItsColumnsWithTheirValuesTheValuesMaskedInTheClass() {
    Map<String, String> key = new LinkedHashMap<>();
    key.put("checkpoint", "ck1");
    key.put("split", "val");
    assertEquals(new Reason("checkpoint=ck1, split=val", "checkpoint=#, split=#"), GroupBy.label(key));
  }

  @Test
  void emptyAndNullValuesAreShownAsSuch() {
    Map<String, String> key = new LinkedHashMap<>();
    key.put("image_dir", "");
    key.put("model", null);
    assertEquals("image_dir=\"\", model=null", GroupBy.label(key).text());
  }

  @Test
  void theKeyOfARowDecodesIntoItsLabel() {
    GroupBy groupBy = new GroupBy(List.of("model", "epoch"), Map.of());
    assertEquals("model=unet-v3, epoch=12", GroupBy.label(groupBy.decode("[\"unet-v3\",\"12\"]")).text());
    assertEquals(new Reason("2 rows share this image_id in group model=unet-v3, epoch=12",
            "# rows share this image_id in group model=#, epoch=#"),
        TableInputs.sharedIdReason(2, groupBy, "[\"unet-v3\",\"12\"]"));
    assertEquals(new Reason("3 rows share this image_id", "# rows share this image_id"),
        TableInputs.sharedIdReason(3, GroupBy.NONE, ""));
  }
}
