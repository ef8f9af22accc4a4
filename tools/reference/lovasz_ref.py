#!/usr/bin/env python3
"""Reference values for io.segeval.core.lovasz (run with Debian's /usr/bin/python3: torch + PIL).

The Lovasz functions below are re-typed from Berman et al. 2018, `lovasz_losses.py`
(lovasz_grad, lovasz_hinge_flat, lovasz_softmax_flat with classes='present'), in float64
throughout (the original casts the sorted labels with .float(); here .double()).

Writes into udfs/src/test/resources/lovasz/:
  random_cases.json  small random cases (hard/soft targets, ties, +-1e4 logits, 1 pixel,
                     softmax with ignore label and absent classes), expected = this reference
  bin_public.json    the 16 images of testdata/bin_public (float32 logits and 0/1 masks as
                     base64) with expected.json's per-image and dataset Lovasz hinge values
  mc_public.json     the 10 images of testdata/mc_public (C x H x W float32 logits, uint8
                     labels, 255 = ignore) with expected.json's Lovasz-softmax values
Usage: /usr/bin/python3 tools/reference/lovasz_ref.py [TESTDATA_DIR] [OUT_DIR]
"""
import base64
import json
import os
import sys

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image


# ---- reference (Berman et al. 2018), float64 ----
def lovasz_grad(gt_sorted):
    p = len(gt_sorted)
    gts = gt_sorted.sum()
    intersection = gts - gt_sorted.double().cumsum(0)
    union = gts + (1 - gt_sorted).double().cumsum(0)
    jaccard = 1. - intersection / union
    if p > 1:  # cover 1-pixel case
        jaccard[1:p] = jaccard[1:p] - jaccard[0:-1]
    return jaccard


def lovasz_hinge_flat(logits, labels):
    if len(labels) == 0:
        return logits.sum() * 0.
    signs = 2. * labels.double() - 1.
    errors = (1. - logits * signs)
    errors_sorted, perm = torch.sort(errors, dim=0, descending=True)
    gt_sorted = labels[perm]
    grad = lovasz_grad(gt_sorted)
    return torch.dot(F.relu(errors_sorted), grad)


def lovasz_softmax_flat(probas, labels, classes='present'):
    """probas [P, C], labels [P] (ignored pixels already removed)."""
    if probas.numel() == 0:
        return None  # the reference returns 0; SegEval: no value for an image without pixels
    C = probas.size(1)
    losses = []
    for c in range(C):
        fg = (labels == c).double()
        if classes == 'present' and fg.sum() == 0:
            continue
        class_pred = probas[:, c]
        errors = (fg - class_pred).abs()
        errors_sorted, perm = torch.sort(errors, 0, descending=True)
        fg_sorted = fg[perm]
        losses.append(torch.dot(errors_sorted, lovasz_grad(fg_sorted)))
    if not losses:
        return None
    acc = losses[0]
    for v in losses[1:]:
        acc = acc + v
    return acc / len(losses)


# ---- plain numpy cross-check (same formula, different code) ----
def np_lovasz(errors, t, relu=True):
    order = np.argsort(-errors, kind='stable')
    e, ts = errors[order], t[order]
    g = ts.sum()
    inter = g - np.cumsum(ts)
    union = g + np.cumsum(1 - ts)
    j = 1 - inter / union
    grad = np.concatenate([j[:1], np.diff(j)])
    return float(np.dot(np.maximum(e, 0) if relu else e, grad))


def hinge(x, t):
    v = float(lovasz_hinge_flat(torch.tensor(x, dtype=torch.float64), torch.tensor(t, dtype=torch.float64)))
    chk = np_lovasz(1 - x * (2 * t - 1), t)
    assert abs(v - chk) <= 1e-12 * max(1, abs(v)), (v, chk)
    return v


