#!/usr/bin/env python3
"""Regenerates function_cases.json: forward values and first-order gradients of
chainer.functions computed by real Chainer 7.8.1, which the C# tests
(Functions/FunctionReferenceTests.cs) replay on Chainer.Functions.

    cd tests/Chainer.Tests/data/functions
    PYTHONHASHSEED=0 PYTHONPATH=/opt/chainer-src /usr/bin/python3 make_function_cases.py

(/opt/chainer-src is a checkout of tag v7.8.1 of chainer/chainer with the
shim described in /work/shared/DESIGN.md.)

Each case is {"name", "func", "kwargs", "inputs", "outputs", "gys", "grads",
"seed", "after"}:
  * inputs: positional arguments; float arrays become variables that require
    a gradient (unless listed in "nograd"), int/bool arrays constants;
  * kwargs: the keyword arguments, with arrays as {"__array__": {...}} and
    get_item keys in a small vocabulary ({"int": i}, {"slice": [a, b, c]},
    {"newaxis": 1}, {"ellipsis": 1}, {"array": {...}});
  * outputs: the output arrays (several for functions returning tuples);
  * gys / grads: the output gradients used and the input gradients Chainer
    computed (null where an input is a constant or gets no gradient);
  * seed: when set, np.random.seed(seed) is called just before the function
    (noise functions); the C# test seeds RandomState.Default the same way;
  * after: arrays updated in place (batch normalization's running stats).
Floats are written with Python's shortest round-trip repr, so float32 and
float64 values parse back exactly; infinities and NaN as "inf", "-inf", "nan".
"""
exec(open('/opt/chainer-src/shim.py').read())  # noqa: S102 (chainerx stub, NumPy aliases)

import json
import os
import warnings

import numpy as np

import chainer
import chainer.functions as F

assert chainer.__version__ == '7.8.1', chainer.__version__
warnings.simplefilter('ignore')

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'function_cases.json')

CASES = []
_counter = [0]


def _finite(v):
    # JSON has no infinities or NaN: write them as the strings "inf", "-inf", "nan".
    if isinstance(v, float) and not np.isfinite(v):
        return 'nan' if np.isnan(v) else ('inf' if v > 0 else '-inf')
    return v


def enc(a):
    a = np.asarray(a)
    return {'dtype': str(a.dtype), 'shape': list(a.shape), 'data': [_finite(v) for v in a.ravel().tolist()]}


def enc_kw(v):
    if isinstance(v, np.ndarray):
        return {'__array__': enc(v)}
    if isinstance(v, tuple):
        return [enc_kw(e) for e in v]
    return v


class R(object):
    """Seeded generators of inputs (float32 unless dtype is given)."""

    def __init__(self, seed):
        self.r = np.random.RandomState(seed)

    def n(self, *shape, dtype=np.float32):
        return self.r.standard_normal(shape).astype(dtype)

    def u(self, lo, hi, *shape, dtype=np.float32):
        return self.r.uniform(lo, hi, shape).astype(dtype)

    def afz(self, lo, hi, *shape, dtype=np.float32):
        v = self.r.uniform(lo, hi, shape)
        s = np.where(self.r.uniform(0, 1, shape) < 0.5, -1.0, 1.0)
        return (v * s).astype(dtype)

    def i(self, lo, hi, *shape, dtype=np.int32):
        return self.r.randint(lo, hi, shape).astype(dtype)

    def distinct(self, *shape, dtype=np.float32):
        """Values with no ties (for max/min/argmax and pooling)."""
        size = int(np.prod(shape))
        v = self.r.permutation(size).astype(np.float64) / size * 4 - 2 + self.r.uniform(0, 0.1 / size, size)
        return v.reshape(shape).astype(dtype)


def add(name, func, inputs, kwargs=None, call=None, grads=True, nograd=(), seed=None, after=None):
    """Runs one case in Chainer and records it."""
    _counter[0] += 1
    kwargs = dict(kwargs or {})
    rng = np.random.RandomState(10000 + _counter[0])
    xs = []
    for i, a in enumerate(inputs):
        if isinstance(a, np.ndarray) and a.dtype.kind == 'f' and i not in nograd:
            xs.append(chainer.Variable(a.copy()))
        else:
            xs.append(a)
    if call is None:
        fn = getattr(F, func)
        call = lambda *v: fn(*v, **kwargs)  # noqa: E731
    if seed is not None:
        np.random.seed(seed)
    out = call(*xs)
    outs = list(out) if isinstance(out, (tuple, list)) else [out]
    outs = [chainer.as_variable(o) for o in outs]
    rec = {
        'name': name, 'func': func,
        'kwargs': {k: enc_kw(v) for k, v in kwargs.items()},
        'inputs': [enc(a) for a in inputs],
        'nograd': list(nograd),
        'outputs': [enc(o.array) for o in outs],
        'seed': seed,
    }
    if grads:
        gys = [rng.standard_normal(o.shape).astype(o.dtype) for o in outs]
        for o, g in zip(outs, gys):
            o.grad = g.copy()
        if len(outs) == 1:
            outs[0].backward()
        else:
            chainer.backward(outs, [chainer.Variable(g) for g in gys])
        rec['gys'] = [enc(g) for g in gys]
        rec['grads'] = [enc(x.grad) if isinstance(x, chainer.Variable) and x.grad is not None else None for x in xs]
    else:
        rec['gys'] = None
        rec['grads'] = None
    if after is not None:
        rec['after'] = {k: enc(v) for k, v in after.items()}
    CASES.append(rec)


def keys_enc(keys):
    out = []
    for k in keys:
        if k is None:
            out.append({'newaxis': 1})
        elif k is Ellipsis:
            out.append({'ellipsis': 1})
        elif isinstance(k, int):
            out.append({'int': k})
        elif isinstance(k, slice):
            out.append({'slice': [k.start, k.stop, k.step]})
        else:
            out.append({'array': enc(np.asarray(k))})
    return out


