#!/usr/bin/env python3
"""Reference values for the edge-case datasets of ParamSweepTest (run with Debian's /usr/bin/python3:
torch + numpy + PIL): the inputs where float64 arithmetic is at its limits, on the formulas and
conventions of param_sweep.py (its BinaryState and MulticlassState, float64 PyTorch, the Lovász
reference of lovasz_ref.py), which this script reuses with its own images and cases.

Binary, 6 images (float64 logits, their float32 and float16 roundings, probabilities, 0/255 PNG
targets):
  a_extreme_4x6   logits +-750 (exp underflows), +-709, +-745 (subnormal exp), +-1e4, +-5e-324,
                  -0.0 and 0.0, the smallest normal double, +-36.7 and +-37 (float64 sigmoid
                  rounds to 1), +-20.7 (p next to 1 - combo_eps), 1e-300, +-40
  b_one_wrong_1x1 one foreground pixel at logit -750 (p = 0 exactly, BCE 750)
  c_empty_3x3     all background at logit -750: P = T = I = 0 exactly in this image
  d_all_pos_2x3   all foreground (Lovász: g = n), e_all_neg_2x3 all background (g = 0)
  f_right_1x2     two confidently right pixels
  float16: 65504, -65504, the smallest normal 2^-14 and the smallest subnormal 2^-24 of float16
  probabilities: exact 0 and 1, 5e-324, the smallest normal, 1 - 2^-53, 0.5
Multiclass, C = 4, 4 images: m_extreme_2x4 (logits +-750, +-1e4, ties of -0.0 and 0.0,
subnormal ties, +-709, -745, logits 1e-12 apart at -1e4), m_all_ignored_2x2, m_one_class_3x3
(every target class 2), m_1x1; float16 adds 65504 and -65504; probabilities add p_t = 0, a
subnormal p and 1 - 2^-53; mask_full has no 255 (for ignore_index 1, a class id).

Binary logits: the sums are taken with exact logs and 1 - p = sigmoid(-x), as the spec's formulas
mean and SegEval computes them. The literal float64 forms cancel next to p = 1: torchvision's
1 - p_t in the focal term, torch's binary_cross_entropy_with_logits, which takes log(1 + e^-|x|)
without log1p (1e-3 relative, 1e-16 absolute, at x = 30, t = 1), both checked here to agree within
1e-12 relative or 1e-15 absolute; and param_sweep's torch.log(1.0 - q) in W, which is 4e-10
relative off with the default combo_eps and the float32 logit 20.7, and far off with combo_eps
1e-16: at x = 36.7, t = 0, float64 sigmoid gives 1 - 2^-52, below the clamp 1 - 1e-16, and
log(1 - p) = -36.04 where the exact value is -36.7.
Writes the data and expected.json
(param_sweep's layout) into jobs/src/test/resources/edge_cases/.
Usage: /usr/bin/python3 tools/reference/edge_cases.py [OUT_DIR]
"""
import json
import math
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import param_sweep as ps  # noqa: E402

torch.set_default_dtype(torch.float64)
F16_MAX, F16_MIN_NORMAL, F16_MIN_SUBNORMAL = 65504.0, 2.0 ** -14, 2.0 ** -24

BIN_IMAGES = [("a_extreme_4x6", 4, 6), ("b_one_wrong_1x1", 1, 1), ("c_empty_3x3", 3, 3),
              ("d_all_pos_2x3", 2, 3), ("e_all_neg_2x3", 2, 3), ("f_right_1x2", 1, 2)]
MC_IMAGES = [("m_extreme_2x4", 2, 4), ("m_all_ignored_2x2", 2, 2), ("m_one_class_3x3", 3, 3), ("m_1x1", 1, 1)]
BIN_FILES = {"mask": ("mask", ".png"), "pred_f64": ("x64", ".npy"), "pred_f32": ("x32", ".npy"),
             "pred_f16": ("x16", ".npy"), "pred_prob": ("prob", ".npy")}
MC_FILES = {"mask": ("t", ".png"), "mask_full": ("t_full", ".png"), "pred_f64": ("x64", ".npy"),
            "pred_f16": ("x16", ".npy"), "pred_prob": ("prob", ".npy")}


