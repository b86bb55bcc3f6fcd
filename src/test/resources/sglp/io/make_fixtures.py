"""Generates the NumPy fixture files read by the tests of sglp.io (NpyTest, NpzTest).

Run once with numpy (made with numpy 2.4.6):  cd src/test/resources/sglp/io && python3 make_fixtures.py
The outputs are committed; the tests never run Python. The tests check the values below, written out by hand.
"""
import numpy as np

arrays = {
    "f32": np.array([[1.5, -2.0, 3.0], [4.0, 5.0, 6.25]], dtype=np.float32),
    "i64": np.array([1, -2, 3_000_000_000], dtype=np.int64),
    "f16": np.array([1.0, 65504.0, 2.0 ** -24, np.inf, -0.0], dtype=np.float16),
    "f64_scalar": np.array(3.25, dtype=np.float64),
    "u8": np.array([0, 255], dtype=np.uint8),
    "i8": np.array([-128, 127], dtype=np.int8),
    "i16": np.array([-32768, 32767], dtype=np.int16),
    "i32": np.array([[-7], [2_000_000_000]], dtype=np.int32),
    "flags": np.array([True, False, True], dtype=np.bool_),
    "empty": np.zeros((0, 3), dtype=np.float32),
}

np.savez("savez.npz", **arrays)
np.savez_compressed("savez_compressed.npz", **arrays)

with open("v2.npy", "wb") as f:
    np.lib.format.write_array(f, arrays["f32"], version=(2, 0))
with open("v3.npy", "wb") as f:
    np.lib.format.write_array(f, arrays["i64"], version=(3, 0))
np.save("scalar.npy", arrays["f64_scalar"])
np.save("bigendian.npy", np.array([1.0, 2.0], dtype=">f4"))
np.save("fortran.npy", np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
