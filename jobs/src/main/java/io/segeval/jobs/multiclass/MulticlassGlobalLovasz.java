package io.segeval.jobs.multiclass;

import io.segeval.codec.ReusedBuffer;
import io.segeval.core.NeumaierSum;
import io.segeval.core.lovasz.LovaszSoftmax;
import io.segeval.core.lovasz.LovaszWorkspace;
import io.segeval.core.multiclass.MulticlassCounts;
import io.segeval.core.multiclass.MulticlassParams;
import io.segeval.jobs.input.ImagePair;
import io.segeval.jobs.input.ImageSource;
import io.segeval.jobs.lovasz.EvaluatedImages;
import io.segeval.jobs.lovasz.GlobalLovasz;
import io.segeval.jobs.lovasz.GroupedRunsSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The dataset-wide Lovász-softmax (spec §3, §4): {@link GlobalLovasz}'s distributed sort with one
 * series per class c (errors {@code |[t=c] − p_c|}, target weight {@code [t=c]},
 * {@code g_c = T_c}, the dataset's pixels of class c), repeated per {@code --group-by} group. A
 * loss is the mean over the classes with {@code g_c > 0} ("present" classes), summed in class order.
 * Only those series are sorted: per block (the dataset, a group) the classes present in its
 * targets; the images' errors are computed only for the classes present in the dataset.
 */
final class MulticlassGlobalLovasz {
  private MulticlassGlobalLovasz() {}

  /**
   * The loss of every block (0: the whole dataset, 1 + i: group i; {@link GroupedRunsSource}),
   * null for a block where no class is present in the targets.
   *
   * @param blocks each block's state, for its per-class target counts g_c = T_c
   */
  static Double[] losses(EvaluatedImages images, MulticlassParams params, ImageSource source,
      List<MulticlassCounts> blocks, Map<String, Integer> groupIndex) {
    int classes = params.numClasses();
    double[] g = new double[blocks.size() * classes];
    boolean[] present = new boolean[g.length];
    for (int b = 0; b < blocks.size(); b++) {
      for (int c = 0; c < classes; c++) {
        g[b * classes + c] = blocks.get(b).targetCount(c);
        present[b * classes + c] = g[b * classes + c] > 0;
      }
    }
    boolean[] inDataset = Arrays.copyOf(present, classes); // block 0: the whole dataset
    double[] losses = GlobalLovasz.losses(images,
        new GroupedRunsSource(new Source(params, source, inDataset), groupIndex), g, present);
    Double[] perBlock = new Double[blocks.size()];
    for (int b = 0; b < blocks.size(); b++) {
      NeumaierSum sum = new NeumaierSum();
      int count = 0;
      for (int c = 0; c < classes; c++) {
        if (present[b * classes + c]) {
          sum.add(losses[b * classes + c]);
          count++;
        }
      }
      perBlock[b] = count == 0 ? null : sum.value() / count;
    }
    return perBlock;
  }

  /**
   * Each image's error runs of the classes present in the dataset (null for the others). The
   * probabilities come from the engine's own fused pass (into a scratch state that is never read),
   * so they are bit for bit those of the per-image stage, and an image that has become a bad record
   * since is refused the same way.
   */
  static final class Source implements GlobalLovasz.ImageRunsSource {
    private static final long serialVersionUID = 1L;
    private final MulticlassParams params;
    private final ImageSource source;
    private final boolean[] classes;

    /** @param classes the classes present in the dataset's targets */
    Source(MulticlassParams params, ImageSource source, boolean[] classes) {
      this.params = params;
      this.source = source;
      this.classes = classes.clone();
    }

    @Override
    public ImageSource images() {
      return source;
    }

    @Override
    public int series() {
      return params.numClasses();
    }

    @Override
    public GlobalLovasz.ImageRunsReader open() {
      MulticlassImageReader reader = new MulticlassImageReader(source, params.inputKind(), params.numClasses());
      LovaszWorkspace workspace = new LovaszWorkspace();
      return new GlobalLovasz.ImageRunsReader() {
        private final MulticlassCounts scratch = new MulticlassCounts(params);
        private double[] probabilities = new double[0];

        @Override
        public GlobalLovasz.ImageRuns read(ImagePair pair, double[] below) {
          MulticlassImageReader.Image image = reader.read(pair);
          int n = image.pixels();
          int values = params.numClasses() * n;
          probabilities = ReusedBuffer.atLeast(probabilities, values);
          MulticlassImageReader.count(pair, image, scratch, probabilities);
          return new GlobalLovasz.ImageRuns(n, LovaszSoftmax.errorRuns(probabilities, params.numClasses(),
              image.target(), n, params.ignoreIndex(), workspace, classes, below));
        }
      };
    }
  }
}