def softmax_loss(probs_cn, labels, ignore):
    keep = labels != ignore
    pr = torch.tensor(probs_cn[:, keep].T.copy(), dtype=torch.float64)
    lab = torch.tensor(labels[keep], dtype=torch.float64)
    v = lovasz_softmax_flat(pr, lab)
    if v is None:
        return None
    v = float(v)
    ls = [np_lovasz(np.abs((labels[keep] == c) - probs_cn[c, keep]), (labels[keep] == c).astype(float), False)
          for c in range(probs_cn.shape[0]) if np.any(labels[keep] == c)]
    assert abs(v - np.mean(ls)) <= 1e-12 * max(1, abs(v))
    return v


def lst(a):
    return [float(v) for v in np.asarray(a, dtype=np.float64).ravel()]


def random_cases(rng):
    cases = []

    def add_hinge(name, x, t):
        cases.append({"kind": "hinge", "name": name, "logits": lst(x), "targets": lst(t), "expected": hinge(x, t)})

    for i in range(40):
        n = int(rng.integers(1, 60))
        x = rng.normal(0, 2, n).astype(np.float32).astype(np.float64)
        t = (rng.random(n) < rng.random()).astype(np.float64)
        add_hinge("hard_f32_%d" % i, x, t)
    for i in range(20):
        n = int(rng.integers(1, 60))
        add_hinge("hard_f64_%d" % i, rng.normal(0, 3, n), (rng.random(n) < 0.4).astype(np.float64))
    for i in range(20):
        n = int(rng.integers(1, 60))
        add_hinge("soft_%d" % i, rng.normal(0, 2, n), rng.random(n))
    for i in range(10):
        n = int(rng.integers(2, 80))
        x = rng.integers(-3, 4, n) * 0.5  # many ties, some errors exactly 0
        add_hinge("ties_%d" % i, x, (rng.random(n) < 0.5).astype(np.float64))
        add_hinge("ties_soft_%d" % i, x, rng.integers(0, 5, n) / 4.0)
    for i in range(5):
        n = int(rng.integers(1, 40))
        add_hinge("all_negative_%d" % i, rng.normal(0, 2, n).astype(np.float32), np.zeros(n))
        add_hinge("all_positive_%d" % i, rng.normal(0, 2, n).astype(np.float32), np.ones(n))
    add_hinge("all_negative_all_correct", np.array([-3.0, -1.5, -2.0]), np.zeros(3))
    for i in range(5):
        n = int(rng.integers(1, 40))
        x = rng.choice([-1e4, 1e4, -1.0, 0.0, 2.5], n).astype(np.float64)
        add_hinge("big_logits_%d" % i, x, (rng.random(n) < 0.5).astype(np.float64))
    for i, (x, t) in enumerate([(0.3, 1), (0.3, 0), (-2.0, 1), (5.0, 1), (-5.0, 0), (1.0, 1), (0.7, 0.25)]):
        add_hinge("one_pixel_%d" % i, np.array([x]), np.array([float(t)]))

    def add_softmax(name, logits_cn, labels, ignore):
        z = logits_cn - logits_cn.max(axis=0, keepdims=True)
        p = np.exp(z) / np.exp(z).sum(axis=0, keepdims=True)
        cases.append({"kind": "softmax", "name": name, "classes": int(p.shape[0]), "ignore": int(ignore),
                      "probs": lst(p), "labels": lst(labels), "expected": softmax_loss(p, labels, ignore)})

    for i in range(30):
        C = int(rng.integers(2, 6))
        n = int(rng.integers(1, 60))
        present = rng.choice(C, int(rng.integers(1, C + 1)), replace=False)  # absent classes
        labels = rng.choice(present, n).astype(np.float64)
        labels[rng.random(n) < 0.15] = 255
        add_softmax("softmax_%d" % i, rng.normal(0, 2, (C, n)), labels, 255)
    for i in range(5):
        C, n = 3, int(rng.integers(2, 50))
        labels = rng.integers(0, C, n).astype(np.float64)
        labels[rng.random(n) < 0.2] = -1
        add_softmax("softmax_ties_%d" % i, rng.integers(-1, 2, (C, n)) * 1.0, labels, -1)
    add_softmax("softmax_all_ignored", rng.normal(0, 1, (3, 4)), np.full(4, 255.0), 255)
    add_softmax("softmax_one_pixel", np.array([[0.5], [-1.0], [2.0]]), np.array([1.0]), 255)
    return cases


