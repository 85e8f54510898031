#!/usr/bin/env python3
"""Regenerates option_cases.json: Chainer 7.8.1's results for the keyword-only
options of the noise and loss functions (softmax_cross_entropy with soft
targets, dropout's mask/return_mask, gaussian's eps/return_eps,
negative_sampling's return_samples), in the format of function_cases.json
(see make_function_cases.py, whose helpers this script reuses). Replayed by
Functions/FunctionOptionTests.cs.

    cd tests/Chainer.Tests/data/functions
    PYTHONHASHSEED=0 PYTHONPATH=/opt/chainer-src /usr/bin/python3 make_option_cases.py
"""
exec(open('/opt/chainer-src/shim.py').read())  # noqa: S102 (chainerx stub, NumPy aliases)

import json
import os

import numpy as np

import chainer
import chainer.functions as F

import make_function_cases as base

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'option_cases.json')


def soft_targets(r, *shape, dtype=np.float32):
    """Rows (along axis 1) that sum to one."""
    t = r.r.uniform(0.05, 1.0, shape)
    return (t / t.sum(axis=1, keepdims=True)).astype(dtype)


def main():
    add, f64 = base.add, np.float64
    r = base.R(7)

    # softmax_cross_entropy(x, t) with float t of x's shape: soft targets.
    x, t = r.n(4, 5) * 2, soft_targets(r, 4, 5)
    add('sce_soft', 'softmax_cross_entropy', [x, t], nograd=(1,))
    add('sce_soft_kl', 'softmax_cross_entropy', [x, t], {'soft_target_loss': 'kl-divergence'}, nograd=(1,))
    add('sce_soft_no_reduce', 'softmax_cross_entropy', [x, t], {'reduce': 'no'}, nograd=(1,))
    add('sce_soft_kl_no_reduce', 'softmax_cross_entropy', [x, t], {'reduce': 'no', 'soft_target_loss': 'kl-divergence'},
        nograd=(1,))
    add('sce_soft_f64', 'softmax_cross_entropy', [x.astype(f64), t.astype(f64)], nograd=(1,))
    t_unnormalised = (r.u(0.0, 1.0, 4, 5) * 2).astype(np.float32)
    add('sce_soft_unnormalised', 'softmax_cross_entropy', [x, t_unnormalised], nograd=(1,))
    x3, t3 = r.n(2, 3, 4), soft_targets(r, 2, 3, 4)
    add('sce_soft_3d', 'softmax_cross_entropy', [x3, t3], nograd=(1,))
    add('sce_soft_3d_no_reduce', 'softmax_cross_entropy', [x3, t3], {'reduce': 'no'}, nograd=(1,))

    # dropout(x, ratio, mask=..., return_mask=True)
    x = r.n(3, 4)
    mask = (r.u(0, 1, 3, 4) >= 0.3).astype(np.float32) * np.float32(1 / 0.7)
    with chainer.using_config('train', True):
        add('dropout_mask', 'dropout', [x], {'ratio': 0.3, 'mask': mask})
        add('dropout_return_mask', 'dropout', [x], {'ratio': 0.25, 'return_mask': True}, seed=3,
            call=lambda v: F.dropout(v, 0.25, return_mask=True))
        add('dropout_return_mask_f64', 'dropout', [x.astype(f64)], {'ratio': 0.6, 'return_mask': True}, seed=4,
            call=lambda v: F.dropout(v, 0.6, return_mask=True))
    with chainer.using_config('train', False):
        add('dropout_return_mask_test_mode', 'dropout', [x], {'ratio': 0.5, 'return_mask': True}, grads=False,
            call=lambda v: F.dropout(v, 0.5, return_mask=True)[0])

    # gaussian(mean, ln_var, eps=..., return_eps=True)
    m, v = r.n(3, 2), r.n(3, 2) * 0.5
    eps = r.n(3, 2)
    add('gaussian_eps', 'gaussian', [m, v], {'eps': eps})
    add('gaussian_return_eps', 'gaussian', [m, v], {'return_eps': True}, seed=5,
        call=lambda a, b: F.gaussian(a, b, return_eps=True))
    add('gaussian_return_eps_f64', 'gaussian', [m.astype(f64), v.astype(f64)], {'return_eps': True}, seed=6,
        call=lambda a, b: F.gaussian(a, b, return_eps=True))

    # negative_sampling(..., return_samples=True) with a fixed sampler.
    n, d, vocab, k = 4, 3, 6, 2
    x, w = r.n(n, d), r.n(vocab, d)
    t = np.array([1, -1, 5, 0], np.int32)
    drawn = r.i(0, vocab, n, k + 1)
    sampler = lambda shape: drawn.copy()  # noqa: E731
    add('negative_sampling_return_samples', 'negative_sampling', [x, t, w],
        {'sample_size': k, 'samples': drawn, 'return_samples': True},
        call=lambda a, b, c: F.negative_sampling(a, b, c, sampler, k, return_samples=True))
    add('negative_sampling_return_samples_no_reduce', 'negative_sampling', [x, t, w],
        {'sample_size': k, 'samples': drawn, 'reduce': 'no', 'return_samples': True},
        call=lambda a, b, c: F.negative_sampling(a, b, c, sampler, k, reduce='no', return_samples=True))

    # Connections accept W (not b) of another float dtype and answer in x's dtype.
    x, w, b = r.n(3, 4), r.n(2, 4, dtype=f64), r.n(2)
    add('linear_mixed_dtype', 'linear', [x, w, b])
    x, w = r.n(2, 3, 5, 5), r.n(4, 3, 3, 3, dtype=f64)
    add('convolution_2d_mixed_dtype', 'convolution_2d', [x, w], {'pad': 1})
    x, w = r.n(1, 2, 3, 3), r.n(2, 3, 2, 2, dtype=f64)
    add('deconvolution_2d_mixed_dtype', 'deconvolution_2d', [x, w], {'stride': 2})

    with open(OUT, 'w') as f:
        json.dump({'chainer': chainer.__version__, 'numpy': np.__version__, 'cases': base.CASES}, f,
                  separators=(',', ':'))
        f.write('\n')
    print('wrote %d cases to %s (%d bytes)' % (len(base.CASES), OUT, os.path.getsize(OUT)))


if __name__ == '__main__':
    main()
