#!/usr/bin/env python3
"""Reference values for ParamSweepTest: SegEval's metrics at parameter values and input kinds that
testdata/ (one parameter set, float32 logits) does not reach (run with Debian's /usr/bin/python3:
torch + numpy + PIL).

Generates a small binary and a small multiclass dataset (fixed seed) and computes, in float64
PyTorch, each case's dataset-wide values, per-image means and per-image rows, by the formulas of
spec/metrics.md (sections 2-4) as written; where the spec leaves a choice open, the choice of
docs/metrics.md (marked "docs:" below). The Lovász functions are lovasz_ref.py's re-typed
reference (Berman et al. 2018, float64). Each loss is cross-checked against the PyTorch function
it restates (binary_cross_entropy[_with_logits], cross_entropy, argmax) at 1e-12.

Binary (C=1), 6 images from 1x1 to 29x40, one all-background, one in a subfolder:
  bin/mask/        8-bit PNG targets, 0/255 (b_3x5: 0/1)
  bin/mask_soft/   float32 NPY soft targets in [0, 1] (0, 0.25, 0.5 - 2^-25, 0.5, 0.75, 1)
  bin/pred_f32/    float32 logits, incl. 0.0, -0.0, +-30
  bin/pred_f16/    float16 logits, incl. a subnormal
  bin/pred_f64/    float64 logits (not float32 values), incl. +-1e-17 (float64 sigmoid = 0.5), +-200
  bin/pred_prob/   float32 probabilities, incl. exact 0 and 1, 0.5, float32(0.3), float32(0.9), 1e-30
  bin/pred_labels/ 8-bit PNG hard labels 0/255 (b_3x5: 0/1)
Multiclass, C = 4, 5 images (1x1, all-ignored 3x4, ...); class 3 is never a target:
  mc/mask/         8-bit PNG class ids 0..2 and 255
  mc/mask_full/    the same with 255 replaced by class ids (for ignore_index 0 and -1)
  mc/pred_f32/     float32 logits (C,H,W), incl. tied maxima
  mc/pred_f64/     float64 logits
  mc/pred_prob/    float32 probabilities, incl. one-hot pixels, p_t = 0 exactly, ties
  mc/pred_labels/  8-bit PNG class ids (argmax of pred_f32; class 3 never predicted)

Writes the data and expected.json (the cases: folders, options as CLI/SQL keys, expected values;
null where undefined or not computable) into jobs/src/test/resources/param_sweep/.
Usage: /usr/bin/python3 tools/reference/param_sweep.py [OUT_DIR]
Running it again reproduces every file byte for byte (fixed seed, NumPy/PIL/torch as above).
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lovasz_ref import lovasz_hinge_flat, lovasz_softmax_flat  # noqa: E402

torch.set_default_dtype(torch.float64)
SEED = 20240611
NUM_CLASSES = 4
BIN_IMAGES = [("a_1x1", 1, 1), ("b_3x5", 3, 5), ("c_empty_9x11", 9, 11), ("d_17x13", 17, 13),
              ("sub/e_24x31", 24, 31), ("f_29x40", 29, 40)]
MC_IMAGES = [("m_1x1", 1, 1), ("m_ignored_3x4", 3, 4), ("m_12x10", 12, 10), ("m_17x20", 17, 20),
             ("sub/m_9x23", 9, 23)]
F32_03 = float(np.float32(0.3))  # 0.30000001192..., >= 0.3
F32_09 = float(np.float32(0.9))  # 0.89999997615..., < 0.9


# ---------------------------------------------------------------- data
def binary_data(rng):
    """{image_id: dict(t, mask, soft, x64, x32, x16, prob, labels)}, all (H, W) arrays."""
    data = {}
    for iid, h, w in BIN_IMAGES:
        frac = 0.0 if iid.startswith("c_empty") else rng.uniform(0.2, 0.6)
        t = (rng.random((h, w)) < frac).astype(np.float64)
        if iid == "a_1x1":
            t[:] = 1.0
        x64 = 2.0 * (2 * t - 1) * rng.uniform(0.2, 1.5, (h, w)) + rng.normal(0.0, 2.0, (h, w))
        soft = np.where(t == 1, rng.choice([1.0, 0.75, 0.5], (h, w)),
                        rng.choice([0.0, 0.25, float(np.float32(0.5) - np.float32(2 ** -25))], (h, w)))
        if iid.startswith("c_empty"):
            soft[:] = 0.0
        data[iid] = {"t": t, "x64": x64, "soft": soft.astype(np.float32)}
    # special pixels, with their targets: float32 logits in row 0 of d
    d = data["d_17x13"]
    for col, (x, t) in enumerate([(0.0, 0), (-0.0, 1), (30.0, 0), (-30.0, 1), (0.0, 1), (-0.0, 0)]):
        d["x64"][0, col], d["t"][0, col] = x, t
    for v in data.values():
        v["x32"] = v["x64"].astype(np.float32)
        v["x16"] = v["x32"].astype(np.float16)
        v["prob"] = (1.0 / (1.0 + np.exp(-v["x64"]))).astype(np.float32)
        v["labels"] = np.where(v["x32"] >= 0, 255, 0).astype(np.uint8)
    data["c_empty_9x11"]["labels"][:] = 0  # nothing predicted, nothing to find: 0/0 at smooth 0
    data["b_3x5"]["labels"] //= 255  # 0/1 labels
    data["d_17x13"]["x16"][1, 0] = np.float16(2 ** -24)  # float16 subnormal
    # row 1 of f: float64 logits that are not float32 values, and the sigmoid-rounding case of the
    # spec (x in (-1.2e-16, 0)); row 0 of f: probabilities
    f = data["f_29x40"]
    f["x64"] = f["x64"] + 1e-9
    for col, (x, t) in enumerate([(-1e-17, 0), (-1e-17, 1), (1e-17, 0), (-0.0, 1), (200.0, 0), (-200.0, 1),
                                  (200.0, 1), (-200.0, 0)]):
        f["x64"][1, col], f["t"][1, col] = x, t
    for col, (p, t) in enumerate([(0.0, 0), (0.0, 1), (1.0, 0), (1.0, 1), (0.5, 0), (0.5, 1), (F32_03, 0),
                                  (F32_09, 1), (1e-30, 1), (1 - 2 ** -24, 0)]):
        f["prob"][0, col], f["t"][0, col] = p, t
    data["a_1x1"]["prob"][0, 0] = 1e-30  # one pixel, foreground, p below every clamp
    for iid, v in data.items():
        v["mask"] = v["t"].astype(np.uint8) * (1 if iid == "b_3x5" else 255)
    return data


def softmax_np(x):
    z = x - x.max(axis=0, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=0, keepdims=True)


def multiclass_data(rng):
    """{image_id: dict(t, t_full, x64, x32, prob, labels)}: t (H, W) ints, scores (C, H, W)."""
    data = {}
    for iid, h, w in MC_IMAGES:
        t = rng.choice(3, (h, w), p=[0.5, 0.3, 0.2])
        t_full = t.copy()
        t[rng.random((h, w)) < 0.1] = 255
        if iid == "m_ignored_3x4":
            t[:] = 255
        if iid == "m_1x1":
            t[:] = 0
            t_full[:] = 0
        x64 = rng.normal(0.0, 1.5, (NUM_CLASSES, h, w))
        x64 += 2.5 * (np.arange(NUM_CLASSES)[:, None, None] == t_full[None]) * (rng.random((h, w)) < 0.7)
        x64[3] += 3.0 * (rng.random((h, w)) < 0.08)  # class 3: never a target, sometimes predicted
        data[iid] = {"t": t, "t_full": t_full, "x64": x64}
    # ties: all channels equal (argmax 0); channels 1 and 2, then 1, 2 and 3 tied on top (argmax 1)
    m = data["m_12x10"]["x64"]
    m[:, 0, 0] = 0.5
    m[:, 0, 1] = [-1.0, 2.0, 2.0, 0.0]
    m[:, 0, 2] = [1.0, 3.0, 3.0, 3.0]
    for v in data.values():
        v["x32"] = v["x64"].astype(np.float32)
        v["labels"] = np.argmax(v["x32"], axis=0).astype(np.uint8)
        v["labels"][v["labels"] == 3] = 0  # label maps never predict class 3
        v["prob"] = softmax_np(v["x64"]).astype(np.float32)  # channel sums not exactly 1
    p = data["m_17x20"]["prob"]
    t = data["m_17x20"]["t"]
    specials = [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0.5, 0.5, 0, 0], [0, 0.25, 0.25, 0.5], [0, 0, 1, 0]]
    for col, probs in enumerate(specials):
        p[:, 0, col] = probs
    t[0, :6] = [0, 0, 1, 1, 0, 2]  # 0 and 5 right; 1, 2, 4 wrong with p_t = 0 (CE 100); 3 tied (argmax 0)
    data["m_17x20"]["t_full"][0, :6] = t[0, :6]
    return data


# ---------------------------------------------------------------- binary reference
def safe_div(num, den):
    return None if den == 0 else float(num / den)


def or_one(v):
    """docs: an image's 0/0 (soft score at smooth 0, hard Dice/IoU with tp + fp + fn = 0) scores 1."""
    return 1.0 if v is None else v


