"""Writes the small numpy-made .npy fixtures that io.segeval.codec tests read.

Run from the repository root: python3 tools/reference/make_npy_fixtures.py
The expected values are written into the Java tests by hand (they are chosen to be exact).
"""
import io
import os

import numpy as np

OUT = os.path.join("udfs", "src", "test", "resources", "codec", "npy")
os.makedirs(OUT, exist_ok=True)


def save(name, arr, version=None, allow_pickle=False):
    path = os.path.join(OUT, name)
    if version is None:
        np.save(path, arr, allow_pickle=allow_pickle)
    else:
        with open(path, "wb") as f:
            np.lib.format.write_array(f, arr, version=version, allow_pickle=allow_pickle)


save("float16_be.npy", np.array(
    [[0.0, -0.0, 1.0], [65504.0, 2.0 ** -24, -2.5], [np.inf, -np.inf, 2.0 ** -14]], dtype=">f2"))
save("float64_fortran.npy", np.asfortranarray(np.arange(24, dtype="<f8").reshape(2, 3, 4) / 8))
save("int16.npy", np.array([[-32768, -1, 0], [1, 255, 32767]], dtype="<i2"))
save("bool.npy", np.array([[True, False], [False, True]]))
save("uint64_be.npy", np.array([0, 2 ** 53, 2 ** 64 - 2048], dtype=">u8"))
save("uint8_v2.npy", np.arange(6, dtype=np.uint8).reshape(2, 3), version=(2, 0))
save("float32_v3.npy", np.array([[0.5, -1.25]], dtype="<f4"), version=(3, 0))
save("object.npy", np.array([{}], dtype=object), allow_pickle=True)
save("unicode.npy", np.array(["a", "bc"]))
save("complex64.npy", np.array([1 + 2j], dtype=np.complex64))
save("structured.npy", np.zeros(2, dtype=[("a", "<f4"), ("b", "<i2")]))
save("datetime.npy", np.array(["2020-01-01"], dtype="datetime64[D]"))
save("scalar.npy", np.array(3.0))
# what NpyWriter's float32 files are compared with (numpy pads its header further, for growth)
save("float32_2x3.npy", np.array([[0.25, -1, 3.5], [1e-3, -0.0, 7e30]], dtype="<f4"))
save("float32_5.npy", np.arange(1, 6, dtype="<f4"))

for name in sorted(os.listdir(OUT)):
    with open(os.path.join(OUT, name), "rb") as f:
        head = f.read(128)
    print(name, head[10:].split(b"\n")[0][:80])
