#!/usr/bin/env python3
"""Plots time and peak memory against dataset size from bench/run-end-to-end --csv files.

Usage: python3 bench/plot_scaling.py bench/target/scaling.csv docs/performance-scaling.png
Draws a PNG with matplotlib when it is installed (Debian: python3-matplotlib); always prints
the same figures as an ASCII table.
"""
import csv
import sys
from collections import defaultdict


def main():
    src, out = sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None
    rows = list(csv.DictReader(open(src)))
    routes = defaultdict(list)
    for r in rows:
        mpx = int(r['images']) * int(r['size']) ** 2 / 1e6
        routes[r['route']].append((mpx, float(r['wall_seconds']), float(r['cpu_seconds']), int(r['peak_heap_bytes']) / 1e6))
    print('%-18s %10s %10s %10s %10s %12s' % ('route', 'Mpx', 'wall s', 'CPU s', 's/Gpx', 'peak MB'))
    for route, pts in routes.items():
        for mpx, wall, cpu, mem in sorted(pts):
            print('%-18s %10.0f %10.2f %10.2f %10.1f %12.0f' % (route, mpx, wall, cpu, wall / mpx * 1e3, mem))
    if not out:
        return
    try:
        import matplotlib
        matplotlib.use('Agg')
        import matplotlib.pyplot as plt
    except ImportError:
        print('matplotlib is not installed: no PNG (the table above has the figures)')
        return
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(11, 4.2))
    for route, pts in routes.items():
        pts = sorted(pts)
        xs = [p[0] for p in pts]
        ax1.plot(xs, [p[1] for p in pts], marker='o', label=route)
        if not route.startswith('pytorch'):
            ax2.plot(xs, [p[3] for p in pts], marker='o', label=route)
    ax1.set_xlabel('dataset size (Mpx, 512x512 images)')
    ax1.set_ylabel('wall time (s)')
    ax1.set_title('Time grows linearly with the data')
    ax1.set_xlim(left=0)
    ax1.set_ylim(bottom=0)
    ax1.grid(alpha=0.3)
    ax1.legend(fontsize=8)
    ax2.set_xlabel('dataset size (Mpx)')
    ax2.set_ylabel('peak live heap of the JVM (MB)')
    ax2.set_title('Peak heap after GC')
    ax2.set_xlim(left=0)
    ax2.set_ylim(bottom=0)
    ax2.grid(alpha=0.3)
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=110)
    print('wrote', out)


if __name__ == '__main__':
    main()
