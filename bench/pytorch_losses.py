#!/usr/bin/env python3
"""The blog's PyTorch loss formulas over a folder of binary images, for SegEval's benchmark.

Reads PRED_DIR/<id>.npy (logits) and MASK_DIR/<id>.png (0/255 or 0/1) like SegEval does, and
computes, as a PyTorch user would with the "Loss Function Library" blog's classes (one call per
loss, each taking the sigmoid again), the dataset-wide Dice, IoU, BCE, focal (torchvision's
formula), Tversky and Combo, the hard counts, and the mean per-image Lovasz hinge (Berman et al.'s
lovasz_hinge_flat). Dataset-wide means summed over all pixels: each image's sums are added up.

Prints one JSON object: the values, 'seconds' (reading + computing, Python and torch imports
excluded), 'cpu_seconds' (the same in CPU time), 'read_seconds', the pixel count and 'maxrss_kb' (peak resident memory).

With --shard I/K it takes every K-th image from the I-th (0-based): K processes side by side use
K cores when torch itself runs one thread (as Debian's build does by default). Each shard prints
its own JSON; 'sums' holds the additive parts for merging shards.

Usage: python3 bench/pytorch_losses.py PRED_DIR MASK_DIR [--dtype float64|float32] [--threads N]
       [--shard I/K]
Needs numpy, torch and PIL (Debian: python3-torch python3-pil).
"""
import argparse
import json
import os
import resource
import time

import numpy as np
import torch
import torch.nn.functional as F
from PIL import Image

SMOOTH = 1.0
TVERSKY_ALPHA, TVERSKY_BETA = 0.5, 0.5
FOCAL_ALPHA, FOCAL_GAMMA = 0.8, 2.0
COMBO_ALPHA, COMBO_CE_RATIO, COMBO_EPS = 0.5, 0.5, 1e-9


# ---- the blog's losses, returning their additive parts so that images can be summed ----
def dice_parts(inputs, targets):
    inputs = torch.sigmoid(inputs).view(-1)
    targets = targets.view(-1)
    intersection = (inputs * targets).sum()
    return intersection, inputs.sum(), targets.sum()


def iou_parts(inputs, targets):
    inputs = torch.sigmoid(inputs).view(-1)
    targets = targets.view(-1)
    intersection = (inputs * targets).sum()
    total = (inputs + targets).sum()
    return intersection, total - intersection


def bce_sum(inputs, targets):
    inputs = torch.sigmoid(inputs).view(-1)
    return F.binary_cross_entropy(inputs, targets.view(-1), reduction='sum')


def focal_sum(inputs, targets):  # torchvision.ops.sigmoid_focal_loss
    p = torch.sigmoid(inputs)
    ce = F.binary_cross_entropy_with_logits(inputs, targets, reduction='none')
    p_t = p * targets + (1 - p) * (1 - targets)
    loss = ce * ((1 - p_t) ** FOCAL_GAMMA)
    alpha_t = FOCAL_ALPHA * targets + (1 - FOCAL_ALPHA) * (1 - targets)
    return (alpha_t * loss).sum()


def tversky_parts(inputs, targets):
    inputs = torch.sigmoid(inputs).view(-1)
    targets = targets.view(-1)
    tp = (inputs * targets).sum()
    fp = ((1 - targets) * inputs).sum()
    fn = (targets * (1 - inputs)).sum()
    return tp, fp, fn


def combo_parts(inputs, targets):
    inputs = torch.sigmoid(inputs).view(-1)
    targets = targets.view(-1)
    intersection = (inputs * targets).sum()
    inputs = torch.clamp(inputs, COMBO_EPS, 1.0 - COMBO_EPS)
    out = -(COMBO_ALPHA * targets * torch.log(inputs)
            + (1 - COMBO_ALPHA) * (1.0 - targets) * torch.log(1.0 - inputs))
    return intersection, inputs.sum(), targets.sum(), out.sum()


# ---- Berman et al. 2018, lovasz_losses.py ----
def lovasz_grad(gt_sorted):
    p = len(gt_sorted)
    gts = gt_sorted.sum()
    intersection = gts - gt_sorted.float().cumsum(0)
    union = gts + (1 - gt_sorted).float().cumsum(0)
    jaccard = 1. - intersection / union
    if p > 1:
        jaccard[1:p] = jaccard[1:p] - jaccard[0:-1]
    return jaccard


def lovasz_hinge_flat(logits, labels):
    if len(labels) == 0:
        return logits.sum() * 0.
    signs = 2. * labels.float() - 1.
    errors = (1. - logits * signs)
    errors_sorted, perm = torch.sort(errors, dim=0, descending=True)
    gt_sorted = labels[perm]
    grad = lovasz_grad(gt_sorted)
    return torch.dot(F.relu(errors_sorted), grad.to(errors_sorted.dtype))


