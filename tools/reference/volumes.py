#!/usr/bin/env python3
"""Reference values for VolumesTest (run with Debian's /usr/bin/python3: torch + numpy).

Writes three small 3-D volumes per task and a few dataset-wide values computed by PyTorch 1.13 in
float64 on the volumes as 5-D tensors, so that the cross-check does not share SegEval's
"a volume is a (D*H, W) image" reading:
  bin/pred/v{0,1,2}.npy  (4, 8, 9) float32 logits       bin/mask/v{0,1,2}.npy  (4, 8, 9) uint8 0/1
  mc/pred/v{0,1,2}.npy   (3, 4, 8, 9) float32 logits    mc/mask/v{0,1,2}.npy   (4, 8, 9) uint8 0..2, ~10% 255
  expected.json          binary: bce (binary_cross_entropy_with_logits, mean over all voxels),
                         dice (soft, smooth 1), lovasz_hinge_loss (dataset) and per volume
                         (lovasz_ref.py's reference); multiclass: ce (cross_entropy over
                         (N, C, D, H, W), ignore_index 255), lovasz_softmax_loss (dataset, per volume)
Usage: /usr/bin/python3 tools/reference/volumes.py [OUT_DIR]
"""
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lovasz_ref as lr  # noqa: E402

D, H, W, C, IGNORE = 4, 8, 9, 3, 255
IDS = ["v0", "v1", "v2"]


def save(path, a):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.save(path, a)


def binary(rng, out):
    preds, masks = [], []
    for i in IDS:
        t = (rng.random((D, H, W)) < 0.35).astype(np.uint8)
        x = (rng.normal(0, 2, (D, H, W)) + 1.5 * (2.0 * t - 1)).astype(np.float32)
        save(os.path.join(out, "bin", "pred", i + ".npy"), x)
        save(os.path.join(out, "bin", "mask", i + ".npy"), t)
        preds.append(x.astype(np.float64))
        masks.append(t.astype(np.float64))
    x = torch.tensor(np.stack(preds))  # (N, D, H, W)
    t = torch.tensor(np.stack(masks))
    p = torch.sigmoid(x)
    inter, psum, tsum = float((p * t).sum()), float(p.sum()), float(t.sum())
    return {
        "bce": float(F.binary_cross_entropy_with_logits(x, t, reduction="mean")),
        "dice": (2 * inter + 1) / (psum + tsum + 1),
        "lovasz_hinge_loss": lr.hinge(np.stack(preds).ravel(), np.stack(masks).ravel()),
        "per_image_lovasz_hinge_loss": {i: lr.hinge(a.ravel(), b.ravel()) for i, a, b in zip(IDS, preds, masks)},
    }


def multiclass(rng, out):
    preds, masks = [], []
    for i in IDS:
        t = rng.integers(0, C, (D, H, W)).astype(np.uint8)
        t[rng.random((D, H, W)) < 0.1] = IGNORE
        x = rng.normal(0, 1.5, (C, D, H, W))
        for c in range(C):
            x[c] += 1.2 * (t == c)
        x = x.astype(np.float32)
        save(os.path.join(out, "mc", "pred", i + ".npy"), x)
        save(os.path.join(out, "mc", "mask", i + ".npy"), t)
        preds.append(x.astype(np.float64))
        masks.append(t.astype(np.int64))
    x = torch.tensor(np.stack(preds))  # (N, C, D, H, W)
    t = torch.tensor(np.stack(masks))  # (N, D, H, W)
    probs = torch.softmax(x, dim=1).numpy()
    flat_probs = np.concatenate([pr.reshape(C, -1) for pr in probs], axis=1)
    flat_labels = np.concatenate([m.ravel() for m in masks])
    return {
        "ce": float(F.cross_entropy(x, t, ignore_index=IGNORE, reduction="mean")),
        "lovasz_softmax_loss": lr.softmax_loss(flat_probs, flat_labels, IGNORE),
        "per_image_lovasz_softmax_loss": {
            i: lr.softmax_loss(pr.reshape(C, -1), m.ravel(), IGNORE) for i, pr, m in zip(IDS, probs, masks)},
    }


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), "..", "..", "jobs", "src", "test", "resources", "volumes")
    rng = np.random.default_rng(20261130)
    expected = {"binary": binary(rng, out), "multiclass": multiclass(rng, out)}
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=2, sort_keys=True)
        f.write("\n")


if __name__ == "__main__":
    main()
