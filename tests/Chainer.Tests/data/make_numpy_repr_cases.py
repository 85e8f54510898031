#!/usr/bin/env python3
"""Regenerates numpy_repr_cases.json: expected repr()/str() text from real NumPy
(1.24) and real Chainer 7 for arrays of every dtype, shape and magnitude we
care about. The C# tests (Formatting/NumpyFormatTests.cs) replay each case
through Chainer.Formatting.NumpyFormat and compare character for character.

Run with an interpreter that has NumPy 1.24 and a Chainer 7 source tree:

    CHAINER_SRC=/opt/chainer-src /usr/bin/python3 make_numpy_repr_cases.py

CHAINER_SRC may hold a shim.py that patches NumPy for old Chainer; it is
executed before importing chainer when present.

Element encoding: float32 / float64 values are stored as the hex string of
their IEEE bit pattern (so nan, inf and -0.0 survive JSON), ints as numbers,
bools as booleans.
"""
import json
import os
import struct
import sys

import numpy as np

CHAINER_SRC = os.environ.get('CHAINER_SRC', '/opt/chainer-src')
sys.path.insert(0, CHAINER_SRC)
_shim = os.path.join(CHAINER_SRC, 'shim.py')
if os.path.exists(_shim):
    exec(open(_shim).read())
import chainer  # noqa: E402

assert np.__version__.startswith('1.24'), np.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'numpy_repr_cases.json')

DTYPES = {
    np.dtype(np.float32): 'float32',
    np.dtype(np.float64): 'float64',
    np.dtype(np.int32): 'int32',
    np.dtype(np.int64): 'int64',
    np.dtype(np.bool_): 'bool',
}

cases = []


def encode(arr):
    flat = arr.reshape(-1)
    if arr.dtype == np.float32:
        return ['0x%08x' % struct.unpack('<I', struct.pack('<f', v))[0] for v in flat.tolist()]
    if arr.dtype == np.float64:
        return ['0x%016x' % struct.unpack('<Q', struct.pack('<d', v))[0] for v in flat.tolist()]
    if arr.dtype == np.bool_:
        return [bool(v) for v in flat.tolist()]
    return [int(v) for v in flat.tolist()]


def add(arr, kinds=('repr', 'str'), name=None, note=''):
    arr = np.asarray(arr)
    assert arr.dtype in DTYPES, arr.dtype
    for kind in kinds:
        if kind == 'repr':
            expected = repr(arr)
        elif kind == 'str':
            expected = str(arr)
        elif kind == 'variable':
            expected = repr(chainer.Variable(arr, name=name))
        else:
            raise ValueError(kind)
        cases.append({
            'kind': kind,
            'dtype': DTYPES[arr.dtype],
            'shape': list(arr.shape),
            'values': encode(arr),
            'name': name if kind == 'variable' else None,
            'note': note,
            'expected': expected,
        })


ALL = ('repr', 'str', 'variable')
f32, f64 = np.float32, np.float64
rng = np.random.RandomState(12345)

# --- The examples quoted in the tutorials / API contract.
add(np.arange(0, 12, 2, dtype=f32).reshape(2, 3), ALL, note='tutorial')
add(np.array([16.], f32), ALL, note='tutorial')
add(np.array([[3.1757617, 1.7575557], [8.619507, 7.1809077]], f32), ALL, note='unique-mode right padding')
add(np.array([[1.0184761, 0.23103087, 0.5650746], [1.2937803, 1.0782351, -0.56423163]], f32), ALL,
    note='Linear W')
add(np.zeros(2, f32), ALL)
add(np.array([[0, 12, 27], [48, 75, 108]], f32), ALL, note='variable example')
add(np.array([[0, 12, 27], [48, 75, 108]], f32), ('variable',), name='y')
add(np.array([[0., 2.], [1., 3.]]), ALL)

# --- 0-d arrays.
for v in [5., -0., 0., 1.5, -2.25, 0.1, 1e-5, 0.0001, 1e16, 1e15, 123456789.123, np.nan, np.inf, -np.inf,
          3.4028235e38, 1e-45, 1 / 3]:
    add(np.array(v, f32), ALL, note='0-d')
    add(np.array(v, f64), ALL, note='0-d')
for v in [0, 5, -7, 2**31 - 1, -2**31]:
    add(np.array(v, np.int32), ALL, note='0-d')
for v in [0, 12345678901234, -2**63, 2**63 - 1]:
    add(np.array(v, np.int64), ALL, note='0-d')
add(np.array(True), ALL, note='0-d')
add(np.array(False), ALL, note='0-d')

# --- Empty arrays.
for dt in [f32, f64, np.int32, np.int64, np.bool_]:
    for shape in [(0,), (0, 3), (2, 0), (3, 0, 2)]:
        add(np.zeros(shape, dt), ALL, note='empty')

# --- Random values of many magnitudes, shapes up to 4-d.
shapes = [(1,), (5,), (3, 4), (2, 3, 4), (2, 2, 2, 3), (12,), (4, 9)]
for dt in [f32, f64]:
    for k in range(-7, 11):
        for si, shape in enumerate(shapes):
            if (k + si) % 3 != 0:
                continue
            vals = rng.standard_normal(shape) * 10.0 ** k
            add(vals.astype(dt), note='magnitude 1e%d' % k)
    for shape in shapes:
        add(rng.uniform(0, 1, shape).astype(dt), note='uniform')
        add((rng.standard_normal(shape) * 10.0 ** rng.uniform(-5, 9, shape)).astype(dt), note='mixed magnitudes')
        add(np.round(rng.standard_normal(shape) * 100).astype(dt), note='whole numbers')
        add(np.round(rng.standard_normal(shape) * 100, 2).astype(dt), note='two decimals')