def peak_rss_kb():
    """VmHWM of this process; ru_maxrss would include the peak of a parent that forked it (a JVM)."""
    try:
        with open('/proc/self/status') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def pairs(pred_dir, mask_dir):
    for root, _, files in os.walk(pred_dir):
        for name in sorted(files):
            if name.endswith('.npy'):
                rel = os.path.relpath(os.path.join(root, name), pred_dir)[:-4]
                yield os.path.join(pred_dir, rel + '.npy'), os.path.join(mask_dir, rel + '.png')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('pred_dir')
    ap.add_argument('mask_dir')
    ap.add_argument('--dtype', default='float64', choices=['float64', 'float32'])
    ap.add_argument('--threads', type=int, default=0, help='torch threads (default: torch\'s choice)')
    ap.add_argument('--shard', default='0/1', help='I/K: every K-th image from the I-th')
    args = ap.parse_args()
    if args.threads > 0:
        torch.set_num_threads(args.threads)
    dtype = torch.float64 if args.dtype == 'float64' else torch.float32
    shard, shards = (int(v) for v in args.shard.split('/'))

    start = time.perf_counter()
    cpu_start = time.process_time()
    read = 0.0
    acc = dict.fromkeys(['I', 'P', 'T', 'iou_i', 'iou_u', 'B', 'F', 'tv_tp', 'tv_fp', 'tv_fn',
                         'cI', 'cP', 'cT', 'W'], 0.0)
    counts = dict.fromkeys(['tp', 'fp', 'fn', 'tn'], 0)
    lovasz, images, pixels = 0.0, 0, 0
    with torch.no_grad():
        for k, (pred_path, mask_path) in enumerate(pairs(args.pred_dir, args.mask_dir)):
            if k % shards != shard:
                continue
            t0 = time.perf_counter()
            x = torch.from_numpy(np.load(pred_path)).to(dtype)
            mask = np.asarray(Image.open(mask_path))
            read += time.perf_counter() - t0
            t = torch.from_numpy((mask > 0).astype(np.float64)).to(dtype)
            x, t = x.reshape(-1), t.reshape(-1)
            i, p, tt = dice_parts(x, t)
            acc['I'] += i.item(); acc['P'] += p.item(); acc['T'] += tt.item()
            i, u = iou_parts(x, t)
            acc['iou_i'] += i.item(); acc['iou_u'] += u.item()
            acc['B'] += bce_sum(x, t).item()
            acc['F'] += focal_sum(x, t).item()
            tp, fp, fn = tversky_parts(x, t)
            acc['tv_tp'] += tp.item(); acc['tv_fp'] += fp.item(); acc['tv_fn'] += fn.item()
            i, p, tt, w = combo_parts(x, t)
            acc['cI'] += i.item(); acc['cP'] += p.item(); acc['cT'] += tt.item(); acc['W'] += w.item()
            positive, target = x >= 0, t >= 0.5
            counts['tp'] += int((positive & target).sum()); counts['fp'] += int((positive & ~target).sum())
            counts['fn'] += int((~positive & target).sum()); counts['tn'] += int((~positive & ~target).sum())
            lovasz += lovasz_hinge_flat(x, t).item()
            images += 1
            pixels += x.numel()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start

    n = float(pixels)
    dice = (2 * acc['I'] + SMOOTH) / (acc['P'] + acc['T'] + SMOOTH)
    result = {
        'images': images, 'pixels': pixels, 'seconds': seconds, 'cpu_seconds': cpu_seconds,
        'read_seconds': read,
        'threads': torch.get_num_threads(), 'dtype': args.dtype, 'shard': args.shard,
        'maxrss_kb': peak_rss_kb(),
        'dice': dice,
        'iou': (acc['iou_i'] + SMOOTH) / (acc['iou_u'] + SMOOTH),
        'bce': acc['B'] / n,
        'focal_loss': acc['F'] / n,
        'tversky': (acc['tv_tp'] + SMOOTH) / (acc['tv_tp'] + TVERSKY_ALPHA * acc['tv_fp'] + TVERSKY_BETA * acc['tv_fn'] + SMOOTH),
        'combo_loss': COMBO_CE_RATIO * acc['W'] / n
                      - (1 - COMBO_CE_RATIO) * (2 * acc['cI'] + SMOOTH) / (acc['cP'] + acc['cT'] + SMOOTH),
        'lovasz_hinge_per_image_mean': lovasz / max(images, 1),
    }
    result.update(counts)
    result['sums'] = dict(acc, lovasz_sum=lovasz)
    print(json.dumps(result))


if __name__ == '__main__':
    main()
