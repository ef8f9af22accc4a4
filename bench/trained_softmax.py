#!/usr/bin/env python3
"""Softmax outputs of a small trained segmentation model, for SegEval's Lovasz-softmax benchmark.

The JMH benchmark's own images are random logits that do not depend on the labels; a trained
model's are confident where it is right, and what the per-image Lovasz-softmax sorts depends on
that (a class's background pixels below its least foreground error are not sorted). This script
trains a small fully convolutional network (four convolutions, about 20,000 weights) on synthetic
images of C - 1 kinds of blobs on a background, each kind of its own colour, with Gaussian noise,
until it labels about 99% of the pixels right, then writes its softmax over N new 512x512 images:

  OUT/probs-<i>.npy   (C, 512, 512) float64 probabilities
  OUT/labels-<i>.npy  (512, 512) float64 class ids

Usage: python3 bench/trained_softmax.py OUT [--images 6] [--steps 1000] [--classes 8]
Needs numpy and torch (Debian: python3-torch); one thread, about 4 minutes on this machine.
Then: java -jar bench/target/benchmarks.jar LovaszSoftmax -p images=OUT -p kernels=vector
"""
import argparse
import os

import numpy as np
import torch
import torch.nn as nn


def blobs(rng, classes, size, count):
    """A label map of `count` discs and bars of random classes 1..classes-1 on class 0."""
    labels = np.zeros((size, size), np.int64)
    yy, xx = np.ogrid[:size, :size]
    for _ in range(count):
        c = rng.integers(1, classes)
        cy, cx = rng.integers(0, size, 2)
        r = rng.integers(4, 25)
        if rng.random() < 0.5:
            blob = (yy - cy) ** 2 + (xx - cx) ** 2 < r * r
        else:
            blob = (abs(yy - cy) < r) & (abs(xx - cx) < r // 2 + 2)
        labels[blob] = c
    return labels


def image_of(rng, labels, colours):
    """Each class's colour plus noise: (3, H, W) float32."""
    noise = 0.35 * rng.standard_normal((3,) + labels.shape).astype(np.float32)
    return colours[labels].transpose(2, 0, 1) + noise


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--images", type=int, default=6)
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--classes", type=int, default=8)
    args = parser.parse_args()
    torch.set_num_threads(1)
    torch.manual_seed(0)
    rng = np.random.default_rng(0)
    classes = args.classes
    colours = np.random.default_rng(1).random((classes, 3)).astype(np.float32)
    net = nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(),
        nn.Conv2d(32, 32, 3, padding=2, dilation=2), nn.ReLU(),
        nn.Conv2d(32, 32, 3, padding=4, dilation=4), nn.ReLU(),
        nn.Conv2d(32, classes, 1))
    optimizer = torch.optim.Adam(net.parameters(), 3e-3)
    for step in range(1, args.steps + 1):
        labels = [blobs(rng, classes, 96, rng.integers(3, 8)) for _ in range(8)]
        x = torch.tensor(np.stack([image_of(rng, t, colours) for t in labels]))
        loss = nn.functional.cross_entropy(net(x), torch.tensor(np.stack(labels)))
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        if step % 100 == 0:
            print(f"step {step}: cross-entropy {float(loss):.4f}", flush=True)
    net.eval()
    os.makedirs(args.out, exist_ok=True)
    with torch.no_grad():
        for i in range(args.images):
            labels = blobs(rng, classes, 512, rng.integers(40, 80))
            logits = net(torch.tensor(image_of(rng, labels, colours))[None])[0].double()
            probs = torch.softmax(logits, 0).numpy()
            print(f"image {i}: {np.mean(probs.argmax(0) == labels):.2%} of the pixels right", flush=True)
            np.save(os.path.join(args.out, f"probs-{i}.npy"), probs)
            np.save(os.path.join(args.out, f"labels-{i}.npy"), labels.astype(np.float64))


if __name__ == "__main__":
    main()
