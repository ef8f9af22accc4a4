#!/usr/bin/env python3
"""Reference values of EmptyTargetCasesTest (run with /usr/bin/python3: numpy): lesion volumes whose
target is empty, scored by the formulas of the spec (section 2, per-image means; section 4, Lovász
hinge) in float64, every sum with math.fsum. The logits are exact in float32, as the test writes them.

  clean           2x3x4, empty target, every logit <= -1: nothing predicted
  false_positive  2x2x3, empty target, one voxel at logit 1.5 (a false positive)
  lesion          2x2x2, two foreground voxels, both found
Prints each image's values, the per-image means and the dataset values, for all three images and
for clean alone.
"""
import math

import numpy as np

S = 1.0  # smooth; Tversky alpha = beta = 0.5


def fsum(a):
    return math.fsum(np.asarray(a, np.float64).ravel().tolist())


def div(a, b):
    return None if b == 0 else a / b


def lovasz_hinge(x, t):
    e = 1 - x * (2 * t - 1)
    order = np.argsort(-e, kind="stable")
    e, ts = e[order], t[order]
    g = ts.sum()
    jac = 1 - (g - np.cumsum(ts)) / (g + np.cumsum(1 - ts))
    grad = np.concatenate([[jac[0]], np.diff(jac)])
    return fsum(np.maximum(e, 0) * grad)


def image(x, t):
    x = np.asarray(x, np.float64).ravel()
    t = np.asarray(t, np.float64).ravel()
    p = 1 / (1 + np.exp(-x))
    pos, fg = x >= 0, t >= 0.5
    i, psum, tsum = fsum(p * t), fsum(p), fsum(t)
    tp, fp, fn = int(np.sum(pos & fg)), int(np.sum(pos & ~fg)), int(np.sum(~pos & fg))
    return dict(I=i, P=psum, T=tsum, tp=tp, fp=fp, fn=fn, tn=x.size - tp - fp - fn, x=x, t=t,
                dice=(2 * i + S) / (psum + tsum + S), iou=(i + S) / (psum + tsum - i + S),
                tversky=(i + S) / (i + 0.5 * (psum - i) + 0.5 * (tsum - i) + S),
                lovasz_hinge_loss=lovasz_hinge(x, t),
                hard_dice=1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn),
                hard_iou=1.0 if tp + fp + fn == 0 else tp / (tp + fp + fn))


def dataset(images):
    i, psum, tsum = (math.fsum(r[k] for r in images) for k in "IPT")
    tp, fp, fn, tn = (sum(r[k] for r in images) for k in ("tp", "fp", "fn", "tn"))
    x = np.concatenate([r["x"] for r in images])
    t = np.concatenate([r["t"] for r in images])
    return dict(dice=(2 * i + S) / (psum + tsum + S), iou=(i + S) / (psum + tsum - i + S),
                hard_dice=div(2 * tp, 2 * tp + fp + fn), hard_iou=div(tp, tp + fp + fn),
                precision=div(tp, tp + fp), recall=div(tp, tp + fn), accuracy=(tp + tn) / x.size,
                specificity=div(tn, tn + fp), lovasz_hinge_loss=lovasz_hinge(x, t))


CLEAN = [-7, -6.5, -8.25, -7.5, -6, -9, -7, -7.25, -8, -6.75, -7, -5.5] * 2
FALSE_POSITIVE = [-5, -5, -4.5, -6, 1.5, -5, -5.5, -5, -6, -4, -5, -5]
IMAGES = {"clean": image(CLEAN, [0] * 24), "false_positive": image(FALSE_POSITIVE, [0] * 12),
          "lesion": image([2, -3, -4, 0.5, -5, -2, -6, -1], [1, 0, 0, 1, 0, 0, 0, 0])}

for name, ids in (("all", list(IMAGES)), ("clean alone", ["clean"])):
    rows = [IMAGES[k] for k in ids]
    print(f"== {name}")
    for k in ids:
        r = IMAGES[k]
        print(" ", k, {key: r[key] for key in ("dice", "iou", "tversky", "lovasz_hinge_loss", "tp", "fp", "fn",
                                                 "tn", "hard_dice", "hard_iou")})
    print("  per_image_mean", {key: math.fsum(r[key] for r in rows) / len(rows)
                               for key in ("dice", "iou", "hard_dice", "lovasz_hinge_loss")})
    print("  dataset", dataset(rows))
