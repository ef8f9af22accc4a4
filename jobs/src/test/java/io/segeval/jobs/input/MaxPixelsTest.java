package io.segeval.jobs.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.segeval.jobs.CliRun;
import org.junit.jupiter.api.Test;

/** --max-pixels limits values (H×W for a mask, C×H×W for a score array, D·H·W or C·D·H·W for a volume), and says so. */
class MaxPixelsTest {
  private static final String LIMITS = "H×W for a mask, C×H×W for a score array";

  @Test
  void aTableCellOfMoreValuesIsRefusedNamingWhatIsLimited() {
    ImagePair pair = new ImagePair();
    pair.setImageId("a");
    pair.setRowSource("file:/lake/t/part-0.parquet");
    pair.setPredPath("pred of row a");
    pair.setPredValues(new double[2 * 2 * 3]); // (C, H, W) = (3, 2, 2): 12 values, 4 pixels
    pair.setHeight(2);
    pair.setWidth(2);
    ImageDecoder decoder = new ImageSource(null, 10, null).open();
    ImageRecordException e = assertThrows(ImageRecordException.class, () -> decoder.pred(pair, null));
    assertEquals("the array holds 12 values, more than --max-pixels 10 (it limits values: " + LIMITS + ")", e.reason());
  }

  @Test
  void theHelpSaysWhatIsLimited() {
    for (String command : new String[] {"evaluate", "pack"}) {
      CliRun help = CliRun.of(command, "--help");
      assertTrue(help.out().replaceAll("\\s+", " ").contains("more than N values (" + LIMITS + ", D·H·W or C·D·H·W for a volume), from its header"),
          help.out());
    }
  }
}