# --- Integers and bools.
for dt in [np.int32, np.int64]:
    for lo, hi in [(0, 10), (-5, 5), (-1000, 100000), (-2**31, 2**31 - 1)]:
        for shape in [(7,), (3, 5), (2, 2, 3)]:
            add(rng.randint(lo, hi, size=shape).astype(dt), note='ints')
add(np.array([-2**63, 2**63 - 1, 0], np.int64), note='int64 extremes')
add(np.arange(100), note='wrap ints')
add(np.arange(-50, 50, dtype=np.int32), note='wrap int32')
for shape in [(1,), (6,), (3, 4), (2, 3, 2)]:
    add(rng.uniform(size=shape) < 0.5, ALL, note='bools')
add(np.array([True, False]), ALL)
add(np.ones(30, bool), note='wrap bools')

# --- Special values.
specials = [
    [np.nan, 1.5], [np.inf, -np.inf, np.nan], [np.nan], [np.inf], [-np.inf], [np.nan, np.inf],
    [np.nan, -np.inf], [1e-5, np.nan], [1e10, np.inf, 1.], [-0., 0.], [-0., 1.5], [-0.], [0., 0., -0.],
    [np.nan, 123456.5], [np.nan, -1e-7, 1e7], [-np.inf, 0.001], [np.nan, 0.], [np.inf, 1e-300],
]
for vals in specials:
    add(np.array(vals, f32), ALL, note='specials')
    add(np.array(vals, f64), note='specials')

# --- Threshold edges of the scientific switch and of digit rounding.
edges = [
    [1e8, 1.], [99999999., 1.], [99999999.5], [1e8], [1e7, 1.], [0.0001, 1.], [0.0001], [0.00011],
    [1., 1000.], [1., 1000.0001], [1., 1001.], [0.001, 1.], [0.001, 1.0001],
    [1e16], [1e-300, 1e300], [1e-5, 1e300], [5e-324], [2.2250738585072014e-308], [1.7976931348623157e308],
    [0.123456789, 0.5], [1 / 3, 2 / 3], [0.999999999, 1.], [9.9999999999, 1.], [123456.789012345],
    [1234567.891, 0.5], [0.5, 1.5, 2.5], [0.125, 0.375], [1e-4 * 1.0000001, 0.1], [9.999999995e-5, 0.5],
    [100000000.5, 1.], [1e20, -1e-20], [-1.5, 2.5e-8], [16777217.], [0.30000000000000004],
    [1.00000005, 2.0000001], [7.0000000049], [0.99999999995, 0.1],
]
for vals in edges:
    add(np.array(vals, f32), note='edges')
    add(np.array(vals, f64), note='edges')
add(np.array([3.4028235e38, 1e-45, 1.1754944e-38], f32), note='float32 extremes')
add(np.array([1e-45], f32), note='float32 denormal')
add(np.array([1.4e-45, 2.8e-45, 1e-40], f32), note='float32 denormals')

# --- Line wrapping and the dtype suffix moving to its own line.
add(np.arange(30, dtype=f64) * 1.1, note='wrap')
add(np.arange(30, dtype=f32) * 1.1, ALL, note='wrap')
add(np.linspace(0, 1, 25), ALL, note='wrap')
add(np.linspace(-1e-3, 1e9, 17).astype(f32), note='wrap exp')
for n in range(5, 16):
    add(np.arange(n, dtype=f32) * 1.25 + 1000, note='dtype spacer')
add((np.arange(64, dtype=f32) / 7).reshape(8, 8), ALL, note='wrap 2-d')
add((np.arange(60, dtype=f64) / 7).reshape(3, 4, 5), note='3-d')
add(rng.standard_normal((2, 3, 13)).astype(f32), ALL, note='wrap 3-d')
add(rng.standard_normal((2, 1, 2, 20)), note='wrap 4-d')

# --- Summarisation of large arrays.
add(np.arange(2000, dtype=f32), ALL, note='summary')
add(np.arange(1001, dtype=f64), note='summary')
add(np.arange(1000, dtype=f64), note='threshold not exceeded')
add(np.arange(2000, dtype=np.int64), note='summary')
add(np.arange(2000, dtype=np.int32).reshape(40, 50), note='summary 2-d')
add(rng.standard_normal((40, 40)).astype(f32), ALL, note='summary 2-d')
add(rng.standard_normal((3, 400)), note='summary 2-d narrow')
add(rng.standard_normal((11, 11, 11)).astype(f32), note='summary 3-d')
add((rng.standard_normal((2, 2, 3, 100)) * 1e-6).astype(f32), note='summary 4-d exp')
summ = rng.standard_normal(1500)
summ[2] = np.nan
summ[700] = 1e30  # hidden by the summary, so it must not force scientific notation
add(summ, note='summary with nan and hidden huge value')
add(rng.uniform(size=1200) < 0.5, note='summary bools')

# --- Variables with names.
for nm in [None, 'x', 'W', 'a_long_variable_name']:
    add(rng.standard_normal((2, 3)).astype(f32), ('variable',), name=nm)
    add((rng.standard_normal((3, 7)) * 1e-5).astype(f32), ('variable',), name=nm)
add(np.array(2.5, f32), ('variable',), name='loss')
add(np.zeros((0, 3), f32), ('variable',), name='e')
add(np.zeros((0,), f32), ('variable',), name='e')

with open(OUT, 'w') as f:
    # One case per line keeps diffs of the data file readable.
    f.write('{"numpy": %s, "chainer": %s, "cases": [\n' % (json.dumps(np.__version__), json.dumps(chainer.__version__)))
    f.write(',\n'.join(json.dumps(c, separators=(',', ':')) for c in cases))
    f.write('\n]}\n')
print('wrote %d cases to %s' % (len(cases), OUT))
