#!/usr/bin/env python3
"""Many tiny image pairs in nested folders, for measuring SegEval at scale on a small machine
(docs/performance.md, "Many small images, many groups").

    many_small_images.py OUT IMAGES SIZE [CHECKPOINTS [BAD [CLASSES]]]

OUT/mask/dNN/eNN/img_NNNNNN.png: binary masks (30 % foreground), or labels 0..CLASSES-1.
OUT/pred/... (or OUT/ckpts/ckpt_NNNN/... for CHECKPOINTS > 0): float32 logits .npy of SIZE x SIZE
(binary: +-3 + 2 N(0, 1) by the mask), or CLASSES x SIZE x SIZE N(0, 1).
BAD: the first BAD predictions of each folder are broken (half truncated NPY, half not NPY).
"""
import io
import os
import sys

import numpy as np
from PIL import Image


def npy_bytes(a):
    b = io.BytesIO()
    np.save(b, a)
    return b.getvalue()


def png_bytes(m):
    b = io.BytesIO()
    Image.fromarray(m).save(b, format="PNG")
    return b.getvalue()


def write(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def main(argv):
    if len(argv) < 4:
        sys.exit(__doc__)
    out, n, size = argv[1], int(argv[2]), int(argv[3])
    ckpts, bad, classes = (int(v) for v in (argv[4:] + ["0", "0", "0"])[:3])
    rng = np.random.default_rng(1)
    pred_dirs = [f"{out}/pred"] if ckpts == 0 else [f"{out}/ckpts/ckpt_{k:04d}" for k in range(ckpts)]
    for i in range(n):
        rel = f"d{i % 50:02d}/e{(i // 50) % 40:02d}/img_{i:06d}"  # 50 x 40 nested folders
        if classes:
            m = rng.integers(0, classes, (size, size), dtype=np.uint8)
        else:
            m = (rng.random((size, size)) < 0.3).astype(np.uint8)
        write(f"{out}/mask/{rel}.png", png_bytes(m))
        for pred_dir in pred_dirs:
            if classes:
                x = rng.standard_normal((classes, size, size), dtype=np.float32)
            else:
                x = (np.where(m == 1, 3.0, -3.0) + 2 * rng.standard_normal((size, size))).astype(np.float32)
            data = npy_bytes(x)
            if i < bad:
                data = data[: len(data) // 2] if i % 2 == 0 else b"not an npy file at all"
            write(f"{pred_dir}/{rel}.npy", data)


if __name__ == "__main__":
    main(sys.argv)