def b64(a):
    return base64.b64encode(np.ascontiguousarray(a).tobytes()).decode('ascii')


def public_binary(root):
    exp = json.load(open(os.path.join(root, 'expected.json')))
    images, all_x, all_t = [], [], []
    for iid, row in exp['per_image'].items():
        x = np.load(os.path.join(root, 'pred', iid + '.npy')).astype('<f4').ravel()
        m = np.array(Image.open(os.path.join(root, 'mask', iid + '.png'))).ravel()
        assert set(np.unique(m)) <= {0, 255}
        t = (m == 255).astype(np.uint8)
        ref = hinge(x.astype(np.float64), t.astype(np.float64))
        assert abs(ref - row['lovasz_hinge_loss']) <= 1e-9 * abs(ref), (iid, ref, row['lovasz_hinge_loss'])
        images.append({"id": iid, "pixels": int(x.size), "logits_f32le": b64(x), "targets_u8": b64(t),
                       "expected": row['lovasz_hinge_loss'], "reference": ref})
        all_x.append(x)
        all_t.append(t)
    ref = hinge(np.concatenate(all_x).astype(np.float64), np.concatenate(all_t).astype(np.float64))
    assert abs(ref - exp['dataset']['lovasz_hinge_loss']) <= 1e-9 * abs(ref)
    return {"images": images, "dataset_expected": exp['dataset']['lovasz_hinge_loss'], "dataset_reference": ref,
            "per_image_mean_expected": exp['per_image_mean']['lovasz_hinge_loss']}


def public_multiclass(root):
    exp = json.load(open(os.path.join(root, 'expected.json')))
    images, all_p, all_l = [], [], []
    for iid, row in exp['per_image'].items():
        x = np.load(os.path.join(root, 'pred', iid + '.npy')).astype('<f4')
        C = x.shape[0]
        x = x.reshape(C, -1)
        lab = np.array(Image.open(os.path.join(root, 'mask', iid + '.png'))).ravel().astype(np.uint8)
        p = torch.softmax(torch.tensor(x, dtype=torch.float64), dim=0).numpy()
        ref = softmax_loss(p, lab.astype(np.float64), 255)
        e = row['lovasz_softmax_loss']
        assert (ref is None and e is None) or abs(ref - e) <= 1e-9 * abs(ref), (iid, ref, e)
        images.append({"id": iid, "classes": C, "pixels": int(lab.size), "logits_f32le": b64(x),
                       "labels_u8": b64(lab), "expected": e, "reference": ref})
        all_p.append(p)
        all_l.append(lab)
    ref = softmax_loss(np.concatenate(all_p, axis=1), np.concatenate(all_l).astype(np.float64), 255)
    assert abs(ref - exp['dataset']['lovasz_softmax_loss']) <= 1e-9 * abs(ref)
    return {"images": images, "ignore": 255, "dataset_expected": exp['dataset']['lovasz_softmax_loss'],
            "dataset_reference": ref, "per_image_mean_expected": exp['per_image_mean']['lovasz_softmax_loss']}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    testdata = sys.argv[1] if len(sys.argv) > 1 else '/work/shared/testdata'
    out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, '../../udfs/src/test/resources/lovasz')
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(20180601)
    docs = {"random_cases.json": {"cases": random_cases(rng)},
            "bin_public.json": public_binary(os.path.join(testdata, 'bin_public')),
            "mc_public.json": public_multiclass(os.path.join(testdata, 'mc_public'))}
    for name, doc in docs.items():
        with open(os.path.join(out, name), 'w') as f:
            json.dump(doc, f, separators=(',', ':'))
        print(name, os.path.getsize(os.path.join(out, name)), 'bytes')


if __name__ == '__main__':
    main()
