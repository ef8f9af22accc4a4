"""Per-image mIoU of the mc_public images (not in expected.json): for each image, the mean over
classes with row_c + col_c − M[c][c] > 0 of M[c][c] / (row_c + col_c − M[c][c]), argmax ties to
the lowest class, target 255 ignored. float64 NumPy; masks read with PIL.

Run: /usr/bin/python3 tools/reference/mc_public_per_image_miou.py \
       udfs/src/test/resources/mc_public > udfs/src/test/resources/mc_public/per_image_miou.json
"""
import json
import os
import sys

import numpy as np
from PIL import Image

root = sys.argv[1]
out = {}
for name in sorted(os.listdir(os.path.join(root, "pred"))):
    image_id = name[: -len(".npy")]
    x = np.load(os.path.join(root, "pred", name)).astype(np.float64)
    t = np.array(Image.open(os.path.join(root, "mask", image_id + ".png"))).astype(np.int64)
    c_count = x.shape[0]
    keep = t != 255
    pred = x.argmax(axis=0)[keep]
    m = np.zeros((c_count, c_count), dtype=np.int64)
    np.add.at(m, (t[keep], pred), 1)
    tp = np.diag(m)
    den = m.sum(axis=1) + m.sum(axis=0) - tp
    out[image_id] = float(np.mean(tp[den > 0] / den[den > 0])) if (den > 0).any() else None
json.dump(out, sys.stdout, indent=1)
print()
