"""Generates the CKA test vector of Kornblith et al.'s public CKA demo (documentation; tests never run it).

Recipe: np.random.seed(1337); X = np.random.randn(100, 10); Y = np.random.randn(100, 10) + X.
The demo reports linear CKA 0.55761 and debiased linear CKA 0.51346 for this pair.
Writes kornblith_x.csv and kornblith_y.csv (100 rows of 10 numbers, no header) with 17 significant digits,
so that the doubles read back are bit-identical to numpy's.
"""
import numpy as np

np.random.seed(1337)
X = np.random.randn(100, 10)
Y = np.random.randn(100, 10) + X
np.savetxt("kornblith_x.csv", X, fmt="%.17g", delimiter=",")
np.savetxt("kornblith_y.csv", Y, fmt="%.17g", delimiter=",")