def binary_data():
    x = [750, -750, 709, -709, 745, -745, 1e4, -1e4, 5e-324, -5e-324, -0.0, 0.0, 2.0 ** -1022,
         37, -37, 1e-17, -1e-17, 36.7, -36.7, 20.7, -20.7, 1e-300, 40, -40]
    t = [0, 1, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 0, 1]
    images = {
        "a_extreme_4x6": (np.array(x, float).reshape(4, 6), np.array(t, float).reshape(4, 6)),
        "b_one_wrong_1x1": (np.array([[-750.0]]), np.array([[1.0]])),
        "c_empty_3x3": (np.full((3, 3), -750.0), np.zeros((3, 3))),
        "d_all_pos_2x3": (np.array([[0.5, 3, -2], [1, 1, -0.0]]), np.ones((2, 3))),
        "e_all_neg_2x3": (np.array([[0.5, -3, 2], [1, 1, 0.0]]), np.zeros((2, 3))),
        "f_right_1x2": (np.array([[30.0, -30.0]]), np.array([[1.0, 0.0]])),
    }
    data = {}
    for iid, (x64, t) in images.items():
        x16 = x64.astype(np.float16)  # +-750 stay, +-1e4 stay, 5e-324 and 1e-300 become 0
        prob = 1.0 / (1.0 + np.exp(-np.clip(x64, -700, 700)))
        data[iid] = {"t": t, "mask": (t * 255).astype(np.uint8), "x64": x64, "x32": x64.astype(np.float32),
                     "x16": x16, "prob": prob}
    a = data["a_extreme_4x6"]
    a["x16"][3, :4] = [F16_MAX, -F16_MAX, F16_MIN_NORMAL, F16_MIN_SUBNORMAL]  # targets 0, 1, 0, 1
    a["prob"][0, :6] = [0.0, 1.0, 1.0, 0.0, 5e-324, 2.0 ** -1022]  # targets 0, 1, 0, 1, 1, 0
    a["prob"][1, :2] = [1 - 2.0 ** -53, 0.5]  # targets 0, 0
    data["b_one_wrong_1x1"]["prob"][:] = 0.0
    return data


def multiclass_data():
    c = ps.NUM_CLASSES
    x = np.zeros((c, 2, 4))
    t = np.array([[0, 1, 2, 3], [0, 1, 2, 255]])
    x[:, 0, 0] = [750, -750, 0, 0]
    x[:, 0, 1] = [-750, 750, 1e4, -1e4]  # target 1, predicted 2: CE 9250
    x[:, 0, 2] = [-0.0, 0.0, 0.0, -0.0]  # all tied, -0.0 == 0.0: argmax 0
    x[:, 0, 3] = [5e-324, -5e-324, 0, 5e-324]  # subnormal ties: argmax 0
    x[:, 1, 0] = [709, 709, -709, -745]
    x[:, 1, 1] = [1e-300, 0, -1e-300, 0]
    x[:, 1, 2] = [-1e4, -1e4, -1e4 + 1e-12, -1e4]
    x[:, 1, 3] = [1, 2, 3, 4]
    rng = np.random.default_rng(20240612)
    images = {
        "m_extreme_2x4": (x, t),
        "m_all_ignored_2x2": (rng.normal(0, 1, (c, 2, 2)), np.full((2, 2), 255)),
        "m_one_class_3x3": (rng.normal(0, 3, (c, 3, 3)), np.full((3, 3), 2)),
        "m_1x1": (np.array([-3.0, 40, 0, 1]).reshape(c, 1, 1), np.array([[3]])),
    }
    data = {}
    for iid, (x64, t) in images.items():
        data[iid] = {"t": t, "t_full": np.where(t == 255, 0, t), "x64": x64, "x16": x64.astype(np.float16),
                     "prob": ps.softmax_np(x64)}
    m = data["m_extreme_2x4"]
    m["x16"][:, 1, 3] = [F16_MAX, -F16_MAX, 0, F16_MIN_SUBNORMAL]  # ignored pixel in "mask"
    m["x16"][:, 0, 3] = [-F16_MAX, F16_MAX, F16_MIN_NORMAL, 0]  # target 3: CE 65504
    m["prob"][:, 1, 2] = [0, 0, 0, 1]  # target 2: p_t = 0, CE clamped at 100
    m["prob"][:, 0, 3] = [5e-324, 1 - 2.0 ** -53, 0, 0]  # target 3: p_t = 0
    return data


