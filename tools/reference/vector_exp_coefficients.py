#!/usr/bin/env python3
"""The polynomial coefficients of io.segeval.core.VectorExp, and their error.

exp(r) on |r| <= ln 2 / 2 (degree 11) and q(z) on z in [0, 1/9] (degree 9), where
log1p(e) = 2 atanh(s) = 2s + 2s z q(z), s = e / (2 + e), z = s^2, so q(z) = (atanh(sqrt z)/sqrt z - 1)/z.
Each is interpolated at Chebyshev nodes in 50-digit arithmetic (mpmath) and printed as Java hex
literals, highest degree last, with the largest relative error on a fine grid. Also prints ln 2
split in two parts (the high part with 21 significant bits, so k * hi is exact for |k| < 2^11).

    python3 tools/reference/vector_exp_coefficients.py
"""
import struct

import mpmath as mp

mp.mp.dps = 50


def fit(f, a, b, degree):
    n = degree + 1
    nodes = [(a + b) / 2 + (b - a) / 2 * mp.cos(mp.pi * (k + mp.mpf(1) / 2) / n) for k in range(n)]
    vandermonde = mp.matrix([[x ** j for j in range(n)] for x in nodes])
    coefficients = mp.lu_solve(vandermonde, mp.matrix([f(x) for x in nodes]))
    grid = [a + (b - a) * i / 4000 for i in range(4001)]
    error = max(abs(sum(coefficients[j] * x ** j for j in range(n)) / f(x) - 1) for x in grid)
    return [float(c) for c in coefficients], error


def atanh_tail(z):
    if z == 0:
        return mp.mpf(1) / 3
    r = mp.sqrt(z)
    return (mp.atanh(r) / r - 1) / z


def show(name, coefficients, error):
    print(f"{name}: relative error {mp.nstr(error, 3)}")
    for j, c in enumerate(coefficients):
        print(f"  c{j} = {c.hex()}")


half_ln2 = mp.log(2) / 2 * mp.mpf("1.0001")  # a little wider than the reduced range
show("exp(r), |r| <= ln2/2, degree 11", *fit(mp.exp, -half_ln2, half_ln2, 11))
show("q(z), z in [0, 1/9], degree 9", *fit(atanh_tail, mp.mpf(0), mp.mpf(1) / 9, 9))

bits = struct.unpack("<q", struct.pack("<d", float(mp.log(2))))[0] & ~((1 << 32) - 1)
ln2_hi = struct.unpack("<d", struct.pack("<q", bits))[0]
print(f"ln2 hi = {ln2_hi.hex()}, lo = {float(mp.log(2) - mp.mpf(ln2_hi)).hex()}, "
      f"log2(e) = {float(1 / mp.log(2)).hex()}")