class BinaryState:
    """The spec's state (section 2) of a set of pixels, and the formulas over it."""

    def __init__(self, pred, t, kind, params):
        x = torch.tensor(pred, dtype=torch.float64)
        t = torch.tensor(t, dtype=torch.float64)
        prm = self.params = params
        self.kind, self.n = kind, int(t.numel())
        if kind == "logits":
            p = torch.sigmoid(x)
            # spec: bce_j = max(x,0) - x·t + log1p(exp(-|x|))
            bce = torch.clamp(x, min=0) - x * t + torch.log1p(torch.exp(-x.abs()))
            check_close(bce, F.binary_cross_entropy_with_logits(x, t, reduction="none"), "bce with logits")
            thr = prm["threshold"]
            # spec: decided on the logit, x >= log(thr/(1-thr)) (x >= 0 at 0.5; -0.0 >= 0)
            pos = x >= (0.0 if thr == 0.5 else math.log(thr / (1 - thr)))
        else:  # probabilities, or labels read as p in {0, 1}
            p = x
            # spec: -(t·log p + (1-t)·log(1-p)), each log clamped at -100 as PyTorch does
            bce = -(t * torch.clamp(torch.log(p), min=-100) + (1 - t) * torch.clamp(torch.log(1 - p), min=-100))
            check_close(bce, F.binary_cross_entropy(p, t, reduction="none"), "bce of probabilities")
            pos = p >= prm["threshold"]
        tpos = t >= 0.5  # docs: a positive target iff t >= 0.5 (soft targets)
        # torchvision sigmoid_focal_loss, with bce_j as above
        p_t = p * t + (1 - p) * (1 - t)
        a = prm["focal_alpha"]
        focal = (a * t + (1 - a) * (1 - t)) * bce * ((1 - p_t) ** prm["focal_gamma"])
        # Combo (Taghanaki et al. 2019): q = clamp(p, eps, 1 - eps)
        eps, ca = prm["combo_eps"], prm["combo_alpha"]
        q = torch.clamp(p, eps, 1.0 - eps)
        wce = -(ca * t * torch.log(q) + (1 - ca) * (1 - t) * torch.log(1.0 - q))
        self.I, self.P, self.T = (p * t).sum().item(), p.sum().item(), t.sum().item()
        self.B, self.F, self.W = bce.sum().item(), focal.sum().item(), wce.sum().item()
        self.tp = int((pos & tpos).sum())
        self.fp = int((pos & ~tpos).sum())
        self.fn = int((~pos & tpos).sum())
        self.tn = int((~pos & ~tpos).sum())
        self.lovasz = None
        if kind != "labels" and self.n > 0:
            if kind == "probabilities":
                # docs: the hinge takes log q - log(1 - q), q = clamp(p, 2^-24, 1 - 2^-24)
                qq = torch.clamp(x, 2.0 ** -24, 1 - 2.0 ** -24)
                x = torch.log(qq) - torch.log1p(-qq)
            self.lovasz = float(lovasz_hinge_flat(x, t))

    def dice(self):
        s = self.params["smooth"]
        return safe_div(2 * self.I + s, self.P + self.T + s)

    def iou(self):
        s = self.params["smooth"]
        return safe_div(self.I + s, self.P + self.T - self.I + s)

    def tversky(self):
        s, a, b = self.params["smooth"], self.params["tversky_alpha"], self.params["tversky_beta"]
        return safe_div(self.I + s, self.I + a * (self.P - self.I) + b * (self.T - self.I) + s)

    def scores(self):
        return self.kind != "labels"

    def loss(self, total):
        return safe_div(total, self.n) if self.scores() else None

    def hard_dice(self):
        return safe_div(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    def hard_iou(self):
        return safe_div(self.tp, self.tp + self.fp + self.fn)

    def dataset(self):
        dice, iou, tv, bce = self.dice(), self.iou(), self.tversky(), self.loss(self.B)
        r = self.params["combo_ce_ratio"]
        combo = None if bce is None or dice is None else r * (self.W / self.n) - (1 - r) * dice
        return {
            "dice": dice, "dice_loss": one_minus(dice), "iou": iou, "iou_loss": one_minus(iou),
            "tversky": tv, "tversky_loss": one_minus(tv), "bce": bce,
            "bce_dice_loss": None if bce is None or dice is None else bce + (1 - dice),
            "focal_loss": self.loss(self.F), "combo_loss": combo, "lovasz_hinge_loss": self.lovasz,
            "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
            "hard_dice": self.hard_dice(), "hard_iou": self.hard_iou(),
            "precision": safe_div(self.tp, self.tp + self.fp), "recall": safe_div(self.tp, self.tp + self.fn),
            "accuracy": safe_div(self.tp + self.tn, self.n), "specificity": safe_div(self.tn, self.tn + self.fp),
        }

    def per_image(self):
        return {
            "pixels": self.n, "dice": or_one(self.dice()), "iou": or_one(self.iou()),
            "tversky": or_one(self.tversky()), "bce": self.loss(self.B), "focal_loss": self.loss(self.F),
            "lovasz_hinge_loss": self.lovasz, "tp": self.tp, "fp": self.fp, "fn": self.fn, "tn": self.tn,
            "hard_dice": or_one(self.hard_dice()), "hard_iou": or_one(self.hard_iou()),
        }


def one_minus(v):
    return None if v is None else 1 - v


def mean_or_none(values):
    v = [x for x in values if x is not None]
    return float(np.mean(v)) if v else None


def check_close(a, b, what):
    a, b = torch.as_tensor(a, dtype=torch.float64), torch.as_tensor(b, dtype=torch.float64)
    assert torch.allclose(a, b, rtol=1e-12, atol=1e-12), (what, (a - b).abs().max())


BIN_DEFAULTS = {"smooth": 1.0, "threshold": 0.5, "tversky_alpha": 0.5, "tversky_beta": 0.5,
                "focal_alpha": 0.8, "focal_gamma": 2.0, "combo_alpha": 0.5, "combo_ce_ratio": 0.5,
                "combo_eps": 1e-9}


def binary_case(data, pred_dir, target_dir, kind, options):
    pred_key, target_key = BIN_FILES[pred_dir][0], BIN_FILES[target_dir][0]
    params = dict(BIN_DEFAULTS)
    params.update({k: float(v) for k, v in options.items() if k != "input"})
    preds, targets, rows = [], [], {}
    for iid, _, _ in BIN_IMAGES:
        pred = data[iid][pred_key].astype(np.float64)
        if kind == "labels":
            pred = np.where(pred == 255, 1.0, pred)
        t = data[iid][target_key].astype(np.float64)
        t = np.where(t == 255, 1.0, t)  # 8-bit masks: 255 is foreground
        preds.append(pred.ravel())
        targets.append(t.ravel())
        rows[iid] = BinaryState(pred.ravel(), t.ravel(), kind, params).per_image()
    whole = BinaryState(np.concatenate(preds), np.concatenate(targets), kind, params)
    means = {
        "lovasz_hinge_loss": mean_or_none([r["lovasz_hinge_loss"] for r in rows.values() if r["pixels"] > 0]),
        "dice": mean_or_none([r["dice"] for r in rows.values()]),
        "iou": mean_or_none([r["iou"] for r in rows.values()]),
        "hard_dice": mean_or_none([r["hard_dice"] for r in rows.values()]),
    }
    return {"task": "binary", "pred": "bin/" + pred_dir, "target": "bin/" + target_dir, "input": kind,
            "options": options, "images": len(rows), "pixels": whole.n, "dataset": whole.dataset(),
            "per_image_mean": means, "per_image": rows}


# ---------------------------------------------------------------- multiclass reference
class MulticlassState:
    """The spec's multiclass state (section 3) of a set of pixels: p (C, n), t (n,), ignored removed."""

    def __init__(self, scores, t, kind, ignore, smooth):
        c_count = NUM_CLASSES
        keep = t != ignore
        self.ignored = int((~keep).sum())
        t = t[keep].astype(np.int64)
        self.n, self.kind, self.smooth = int(t.size), kind, smooth
        if kind == "labels":
            pred = scores[keep].astype(np.int64)
            p = None
        else:
            x = torch.tensor(scores[:, keep], dtype=torch.float64)
            tt = torch.tensor(t)
            idx = torch.arange(self.n)
            if kind == "logits":
                p = torch.softmax(x, dim=0)
                ce = torch.logsumexp(x, dim=0) - x[tt, idx]  # spec: -log p_t by log-sum-exp
                if self.n:
                    check_close(ce.sum(), F.cross_entropy(x.T, tt, reduction="sum"), "cross_entropy")
            else:
                p = x
                ce = -torch.clamp(torch.log(p[tt, idx]), min=-100)  # docs: -log p_t clamped at 100
                if self.n:
                    check_close(ce.sum(), F.nll_loss(torch.clamp(torch.log(p.T), min=-100), tt, reduction="sum"),
                                "nll_loss")
            pred = np.argmax(scores[:, keep], axis=0)  # the first maximum: ties to the lowest class
            assert (torch.argmax(torch.tensor(scores[:, keep]), dim=0).numpy() == pred).all()
            self.ce = ce.sum().item()
            onehot = F.one_hot(tt, c_count).T.double() if self.n else torch.zeros((c_count, 0))
            self.inter = (p * onehot).sum(dim=1).tolist()
            self.psum = p.sum(dim=1).tolist()
        self.p, self.t = p, t
        m = np.zeros((c_count, c_count), dtype=np.int64)
        np.add.at(m, (t, pred), 1)
        self.m = m

    def per_class(self):
        tp, row, col = np.diag(self.m), self.m.sum(axis=1), self.m.sum(axis=0)
        return {
            "iou": [safe_div(tp[c], row[c] + col[c] - tp[c]) for c in range(NUM_CLASSES)],
            "dice": [safe_div(2 * tp[c], row[c] + col[c]) for c in range(NUM_CLASSES)],
            "acc": [safe_div(tp[c], row[c]) for c in range(NUM_CLASSES)],
            "precision": [safe_div(tp[c], col[c]) for c in range(NUM_CLASSES)],
        }

    def lovasz(self):
        if self.p is None or self.n == 0:
            return None
        v = lovasz_softmax_flat(self.p.T.contiguous(), torch.tensor(self.t, dtype=torch.float64))
        return None if v is None else float(v)

    def dataset(self):
        pc = self.per_class()
        soft = self.p is not None and self.n > 0
        row = self.m.sum(axis=1)
        s = self.smooth
        present = [c for c in range(NUM_CLASSES) if row[c] > 0]
        dices = [(2 * self.inter[c] + s) / (self.psum[c] + row[c] + s) for c in present] if soft else []
        return {
            "miou": mean_or_none(pc["iou"]), "mdice": mean_or_none(pc["dice"]), "macc": mean_or_none(pc["acc"]),
            "aacc": safe_div(np.trace(self.m), self.n), "ce": self.ce / self.n if soft else None,
            "soft_dice_loss": 1 - float(np.mean(dices)) if dices else None,
            "lovasz_softmax_loss": self.lovasz(),
        }

    def per_image(self):
        d = self.dataset()
        return {"pixels": self.n, "ignored": self.ignored, "ce": d["ce"], "aacc": d["aacc"],
                "lovasz_softmax_loss": d["lovasz_softmax_loss"], "miou": d["miou"]}


def multiclass_case(data, pred_dir, target_dir, kind, options):
    pred_key, target_key = MC_FILES[pred_dir][0], MC_FILES[target_dir][0]
    ignore = int(options.get("ignore_index", "255"))
    smooth = float(options.get("smooth", "1"))
    scores, targets, rows = [], [], {}
    for iid, _, _ in MC_IMAGES:
        v = data[iid]
        sc = v[pred_key].astype(np.float64)
        sc = sc.ravel() if kind == "labels" else sc.reshape(NUM_CLASSES, -1)
        t = v[target_key].ravel()
        scores.append(sc)
        targets.append(t)
        rows[iid] = MulticlassState(sc, t, kind, ignore, smooth).per_image()
    whole = MulticlassState(np.concatenate(scores, axis=-1), np.concatenate(targets), kind, ignore, smooth)
    means = {"lovasz_softmax_loss": mean_or_none([r["lovasz_softmax_loss"] for r in rows.values()])}
    return {"task": "multiclass", "num_classes": NUM_CLASSES, "pred": "mc/" + pred_dir,
            "target": "mc/" + target_dir, "input": kind, "options": options, "images": len(rows),
            "pixels": whole.n, "ignored": whole.ignored, "confusion_matrix": whole.m.tolist(),
            "per_class": whole.per_class(), "dataset": whole.dataset(), "per_image_mean": means,
            "per_image": rows}


# ---------------------------------------------------------------- files
# folder -> (data key, extension)
BIN_FILES = {"mask": ("mask", ".png"), "mask_soft": ("soft", ".npy"), "pred_f32": ("x32", ".npy"),
             "pred_f16": ("x16", ".npy"), "pred_f64": ("x64", ".npy"), "pred_prob": ("prob", ".npy"),
             "pred_labels": ("labels", ".png")}
MC_FILES = {"mask": ("t", ".png"), "mask_full": ("t_full", ".png"), "pred_f32": ("x32", ".npy"),
            "pred_f64": ("x64", ".npy"), "pred_prob": ("prob", ".npy"), "pred_labels": ("labels", ".png")}


def write_files(out, task, images, data, files):
    for iid, _, _ in images:
        for folder, (key, ext) in files.items():
            path = os.path.join(out, task, folder, iid + ext)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            a = np.ascontiguousarray(data[iid][key])
            if ext == ".png":
                Image.fromarray(a.astype(np.uint8), mode="L").save(path)
            else:
                np.save(path, a)


def cases(bin_data, mc_data):
    b, m = binary_case, multiclass_case
    return {
        "bin_f32_threshold0.3_smooth0": b(bin_data, "pred_f32", "mask", "logits", {
            "threshold": "0.3", "smooth": "0", "tversky_alpha": "0.7", "tversky_beta": "0.3",
            "focal_alpha": "0.25", "focal_gamma": "0", "combo_alpha": "0.2", "combo_ce_ratio": "0.8",
            "combo_eps": "1e-6"}),
        "bin_f32_threshold0.9_smooth10": b(bin_data, "pred_f32", "mask", "logits", {
            "threshold": "0.9", "smooth": "10", "tversky_alpha": "0.3", "tversky_beta": "0.7",
            "focal_gamma": "0.5"}),
        "bin_f16_gamma3": b(bin_data, "pred_f16", "mask", "logits", {
            "focal_alpha": "0.25", "focal_gamma": "3"}),
        "bin_f64_gamma0.5_combo": b(bin_data, "pred_f64", "mask", "logits", {
            "smooth": "10", "tversky_alpha": "0.7", "tversky_beta": "0.3", "focal_gamma": "0.5",
            "combo_alpha": "0.2", "combo_ce_ratio": "0.8", "combo_eps": "1e-6"}),
        "bin_f32_soft_targets": b(bin_data, "pred_f32", "mask_soft", "logits", {
            "smooth": "0", "focal_alpha": "0.25", "focal_gamma": "0", "combo_eps": "1e-6"}),
        "bin_prob_threshold0.3_smooth0": b(bin_data, "pred_prob", "mask", "probabilities", {
            "input": "probabilities", "threshold": "0.3", "smooth": "0", "focal_alpha": "0.25",
            "focal_gamma": "3", "combo_eps": "1e-6"}),
        "bin_prob_threshold0.9_smooth10": b(bin_data, "pred_prob", "mask", "probabilities", {
            "input": "probabilities", "threshold": "0.9", "smooth": "10", "focal_gamma": "0.5",
            "combo_alpha": "0.2", "combo_ce_ratio": "0.8", "tversky_alpha": "0.7", "tversky_beta": "0.3"}),
        "bin_prob_defaults": b(bin_data, "pred_prob", "mask", "probabilities", {
            "input": "probabilities"}),
        "bin_labels_smooth0": b(bin_data, "pred_labels", "mask", "labels", {
            "smooth": "0", "threshold": "0.9", "tversky_alpha": "0.7", "tversky_beta": "0.3"}),
        "mc_f32_smooth0": m(mc_data, "pred_f32", "mask", "logits", {"smooth": "0"}),
        "mc_prob_smooth2": m(mc_data, "pred_prob", "mask", "probabilities", {
            "input": "probabilities", "smooth": "2"}),
        "mc_prob_ignore0_smooth0": m(mc_data, "pred_prob", "mask_full", "probabilities", {
            "input": "probabilities", "ignore_index": "0", "smooth": "0"}),
        "mc_f64_no_ignore_smooth2": m(mc_data, "pred_f64", "mask_full", "logits", {
            "ignore_index": "-1", "smooth": "2"}),
        "mc_labels": m(mc_data, "pred_labels", "mask", "labels", {}),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../jobs/src/test/resources/param_sweep")
    rng = np.random.default_rng(SEED)
    bin_data = binary_data(rng)
    mc_data = multiclass_data(rng)
    write_files(out, "bin", BIN_IMAGES, bin_data, BIN_FILES)
    write_files(out, "mc", MC_IMAGES, mc_data, MC_FILES)
    write_expected(out, {"tool": "tools/reference/param_sweep.py", "seed": SEED}, cases(bin_data, mc_data))


def write_expected(out, provenance, all_cases):
    """OUT/expected.json: the provenance (with the torch and numpy versions) and the cases."""
    doc = {
        "provenance": {**provenance, "torch": torch.__version__, "numpy": np.__version__, "dtype": "float64"},
        "cases": all_cases,
    }
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(doc, f, indent=1, allow_nan=False)
        f.write("\n")
    total = sum(os.path.getsize(os.path.join(d, n)) for d, _, ns in os.walk(out) for n in ns)
    print(len(doc["cases"]), "cases,", total, "bytes in", os.path.normpath(out))


if __name__ == "__main__":
    main()