def exact_binary_sums(pred, t, params):
    """I, P, B, F, W of logits with exact logs, to cross-check BinaryState (whose Combo log(1 - q)
    cancels next to 1)."""
    x, t = torch.tensor(pred), torch.tensor(t)
    p, q = torch.sigmoid(x), torch.sigmoid(-x)
    # the spec's form; torch's binary_cross_entropy_with_logits takes log(1 + e^-|x|) without log1p,
    # 1e-3 relative off (1e-16 absolute) on a confidently right pixel such as x = 30, t = 1
    bce = torch.clamp(x, min=0) - x * t + torch.log1p(torch.exp(-x.abs()))
    a, g = params["focal_alpha"], params["focal_gamma"]
    focal = (a * t + (1 - a) * (1 - t)) * (p * (1 - t) + q * t) ** g * bce
    eps, ca = params["combo_eps"], params["combo_alpha"]
    lo, hi = torch.tensor(math.log(eps)), torch.tensor(math.log(1 - eps))
    lq = torch.where(p < eps, lo, torch.where(p > 1 - eps, hi, F.logsigmoid(x)))
    l1q = torch.where(p < eps, hi, torch.where(p > 1 - eps, torch.tensor(math.log(1 - (1 - eps))), F.logsigmoid(-x)))
    wce = -(ca * t * lq + (1 - ca) * (1 - t) * l1q)
    return [float(v.sum()) for v in (p * t, p, bce, focal, wce)]


class ExactLogBinaryState(ps.BinaryState):
    """param_sweep's BinaryState with its sums from exact logs for logits (see the module docstring)."""

    def __init__(self, pred, t, kind, params):
        super().__init__(pred, t, kind, params)
        if kind == "logits":
            exact = exact_binary_sums(pred, t, params)
            for name, a, b in zip("IPBF", (self.I, self.P, self.B, self.F), exact):
                assert abs(a - b) <= 1e-12 * abs(b) or abs(a - b) <= 1e-15, (name, a, b)
            self.I, self.P, self.B, self.F, self.W = exact


def cases(bin_data, mc_data):
    b, m = ps.binary_case, ps.multiclass_case
    bins = {
        "edge_bin_f64_defaults": b(bin_data, "pred_f64", "mask", "logits", {}),
        "edge_bin_f32_smooth0_gamma2.5": b(bin_data, "pred_f32", "mask", "logits", {
            "smooth": "0", "focal_gamma": "2.5", "tversky_alpha": "1", "tversky_beta": "0"}),
        "edge_bin_f16_gamma20_eps0.4999": b(bin_data, "pred_f16", "mask", "logits", {
            "smooth": "0", "focal_gamma": "20", "focal_alpha": "1", "tversky_alpha": "0", "tversky_beta": "1",
            "combo_eps": "0.4999", "combo_ce_ratio": "1"}),
        "edge_bin_f64_gamma0.001_eps1e-16": b(bin_data, "pred_f64", "mask", "logits", {
            "focal_gamma": "0.001", "focal_alpha": "0", "threshold": "4.9e-324", "tversky_alpha": "0",
            "tversky_beta": "0", "combo_alpha": "0", "combo_eps": "1e-16", "combo_ce_ratio": "0"}),
    }
    bins["edge_bin_prob_threshold1-2^-53_eps1e-16"] = b(bin_data, "pred_prob", "mask", "probabilities", {
        "input": "probabilities", "threshold": "0.9999999999999999", "smooth": "0", "focal_gamma": "0",
        "combo_eps": "1e-16"})
    return {
        **bins,
        "edge_mc_f64": m(mc_data, "pred_f64", "mask", "logits", {}),
        "edge_mc_f16_smooth0": m(mc_data, "pred_f16", "mask", "logits", {"smooth": "0"}),
        "edge_mc_f64_ignore_class1_smooth0": m(mc_data, "pred_f64", "mask_full", "logits", {
            "ignore_index": "1", "smooth": "0"}),
        "edge_mc_prob": m(mc_data, "pred_prob", "mask", "probabilities", {"input": "probabilities"}),
    }


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "../../jobs/src/test/resources/edge_cases")
    ps.BIN_IMAGES, ps.MC_IMAGES, ps.BIN_FILES, ps.MC_FILES = BIN_IMAGES, MC_IMAGES, BIN_FILES, MC_FILES
    ps.BinaryState = ExactLogBinaryState
    bin_data, mc_data = binary_data(), multiclass_data()
    ps.write_files(out, "bin", BIN_IMAGES, bin_data, BIN_FILES)
    ps.write_files(out, "mc", MC_IMAGES, mc_data, MC_FILES)
    ps.write_expected(out, {"tool": "tools/reference/edge_cases.py", "reference": "tools/reference/param_sweep.py"},
                      cases(bin_data, mc_data))


if __name__ == "__main__":
    main()
