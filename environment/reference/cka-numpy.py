#!/usr/bin/env python3
"""The numpy reference of README's performance table: linear CKA (biased) of every pair of layers in an .npz.

    python3 environment/reference/cka-numpy.py ACTIVATIONS.npz OUT.csv

Per layer a float32 BLAS Gram of the samples, centred in float64; all pairs from one product of the stacked centred
Grams. Time it as a whole process (e.g. /usr/bin/time) beside `environment/sglp cka` on the same file; the file
`environment/sglp bench` generates is <temp>/sglp-bench/cka-24x1024x8192.npz.
"""
import sys

import numpy as np

activations = np.load(sys.argv[1])
grams = []
for name in activations.files:
    x = activations[name]
    x = x.reshape(x.shape[0], -1)
    g = (x @ x.T).astype(np.float64)
    g -= g.mean(axis=0, keepdims=True)
    g -= g.mean(axis=1, keepdims=True)
    grams.append(g.ravel())
stacked = np.stack(grams)
hsic = stacked @ stacked.T
norms = np.sqrt(np.diag(hsic))
np.savetxt(sys.argv[2], hsic / np.outer(norms, norms), delimiter=",")