def main():
    r = R(0)
    f32, f64 = np.float32, np.float64

    # ---------------------------------------------------------------- math
    for dt in (f32, f64):
        sfx = '' if dt is f32 else '_f64'
        add('exp' + sfx, 'exp', [r.n(3, 4, dtype=dt)])
        add('log' + sfx, 'log', [r.u(0.2, 3, 3, 4, dtype=dt)])
        add('sqrt' + sfx, 'sqrt', [r.u(0.2, 3, 3, 4, dtype=dt)])
        add('tanh' + sfx, 'tanh', [r.n(3, 4, dtype=dt)])
        add('sigmoid' + sfx, 'sigmoid', [r.n(3, 4, dtype=dt) * 3])
    add('absolute', 'absolute', [r.afz(0.1, 2, 3, 4)], call=lambda x: abs(x))
    add('rsqrt', 'rsqrt', [r.u(0.2, 3, 3, 4)])
    add('square', 'square', [r.n(3, 4)])
    add('expm1', 'expm1', [r.n(3, 4)])
    add('log1p', 'log1p', [r.u(-0.8, 3, 3, 4)])
    add('log2', 'log2', [r.u(0.2, 3, 3, 4)])
    add('log10', 'log10', [r.u(0.2, 3, 3, 4)])
    add('sin', 'sin', [r.n(3, 4) * 2])
    add('cos', 'cos', [r.n(3, 4) * 2])
    add('tan', 'tan', [r.u(-1.2, 1.2, 3, 4)])
    add('arcsin', 'arcsin', [r.u(-0.9, 0.9, 3, 4)])
    add('arccos', 'arccos', [r.u(-0.9, 0.9, 3, 4)])
    add('arctan', 'arctan', [r.n(3, 4) * 2])
    add('sinh', 'sinh', [r.n(3, 4)])
    add('cosh', 'cosh', [r.n(3, 4)])
    x = r.n(3, 4) * 3
    x[0, 0] = 0.0
    x[0, 1] = -2.5
    x[0, 2] = 2.5
    add('sign', 'sign', [x], grads=False)
    add('floor', 'floor', [x], grads=False)
    add('ceil', 'ceil', [x], grads=False)
    add('fix', 'fix', [x], grads=False)
    add('clip', 'clip', [r.n(4, 5)], {'x_min': -0.5, 'x_max': 0.7})
    add('clip_no_min', 'clip', [r.n(4, 5)], {'x_min': None, 'x_max': 0.3})
    a, b = r.distinct(3, 4), r.distinct(3, 4)
    add('maximum', 'maximum', [a, b])
    add('minimum', 'minimum', [a, b])
    add('where', 'where', [r.n(3, 4) > 0, r.n(3, 4), r.n(3, 4)])
    add('fmod', 'fmod', [r.n(3, 4) * 5, r.afz(0.7, 2, 3, 4)])
    add('matmul', 'matmul', [r.n(3, 4), r.n(4, 5)])
    add('matmul_trans', 'matmul', [r.n(4, 3), r.n(5, 4)], {'transa': True, 'transb': True})
    add('matmul_batched', 'matmul', [r.n(2, 3, 4), r.n(2, 4, 5)])
    add('matmul_f64', 'matmul', [r.n(3, 4, dtype=f64), r.n(4, 5, dtype=f64)])
    add('batch_matmul', 'batch_matmul', [r.n(2, 3, 4), r.n(2, 4, 5)])
    add('batch_matmul_2d', 'batch_matmul', [r.n(2, 3), r.n(2, 3)], {'transa': True})
    add('linear_interpolate', 'linear_interpolate', [r.u(0, 1, 3, 4), r.n(3, 4), r.n(3, 4)])
    add('logsumexp', 'logsumexp', [r.n(3, 4, 2)])
    add('logsumexp_axis', 'logsumexp', [r.n(3, 4, 2)], {'axis': 1})
    add('logsumexp_axes', 'logsumexp', [r.n(3, 4, 2)], {'axis': (0, 2)})
    add('cumsum', 'cumsum', [r.n(3, 4)])
    add('cumsum_axis', 'cumsum', [r.n(3, 4, 2)], {'axis': 1})
    add('cumsum_neg_axis', 'cumsum', [r.n(3, 4, 2)], {'axis': -1})
    add('prod', 'prod', [r.u(0.5, 1.5, 3, 4)])
    add('prod_axis', 'prod', [r.u(0.5, 1.5, 3, 4, 2)], {'axis': 1})
    add('prod_axes_keepdims', 'prod', [r.u(0.5, 1.5, 3, 4, 2)], {'axis': (0, 2), 'keepdims': True})
    for fn in ('max', 'min'):
        add(fn, fn, [r.distinct(3, 4, 2)])
        add(fn + '_axis', fn, [r.distinct(3, 4, 2)], {'axis': 1})
        add(fn + '_axes_keepdims', fn, [r.distinct(3, 4, 2)], {'axis': (0, 2), 'keepdims': True})
    for fn in ('argmax', 'argmin'):
        add(fn, fn, [r.distinct(3, 4)], grads=False)
        add(fn + '_axis', fn, [r.distinct(3, 4, 2)], {'axis': 1}, grads=False)
    add('sum', 'sum', [r.n(3, 4, 2)])
    add('sum_big', 'sum', [r.n(130, 9)])
    add('sum_axis', 'sum', [r.n(3, 4, 2)], {'axis': 1})
    add('sum_axes_keepdims', 'sum', [r.n(3, 4, 2)], {'axis': (0, 2), 'keepdims': True})
    add('sum_f64', 'sum', [r.n(50, 30, dtype=f64)], {'axis': 0})
    add('mean', 'mean', [r.n(3, 4, 2)])
    add('mean_axis', 'mean', [r.n(3, 4, 2)], {'axis': 1})
    add('mean_axes_keepdims', 'mean', [r.n(3, 4, 2)], {'axis': (0, 2), 'keepdims': True})
    add('average_weights', 'average', [r.n(3, 4), r.u(0.5, 1.5, 3, 4)], call=lambda x, w: F.average(x, weights=w))
    add('average_weights_axis', 'average', [r.n(3, 4, 2), r.u(0.5, 1.5, 4)], {'axis': 1},
        call=lambda x, w: F.average(x, axis=1, weights=w))
    add('average_weights_axis_keepdims', 'average', [r.n(3, 4, 2), r.u(0.5, 1.5, 2)], {'axis': -1, 'keepdims': True},
        call=lambda x, w: F.average(x, axis=-1, weights=w, keepdims=True))
    add('squared_difference', 'squared_difference', [r.n(3, 4), r.n(3, 4)])
    # arithmetic (already in Functions.cs; kept for coverage)
    add('add', 'add', [r.n(3, 4), r.n(3, 4)], call=lambda a, b: a + b)
    add('sub', 'sub', [r.n(3, 4), r.n(3, 4)], call=lambda a, b: a - b)
    add('mul', 'mul', [r.n(3, 4), r.n(3, 4)], call=lambda a, b: a * b)
    add('div', 'div', [r.n(3, 4), r.afz(0.5, 2, 3, 4)], call=lambda a, b: a / b)
    add('pow', 'pow', [r.u(0.5, 2, 3, 4), r.n(3, 4)], call=lambda a, b: a ** b)
    add('neg', 'neg', [r.n(3, 4)], call=lambda a: -a)
    add('pow_scalar', 'pow_scalar', [r.u(0.5, 2, 3, 4)], {'s': 2.5}, call=lambda a: a ** 2.5)
    add('linear', 'linear', [r.n(3, 4), r.n(5, 4), r.n(5)])
    add('linear_nobias', 'linear', [r.n(3, 2, 2), r.n(5, 4)])
    add('broadcast_to', 'broadcast_to', [r.n(3, 1)], {'shape': (2, 3, 4)})
    add('reshape', 'reshape', [r.n(3, 4)], {'shape': (2, -1)})
    add('transpose', 'transpose', [r.n(2, 3, 4)])
    add('transpose_axes', 'transpose', [r.n(2, 3, 4)], {'axes': (1, 2, 0)})
    add('sum_to', 'sum_to', [r.n(2, 3, 4)], {'shape': (3, 1)})

    # ----------------------------------------------------------- activation
    add('relu', 'relu', [r.afz(0.05, 2, 3, 4)])
    add('relu_f64', 'relu', [r.afz(0.05, 2, 3, 4, dtype=f64)])
    add('relu6', 'relu6', [r.afz(0.05, 8, 3, 4)])
    add('clipped_relu', 'clipped_relu', [r.afz(0.05, 2, 3, 4)], {'z': 0.7})
    add('clipped_relu_default', 'clipped_relu', [r.afz(0.05, 30, 3, 4)])
    add('leaky_relu', 'leaky_relu', [r.afz(0.05, 2, 3, 4)])
    add('leaky_relu_slope', 'leaky_relu', [r.afz(0.05, 2, 3, 4)], {'slope': 0.1})
    add('elu', 'elu', [r.afz(0.05, 2, 3, 4)])
    add('elu_alpha', 'elu', [r.afz(0.05, 2, 3, 4)], {'alpha': 0.5})
    add('selu', 'selu', [r.afz(0.05, 2, 3, 4)])
    add('softplus', 'softplus', [r.n(3, 4) * 3])
    add('softplus_beta', 'softplus', [r.n(3, 4) * 3], {'beta': 2.0})
    add('hard_sigmoid', 'hard_sigmoid', [r.afz(0.05, 4, 3, 4)])
    add('swish', 'swish', [r.n(2, 3, 4), r.n(3)])
    add('prelu', 'prelu', [r.afz(0.05, 2, 2, 3, 4), r.n(3)])
    add('softmax', 'softmax', [r.n(3, 4) * 2])
    add('softmax_f64', 'softmax', [r.n(3, 4, dtype=f64) * 2])
    add('softmax_axis', 'softmax', [r.n(2, 3, 4)], {'axis': 2})
    add('softmax_neg_axis', 'softmax', [r.n(2, 3, 4)], {'axis': -3})
    add('log_softmax', 'log_softmax', [r.n(3, 4) * 2])
    add('log_softmax_f64', 'log_softmax', [r.n(3, 4, dtype=f64) * 2])
    add('log_softmax_axis', 'log_softmax', [r.n(2, 3, 4)], {'axis': 0})
    add('maxout', 'maxout', [r.distinct(2, 6, 3)], {'pool_size': 2})
    add('maxout_axis', 'maxout', [r.distinct(2, 3, 6)], {'pool_size': 3, 'axis': 2})
    add('lstm', 'lstm', [r.n(3, 4), r.n(3, 16)])
    add('lstm_shrink', 'lstm', [r.n(4, 2), r.n(3, 8)])
    add('lstm_4d', 'lstm', [r.n(2, 3, 2), r.n(2, 12, 2)])
    add('crelu', 'crelu', [r.afz(0.05, 2, 2, 3)])
    add('crelu_axis', 'crelu', [r.afz(0.05, 2, 2, 3, 2)], {'axis': 2})

    # ---------------------------------------------------------------- array
    add('broadcast', 'broadcast', [r.n(3, 1), r.n(1, 4), r.n(4)], call=lambda *xs: F.broadcast(*xs))
    add('cast_f64', 'cast', [r.n(3, 4)], {'typ': 'float64'}, call=lambda x: F.cast(x, np.float64))
    add('cast_f32', 'cast', [r.n(3, 4, dtype=f64)], {'typ': 'float32'}, call=lambda x: F.cast(x, np.float32))
    add('concat', 'concat', [r.n(2, 3), r.n(2, 1), r.n(2, 2)], call=lambda *xs: F.concat(xs))
    add('concat_axis0', 'concat', [r.n(2, 3), r.n(1, 3)], {'axis': 0}, call=lambda *xs: F.concat(xs, axis=0))
    add('stack', 'stack', [r.n(2, 3), r.n(2, 3)], call=lambda *xs: F.stack(xs))
    add('stack_axis', 'stack', [r.n(2, 3), r.n(2, 3), r.n(2, 3)], {'axis': -1}, call=lambda *xs: F.stack(xs, axis=-1))
    add('hstack', 'hstack', [r.n(2, 3), r.n(2, 1)], call=lambda *xs: F.hstack(xs))
    add('hstack_1d', 'hstack', [r.n(3), r.n(2)], call=lambda *xs: F.hstack(xs))
    add('vstack', 'vstack', [r.n(2, 3), r.n(1, 3)], call=lambda *xs: F.vstack(xs))
    add('vstack_1d', 'vstack', [r.n(3), r.n(3)], call=lambda *xs: F.vstack(xs))
    add('dstack', 'dstack', [r.n(2, 3, 1), r.n(2, 3, 2)], call=lambda *xs: F.dstack(xs))
    add('dstack_2d', 'dstack', [r.n(2, 3), r.n(2, 3)], call=lambda *xs: F.dstack(xs))
    add('dstack_1d', 'dstack', [r.n(3), r.n(3)], call=lambda *xs: F.dstack(xs))
    add('split_axis_sections', 'split_axis', [r.n(2, 6)], {'indices_or_sections': 3, 'axis': 1})
    add('split_axis_indices', 'split_axis', [r.n(5, 2)], {'indices_or_sections': (1, 3), 'axis': 0})
    add('separate', 'separate', [r.n(3, 2)])
    add('separate_axis', 'separate', [r.n(3, 2, 2)], {'axis': 1})
    add('squeeze', 'squeeze', [r.n(1, 3, 1, 2)])
    add('squeeze_axis', 'squeeze', [r.n(1, 3, 1, 2)], {'axis': 2})
    add('squeeze_axes', 'squeeze', [r.n(1, 3, 1, 2)], {'axis': (0, 2)})
    add('expand_dims', 'expand_dims', [r.n(3, 2)], {'axis': 1})
    add('expand_dims_neg', 'expand_dims', [r.n(3, 2)], {'axis': -1})
    add('flatten', 'flatten', [r.n(2, 3, 2)])
    add('flip', 'flip', [r.n(2, 3, 2)], {'axis': 1})
    add('fliplr', 'fliplr', [r.n(2, 3, 2)])
    add('flipud', 'flipud', [r.n(3, 2)])
    x = r.n(4, 5, 3)
    for nm, keys in [
            ('int', (1,)),
            ('neg_int', (-1, 2)),
            ('slice', (slice(1, 3),)),
            ('slice_step', (slice(None, None, 2), slice(4, 0, -2))),
            ('slice_neg', (slice(-3, None), slice(None, -1))),
            ('newaxis', (None, 1, slice(None), None)),
            ('ellipsis', (Ellipsis, 1)),
            ('ellipsis_newaxis', (0, Ellipsis, None)),
            ('int_array', (np.array([3, 0, 3, 1], np.int32),)),
            ('int_array_axis1', (slice(None), np.array([[4, 0], [1, 1]], np.int64))),
            ('bool_array', (np.array([True, False, True, True]),)),
            ('bool_array_2d', (np.array([[True, False, True, False, True]] * 2 + [[False] * 5] * 2),)),
            ('mixed', (slice(1, None), 2, np.array([2, 0], np.int32))),
    ]:
        add('get_item_' + nm, 'get_item', [x], {'slices': keys_enc(keys)}, call=lambda v, k=keys: F.get_item(v, k))
    add('select_item', 'select_item', [r.n(4, 3), np.array([2, 0, 1, 2], np.int32)])
    add('pad', 'pad', [r.n(2, 3)], {'pad_width': 1, 'mode': 'constant'})
    add('pad_pair', 'pad', [r.n(2, 3)], {'pad_width': (1, 2), 'mode': 'constant', 'constant_values': 1.5})
    add('pad_per_axis', 'pad', [r.n(2, 3)], {'pad_width': ((0, 1), (2, 0)), 'mode': 'constant'})
    add('repeat', 'repeat', [r.n(2, 3)], {'repeats': 2})
    add('repeat_axis', 'repeat', [r.n(2, 3)], {'repeats': 2, 'axis': 1})
    add('repeat_tuple', 'repeat', [r.n(2, 3)], {'repeats': (1, 0, 3), 'axis': 1})
    add('tile', 'tile', [r.n(2, 3)], {'reps': 2})
    add('tile_tuple', 'tile', [r.n(2, 3)], {'reps': (2, 1, 3)})
    add('swapaxes', 'swapaxes', [r.n(2, 3, 4)], {'axis1': 0, 'axis2': 2})
    add('moveaxis', 'moveaxis', [r.n(2, 3, 4)], {'source': 0, 'destination': -1})
    add('moveaxis_tuple', 'moveaxis', [r.n(2, 3, 4, 5)], {'source': (0, 3), 'destination': (2, 0)})
    add('rollaxis', 'rollaxis', [r.n(2, 3, 4)], {'axis': 2})
    add('rollaxis_start', 'rollaxis', [r.n(2, 3, 4, 5)], {'axis': 0, 'start': 3})
    add('copy', 'copy', [r.n(2, 3)], {'dst': -1})
    add('im2col', 'im2col', [r.n(2, 2, 4, 5)], {'ksize': 2})
    add('im2col_args', 'im2col', [r.n(1, 3, 5, 6)], {'ksize': (2, 3), 'stride': (2, 1), 'pad': (1, 0), 'dilate': (1, 2)})
    add('im2col_cover_all', 'im2col', [r.n(1, 2, 5, 5)], {'ksize': 2, 'stride': 2, 'cover_all': True})
    add('permutate', 'permutate', [r.n(4, 3)], {'indices': np.array([2, 0, 3, 1], np.int32)})
    add('permutate_inv_axis', 'permutate', [r.n(2, 4, 3)], {'indices': np.array([1, 3, 0, 2], np.int32), 'axis': 1, 'inv': True})
    add('diagonal', 'diagonal', [r.n(3, 4)])
    add('diagonal_offset', 'diagonal', [r.n(3, 4, 2)], {'offset': 1, 'axis1': 0, 'axis2': 1})
    add('diagonal_neg_offset_axes', 'diagonal', [r.n(2, 3, 4)], {'offset': -1, 'axis1': 2, 'axis2': 1})
    add('resize_images', 'resize_images', [r.n(2, 2, 3, 4)], {'output_shape': (5, 7)})
    add('resize_images_down', 'resize_images', [r.n(1, 2, 6, 5)], {'output_shape': (4, 3)})
    add('resize_images_nearest', 'resize_images', [r.n(1, 2, 3, 4)], {'output_shape': (5, 6), 'mode': 'nearest'})
    add('resize_images_no_align', 'resize_images', [r.n(1, 2, 3, 4)], {'output_shape': (5, 7), 'align_corners': False})
    add('depth2space', 'depth2space', [r.n(2, 8, 2, 3)], {'r': 2})
    add('space2depth', 'space2depth', [r.n(2, 2, 4, 6)], {'r': 2})

    # ----------------------------------------------------------- connection
    add('convolution_2d', 'convolution_2d', [r.n(2, 3, 5, 6), r.n(4, 3, 3, 2), r.n(4)])
    add('convolution_2d_f64', 'convolution_2d', [r.n(2, 3, 5, 6, dtype=f64), r.n(4, 3, 3, 2, dtype=f64), r.n(4, dtype=f64)],
        {'stride': 2, 'pad': 1})
    add('convolution_2d_args', 'convolution_2d', [r.n(2, 4, 7, 6), r.n(6, 2, 3, 3)],
        {'stride': (2, 1), 'pad': (1, 2), 'dilate': (1, 2), 'groups': 2})
    add('convolution_2d_cover_all', 'convolution_2d', [r.n(1, 2, 6, 6), r.n(3, 2, 3, 3), r.n(3)],
        {'stride': 2, 'cover_all': True})
    add('convolution_1d', 'convolution_1d', [r.n(2, 3, 7), r.n(4, 3, 3), r.n(4)], {'stride': 2, 'pad': 1})
    add('convolution_3d', 'convolution_3d', [r.n(1, 2, 4, 3, 4), r.n(3, 2, 2, 2, 2), r.n(3)], {'pad': (1, 0, 1)})
    add('convolution_nd', 'convolution_nd', [r.n(1, 2, 5, 4), r.n(3, 2, 2, 3)], {'stride': 2, 'dilate': (2, 1)})
    add('deconvolution_2d', 'deconvolution_2d', [r.n(2, 3, 3, 4), r.n(3, 4, 3, 2), r.n(4)], {'stride': 2, 'pad': 1})
    add('deconvolution_2d_outsize', 'deconvolution_2d', [r.n(1, 2, 3, 3), r.n(2, 3, 3, 3)],
        {'stride': 2, 'pad': 1, 'outsize': (6, 5)})
    add('deconvolution_2d_groups', 'deconvolution_2d', [r.n(1, 4, 3, 3), r.n(4, 1, 2, 2)], {'groups': 2, 'dilate': 2})
    add('deconvolution_1d', 'deconvolution_1d', [r.n(2, 3, 4), r.n(3, 2, 3), r.n(2)], {'stride': 2})
    add('deconvolution_3d', 'deconvolution_3d', [r.n(1, 2, 2, 3, 2), r.n(2, 2, 2, 2, 2)], {'stride': (1, 2, 1)})
    add('deconvolution_nd', 'deconvolution_nd', [r.n(1, 2, 3, 3), r.n(2, 3, 2, 2), r.n(3)], {'pad': 1})
    add('depthwise_convolution_2d', 'depthwise_convolution_2d', [r.n(2, 3, 5, 4), r.n(2, 3, 3, 2), r.n(6)], {'pad': 1})
    add('dilated_convolution_2d', 'dilated_convolution_2d', [r.n(1, 2, 7, 7), r.n(3, 2, 3, 3), r.n(3)], {'dilate': 2, 'pad': 1})
    add('embed_id', 'embed_id', [np.array([[0, 2], [3, 2]], np.int32), r.n(4, 3)])
    add('embed_id_ignore', 'embed_id', [np.array([0, -1, 2, -1], np.int32), r.n(4, 3)], {'ignore_label': -1})
    add('bilinear', 'bilinear', [r.n(3, 2), r.n(3, 4), r.n(2, 4, 5)])
    add('bilinear_full', 'bilinear', [r.n(3, 2), r.n(3, 4), r.n(2, 4, 5), r.n(2, 5), r.n(4, 5), r.n(5)])

    # -------------------------------------------------------------- pooling
    add('max_pooling_2d', 'max_pooling_2d', [r.distinct(2, 3, 5, 5)], {'ksize': 2})
    add('max_pooling_2d_no_cover', 'max_pooling_2d', [r.distinct(2, 3, 5, 5)], {'ksize': 2, 'cover_all': False})
    add('max_pooling_2d_args', 'max_pooling_2d', [r.distinct(1, 2, 6, 7)], {'ksize': (3, 2), 'stride': (2, 3), 'pad': 1})
    add('max_pooling_2d_f64', 'max_pooling_2d', [r.distinct(1, 2, 4, 4, dtype=f64)], {'ksize': 3, 'stride': 1, 'pad': 1})
    add('max_pooling_1d', 'max_pooling_1d', [r.distinct(2, 3, 7)], {'ksize': 3, 'stride': 2})
    add('max_pooling_3d', 'max_pooling_3d', [r.distinct(1, 2, 4, 3, 5)], {'ksize': 2})
    add('max_pooling_nd', 'max_pooling_nd', [r.distinct(1, 2, 5, 4)], {'ksize': 2, 'stride': 1, 'cover_all': False})
    add('spatial_pyramid_pooling_2d', 'spatial_pyramid_pooling_2d', [r.distinct(2, 2, 5, 7)], {'pyramid_height': 3, 'pooling': 'max'})
    add('max_pooling_2d_indices', 'max_pooling_2d', [r.distinct(2, 2, 5, 5)], {'ksize': 2, 'return_indices': True},
        call=lambda x: tuple(chainer.as_variable(a) for a in F.max_pooling_2d(x, 2, return_indices=True)), grads=False)
    add('max_pooling_nd_indices', 'max_pooling_nd', [r.distinct(1, 2, 5, 4)], {'ksize': 3, 'stride': 2, 'pad': 1, 'return_indices': True},
        call=lambda x: tuple(chainer.as_variable(a) for a in F.max_pooling_nd(x, 3, 2, 1, return_indices=True)), grads=False)
    _, idx = F.max_pooling_2d(r.distinct(2, 2, 5, 5), 2, return_indices=True)
    add('upsampling_2d', 'upsampling_2d', [r.n(2, 2, 3, 3)], {'indexes': idx, 'ksize': 2, 'outsize': (5, 5)})
    add('upsampling_2d_default_outsize', 'upsampling_2d', [r.n(2, 2, 3, 3)], {'indexes': idx, 'ksize': 2})
    _, idx = F.max_pooling_2d(r.distinct(1, 2, 6, 7), (3, 2), (2, 3), 1, cover_all=False, return_indices=True)
    add('upsampling_2d_args', 'upsampling_2d', [r.n(*idx.shape)],
        {'indexes': idx, 'ksize': (3, 2), 'stride': (2, 3), 'pad': 1, 'cover_all': False})
    add('unpooling_2d', 'unpooling_2d', [r.n(2, 2, 3, 3)], {'ksize': 2})
    add('unpooling_2d_args', 'unpooling_2d', [r.n(1, 2, 3, 3)], {'ksize': 3, 'stride': 2, 'pad': 1, 'outsize': (5, 4)})
    add('unpooling_2d_no_cover', 'unpooling_2d', [r.n(1, 2, 3, 3)], {'ksize': 2, 'cover_all': False})
    add('unpooling_1d', 'unpooling_1d', [r.n(2, 3, 4)], {'ksize': 3, 'stride': 2})
    add('unpooling_3d', 'unpooling_3d', [r.n(1, 2, 2, 3, 2)], {'ksize': 2})
    add('unpooling_nd', 'unpooling_nd', [r.n(1, 2, 3, 2)], {'ksize': (2, 3), 'pad': (0, 1)})
    add('roi_pooling_2d', 'roi_pooling_2d',
        [r.distinct(2, 3, 6, 7), np.array([[0, 1, 1, 5, 4], [1, 0, 2, 6, 5], [0, 2.2, 0.5, 4.8, 3.1]], np.float32)],
        {'outh': 2, 'outw': 3, 'spatial_scale': 1.0}, nograd=(1,))
    add('roi_pooling_2d_scale', 'roi_pooling_2d',
        [r.distinct(1, 2, 8, 8), np.array([[0, 2, 2, 12, 10], [0, 0, 0, 15, 15]], np.float32)],
        {'outh': 3, 'outw': 2, 'spatial_scale': 0.5}, nograd=(1,))
    add('average_pooling_2d', 'average_pooling_2d', [r.n(2, 3, 4, 4)], {'ksize': 2})
    add('average_pooling_2d_pad', 'average_pooling_2d', [r.n(1, 2, 5, 5)], {'ksize': 3, 'stride': 2, 'pad': 1})
    add('average_pooling_1d', 'average_pooling_1d', [r.n(2, 3, 7)], {'ksize': 3, 'stride': 2, 'pad': 1})
    add('average_pooling_3d', 'average_pooling_3d', [r.n(1, 2, 4, 4, 2)], {'ksize': 2})
    add('average_pooling_nd', 'average_pooling_nd', [r.n(1, 2, 5, 4)], {'ksize': (3, 2), 'stride': 1, 'pad': 1})
    add('average_pooling_nd_pad_none', 'average_pooling_nd', [r.n(1, 2, 5, 4)],
        {'ksize': 3, 'stride': 2, 'pad': 1, 'pad_value': None})

    # -------------------------------------------------------- normalization
    for dt in (f32, f64):
        sfx = '' if dt is f32 else '_f64'
        x = r.n(5, 3, 2, dtype=dt) * 2 + 1
        g, b = r.u(0.5, 1.5, 3, dtype=dt), r.n(3, dtype=dt)
        rm, rv = r.n(3, dtype=dt), r.u(0.5, 1.5, 3, dtype=dt)
        rm2, rv2 = rm.copy(), rv.copy()
        add('batch_normalization' + sfx, 'batch_normalization', [x, g, b],
            {'running_mean': rm, 'running_var': rv, 'decay': 0.8},
            call=lambda x, g, b: F.batch_normalization(x, g, b, running_mean=rm2, running_var=rv2, decay=0.8),
            after={'running_mean': rm2, 'running_var': rv2})
    add('batch_normalization_plain', 'batch_normalization', [r.n(6, 4), r.u(0.5, 1.5, 4), r.n(4)], {'eps': 1e-3})
    add('batch_normalization_axis', 'batch_normalization', [r.n(2, 3, 4), r.u(0.5, 1.5, 3, 4), r.n(3, 4)], {'axis': (0,)})
    add('fixed_batch_normalization', 'fixed_batch_normalization',
        [r.n(4, 3, 2), r.u(0.5, 1.5, 3), r.n(3), r.n(3), r.u(0.5, 1.5, 3)])
    add('layer_normalization', 'layer_normalization', [r.n(3, 5), r.u(0.5, 1.5, 5), r.n(5)])
    add('group_normalization', 'group_normalization', [r.n(2, 4, 3), r.u(0.5, 1.5, 4), r.n(4)], {'groups': 2},
        call=lambda x, g, b: F.group_normalization(x, 2, g, b))
    add('local_response_normalization', 'local_response_normalization', [r.n(2, 7, 2, 2)])
    add('local_response_normalization_args', 'local_response_normalization', [r.n(2, 4, 3)],
        {'n': 3, 'k': 1, 'alpha': 0.5, 'beta': 0.6})
    add('normalize', 'normalize', [r.n(3, 4)])
    add('normalize_axis', 'normalize', [r.n(3, 4, 2)], {'axis': 2, 'eps': 1e-3})

    # ---------------------------------------------------------------- noise
    add('dropout', 'dropout', [r.n(4, 5)], seed=0)
    add('dropout_ratio', 'dropout', [r.n(3, 7)], {'ratio': 0.2}, seed=3)
    add('dropout_f64', 'dropout', [r.n(3, 4, dtype=f64)], {'ratio': 0.7}, seed=0)
    add('gaussian', 'gaussian', [r.n(3, 4), r.n(3, 4)], seed=0)
    add('gaussian_f64', 'gaussian', [r.n(3, 4, dtype=f64), r.n(3, 4, dtype=f64)], seed=5)
    add('gumbel_softmax', 'gumbel_softmax', [np.log(r.u(0.1, 1, 3, 4))], seed=0)
    add('gumbel_softmax_args', 'gumbel_softmax', [np.log(r.u(0.1, 1, 2, 3, 4))], {'tau': 0.5, 'axis': 2}, seed=1)

    # ----------------------------------------------------------------- loss
    x, t = r.n(5, 4) * 2, np.array([0, 3, 1, -1, 2], np.int32)
    add('softmax_cross_entropy', 'softmax_cross_entropy', [x, t])
    add('softmax_cross_entropy_f64', 'softmax_cross_entropy', [x.astype(f64), t])
    add('softmax_cross_entropy_no_normalize', 'softmax_cross_entropy', [x, t], {'normalize': False})
    add('softmax_cross_entropy_no_reduce', 'softmax_cross_entropy', [x, t], {'reduce': 'no'})
    add('softmax_cross_entropy_class_weight', 'softmax_cross_entropy', [x, t],
        {'class_weight': np.array([0.5, 1.0, 2.0, 1.5], np.float32)})
    add('softmax_cross_entropy_ignore', 'softmax_cross_entropy', [x, np.array([0, 3, 1, 1, 2], np.int32)],
        {'ignore_label': 1})
    add('softmax_cross_entropy_double_backprop', 'softmax_cross_entropy', [x, t], {'enable_double_backprop': True})
    add('softmax_cross_entropy_3d', 'softmax_cross_entropy', [r.n(2, 3, 4), r.i(0, 3, 2, 4)])
    x, t = r.n(4, 3) * 2, np.array([[0, 1, -1], [1, 1, 0], [0, -1, 0], [1, 0, 1]], np.int32)
    add('sigmoid_cross_entropy', 'sigmoid_cross_entropy', [x, t])
    add('sigmoid_cross_entropy_no_normalize', 'sigmoid_cross_entropy', [x, t], {'normalize': False})
    add('sigmoid_cross_entropy_no_reduce', 'sigmoid_cross_entropy', [x, t], {'reduce': 'no'})
    add('mean_squared_error', 'mean_squared_error', [r.n(4, 3), r.n(4, 3)])
    add('mean_squared_error_f64', 'mean_squared_error', [r.n(40, 30, dtype=f64), r.n(40, 30, dtype=f64)])
    add('mean_squared_error_big', 'mean_squared_error', [r.n(40, 30), r.n(40, 30)])
    add('mean_absolute_error', 'mean_absolute_error', [r.n(4, 3), r.n(4, 3)])
    add('squared_error', 'squared_error', [r.n(4, 3), r.n(4, 3)])
    add('absolute_error', 'absolute_error', [r.n(4, 3), r.n(4, 3)])
    add('huber_loss', 'huber_loss', [r.n(4, 3) * 2, r.n(4, 3)], {'delta': 1.0})
    add('huber_loss_delta', 'huber_loss', [r.n(4, 3) * 2, r.n(4, 3)], {'delta': 0.3})
    add('huber_loss_no_reduce', 'huber_loss', [r.n(4, 3, 2) * 2, r.n(4, 3, 2)], {'delta': 0.7, 'reduce': 'no'})
    x, t = r.n(4, 3) * 2, np.array([1, 0, 2, 2], np.int32)
    add('hinge', 'hinge', [x, t])
    add('hinge_l2', 'hinge', [x, t], {'norm': 'L2'})
    add('hinge_no_reduce', 'hinge', [x, t], {'reduce': 'no'})
    y = np.array([1, 0, 1, 0, 0], np.int32)
    add('contrastive', 'contrastive', [r.n(5, 3), r.n(5, 3), y])
    add('contrastive_margin', 'contrastive', [r.n(5, 3), r.n(5, 3), y], {'margin': 3.0})
    add('contrastive_no_reduce', 'contrastive', [r.n(5, 3) * 0.5, r.n(5, 3) * 0.5, y], {'reduce': 'no'})
    add('contrastive_f64', 'contrastive', [r.n(5, 3, dtype=f64), r.n(5, 3, dtype=f64), y], {'margin': 2.5})
    add('triplet', 'triplet', [r.n(5, 3), r.n(5, 3), r.n(5, 3)], {'margin': 2.0})
    add('triplet_default', 'triplet', [r.n(5, 3), r.n(5, 3) * 0.5, r.n(5, 3) * 0.5])
    add('triplet_no_reduce', 'triplet', [r.n(5, 3), r.n(5, 3), r.n(5, 3)], {'margin': 1.5, 'reduce': 'no'})
    add('gaussian_kl_divergence', 'gaussian_kl_divergence', [r.n(3, 4), r.n(3, 4)])
    add('gaussian_kl_divergence_mean', 'gaussian_kl_divergence', [r.n(3, 4), r.n(3, 4)], {'reduce': 'mean'})
    add('gaussian_kl_divergence_no', 'gaussian_kl_divergence', [r.n(3, 4), r.n(3, 4)], {'reduce': 'no'})
    add('gaussian_nll', 'gaussian_nll', [r.n(3, 4), r.n(3, 4), r.n(3, 4)])
    add('gaussian_nll_mean', 'gaussian_nll', [r.n(3, 4), r.n(3, 4), r.n(3, 4)], {'reduce': 'mean'})
    add('gaussian_nll_no', 'gaussian_nll', [r.n(3, 4), r.n(3, 4), r.n(3, 4)], {'reduce': 'no'})
    add('bernoulli_nll', 'bernoulli_nll', [r.u(0, 1, 3, 4), r.n(3, 4)])
    add('bernoulli_nll_mean', 'bernoulli_nll', [r.u(0, 1, 3, 4), r.n(3, 4)], {'reduce': 'mean'})
    add('bernoulli_nll_no', 'bernoulli_nll', [r.u(0, 1, 3, 4), r.n(3, 4)], {'reduce': 'no'})

    T, B, V = 5, 2, 4
    t = np.array([[1, 2, 2], [3, 1, 0]], np.int32)
    add('ctc', 'connectionist_temporal_classification', [r.n(T, B, V), t], {'blank_symbol': 0},
        call=lambda x, t: F.connectionist_temporal_classification([x[i] for i in range(T)], t, 0))
    add('ctc_lengths_no_reduce', 'connectionist_temporal_classification',
        [r.n(T, B, V), t, np.array([5, 3], np.int32), np.array([3, 1], np.int32)], {'blank_symbol': 3, 'reduce': 'no'},
        call=lambda x, t, il, ll: F.connectionist_temporal_classification([x[i] for i in range(T)], t, 3, il, ll, reduce='no'))
    add('ctc_f64', 'connectionist_temporal_classification', [r.n(T, B, V, dtype=f64), t], {'blank_symbol': 0},
        call=lambda x, t: F.connectionist_temporal_classification([x[i] for i in range(T)], t, 0))

    # crf1d: three sequences of lengths 3, 2, 2 (time-major, batch sizes non-increasing)
    K = 3
    cost = r.n(K, K)
    xs3 = [r.n(3, K), r.n(3, K), r.n(1, K)]
    ys3 = [np.array([0, 2, 1], np.int32), np.array([1, 1, 0], np.int32), np.array([2], np.int32)]
    add('crf1d', 'crf1d', [cost] + xs3, {'ys': [enc(v) for v in ys3]},
        call=lambda c, *xs: F.crf1d(c, list(xs), ys3))
    add('crf1d_no_reduce', 'crf1d', [cost] + xs3, {'ys': [enc(v) for v in ys3], 'reduce': 'no'},
        call=lambda c, *xs: F.crf1d(c, list(xs), ys3, reduce='no'))
    add('argmax_crf1d', 'argmax_crf1d', [cost] + xs3,
        call=lambda c, *xs: (lambda sp: (sp[0],) + tuple(chainer.as_variable(p) for p in sp[1]))(F.argmax_crf1d(c, list(xs))),
        grads=False)
    samples = np.array([[0, 3, 1], [0, 4, 4], [0, 2, 0], [0, 1, 3]], np.int32)
    add('negative_sampling', 'negative_sampling', [r.n(4, 3), np.array([1, 0, -1, 2], np.int32), r.n(5, 3)],
        {'samples': samples, 'sample_size': 2},
        call=lambda x, t, W: F.negative_sampling(x, t, W, lambda shape: samples.copy(), 2))
    add('negative_sampling_no_reduce', 'negative_sampling', [r.n(4, 3), np.array([1, 0, 3, 2], np.int32), r.n(5, 3)],
        {'samples': samples, 'sample_size': 2, 'reduce': 'no'},
        call=lambda x, t, W: F.negative_sampling(x, t, W, lambda shape: samples.copy(), 2, reduce='no'))

    # n-step RNNs: time-major inputs of 3 sequences of lengths 3, 2, 1; weights flattened into the inputs
    def nstep_case(name, kind, n_layers, bi, n_w, has_c, activation=None, dropout=0.0, seed=None):
        d = 2 if bi else 1
        I, N = 3, 2
        xs = [r.n(3, I), r.n(2, I), r.n(1, I)]
        hx = r.n(n_layers * d, 3, N)
        cx = r.n(n_layers * d, 3, N) if has_c else None
        half = n_w // 2
        ws, bs = [], []
        for layer in range(n_layers):
            for di in range(d):
                in_size = I if layer == 0 else N * d
                ws.append([r.n(N, in_size) * 0.5 for _ in range(half)] + [r.n(N, N) * 0.5 for _ in range(half)])
                bs.append([r.n(N) * 0.1 for _ in range(n_w)])
        flat = [hx] + ([cx] if has_c else []) + [w for ww in ws for w in ww] + [b for bb in bs for b in bb] + xs
        n_ws = len(ws) * n_w

        def call(*v):
            v = list(v)
            h = v.pop(0)
            c = v.pop(0) if has_c else None
            wl = [v[i * n_w:(i + 1) * n_w] for i in range(len(ws))]
            bl = [v[n_ws + i * n_w:n_ws + (i + 1) * n_w] for i in range(len(bs))]
            x = v[2 * n_ws:]
            fn = getattr(F, kind)
            args = (n_layers, dropout, h) + ((c,) if has_c else ()) + (wl, bl, x)
            out = fn(*args, activation=activation) if activation else fn(*args)
            out = list(out)
            ys = list(out.pop())
            return tuple(out) + tuple(ys)
        kw = {'n_layers': n_layers, 'dropout_ratio': dropout, 'n_w': n_w, 'n_dirs': d}
        if activation:
            kw['activation'] = activation
        add(name, kind, flat, kw, call=call, seed=seed)

    nstep_case('n_step_lstm', 'n_step_lstm', 2, False, 8, True, seed=0)
    nstep_case('n_step_bilstm', 'n_step_bilstm', 2, True, 8, True, dropout=0.3, seed=4)
    nstep_case('n_step_gru', 'n_step_gru', 2, False, 6, False, seed=0)
    nstep_case('n_step_bigru', 'n_step_bigru', 1, True, 6, False)
    nstep_case('n_step_rnn', 'n_step_rnn', 2, False, 2, False, seed=0)
    nstep_case('n_step_birnn_relu', 'n_step_birnn', 2, True, 2, False, activation='relu', seed=2)
    add('transpose_sequence', 'transpose_sequence', [r.n(3, 2), r.n(3, 2), r.n(1, 2)],
        call=lambda *xs: F.transpose_sequence(list(xs)))

    # ----------------------------------------------------------- evaluation
    y = r.distinct(6, 4)
    t = np.array([0, 1, 2, 3, 2, 1], np.int32)
    t[:3] = np.argmax(y[:3], axis=1)
    add('accuracy', 'accuracy', [y, t], grads=False)
    add('accuracy_ignore', 'accuracy', [y, t], {'ignore_label': 2}, grads=False)
    add('accuracy_3d', 'accuracy', [r.distinct(2, 3, 4), r.i(0, 3, 2, 4)], grads=False)
    add('accuracy_f64', 'accuracy', [y.astype(f64), t], grads=False)
    add('binary_accuracy', 'binary_accuracy', [r.afz(0.1, 2, 3, 4), r.i(-1, 2, 3, 4)], grads=False)
    y = r.distinct(8, 3)
    t = np.array([0, 1, 2, 2, 1, -1, 0, 2], np.int32)
    add('classification_summary', 'classification_summary', [y, t], grads=False)
    add('classification_summary_args', 'classification_summary', [y, np.array([0, 1, 2, 2, 1, 1, 0, 2], np.int32)],
        {'label_num': 4, 'beta': 2.0, 'ignore_label': 1},
        grads=False)
    p = r.n(6, 3)
    tr = p + r.n(6, 3) * 0.5
    tr[:, 2] = 1.5
    add('r2_score', 'r2_score', [p, tr], grads=False)
    add('r2_score_raw', 'r2_score', [p, tr], {'multioutput': 'raw_values'}, grads=False)
    add('r2_score_f64', 'r2_score', [p.astype(f64), tr.astype(f64)], grads=False)

    with open(OUT, 'w') as f:
        json.dump({'chainer': chainer.__version__, 'numpy': np.__version__, 'cases': CASES}, f, separators=(',', ':'))
        f.write('\n')
    print('wrote %d cases to %s (%d bytes)' % (len(CASES), OUT, os.path.getsize(OUT)))


if __name__ == '__main__':
    main()
