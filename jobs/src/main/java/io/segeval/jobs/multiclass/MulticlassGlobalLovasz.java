package io.segeval.jobs.multiclass;

import io.segeval.core.NeumaierSum;
import io.segeval.core.lovasz.ErrorRuns;
import io.segeval.core.lovasz.LovaszSoftmax;
import io.segeval.core.lovasz.LovaszWorkspace;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.jobs.input.HadoopConf;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.lovasz.GlobalLovasz;
import org.apache.spark.api.java.JavaRDD;

/**
 * The dataset-wide Lovász-softmax (spec §3, §4): {@link GlobalLovasz}'s distributed sort with one
 * series per class c (errors {@code |[t=c] − p_c|}, target weight {@code [t=c]},
 * {@code g_c = T_c}, the dataset's pixels of class c). The loss is the mean over the classes with
 * {@code g_c > 0} ("present" classes), summed in class order.
 */
final class MulticlassGlobalLovasz {
  private MulticlassGlobalLovasz() {}

  /** The loss, or null when no class is present in the targets. */
  static Double loss(JavaRDD<ImagePair> pairs, MulticlassParams params, long maxPixels, HadoopConf conf,
      MulticlassCounts dataset) {
    int classes = params.numClasses();
    double[] g = new double[classes];
    for (int c = 0; c < classes; c++) {
      g[c] = dataset.targetCount(c);
    }
    double[] losses = GlobalLovasz.losses(pairs, new Source(params, maxPixels, conf), g);
    NeumaierSum sum = new NeumaierSum();
    int present = 0;
    for (int c = 0; c < classes; c++) {
      if (g[c] > 0) {
        sum.add(losses[c]);
        present++;
      }
    }
    return present == 0 ? null : sum.value() / present;
  }

  /**
   * Each image's error runs of every class. The probabilities come from the engine's own fused
   * pass (into a scratch state that is never read), so they are bit for bit those of the
   * per-image stage, and a bad record is refused the same way (and skipped: it was reported there).
   */
  static final class Source implements GlobalLovasz.ImageRunsSource {
    private static final long serialVersionUID = 1L;
    private final MulticlassParams params;
    private final long maxPixels;
    private final HadoopConf conf;

    Source(MulticlassParams params, long maxPixels, HadoopConf conf) {
      this.params = params;
      this.maxPixels = maxPixels;
      this.conf = conf;
    }

    @Override
    public int series() {
      return params.numClasses();
    }

    @Override
    public GlobalLovasz.ImageRunsReader open() {
      MulticlassImageReader reader = new MulticlassImageReader(conf, maxPixels, params.inputKind(), params.numClasses());
      LovaszWorkspace workspace = new LovaszWorkspace();
      return new GlobalLovasz.ImageRunsReader() {
        private final MulticlassCounts scratch = new MulticlassCounts(params);
        private double[] probabilities = new double[0];

        @Override
        public ErrorRuns[] read(ImagePair pair) {
          MulticlassImageReader.Image image = reader.read(pair);
          int n = image.pixels();
          int values = params.numClasses() * n;
          if (probabilities.length < values) {
            probabilities = new double[values];
          }
          scratch.update(image.pred(), image.target(), n, image.width(), probabilities);
          return LovaszSoftmax.errorRuns(probabilities, params.numClasses(), image.target(), n,
              params.ignoreIndex(), workspace);
        }
      };
    }
  }
}
