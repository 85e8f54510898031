#!/usr/bin/env python3
"""Regenerates numpy_random_cases.json: call sequences on NumPy's legacy global
RandomState (np.random.seed + np.random.*) with the exact results, which the C#
tests (Random/RandomStateTests.cs) replay on Chainer.RandomState.

    /usr/bin/python3 make_numpy_random_cases.py      # needs NumPy 1.24

Each sequence is a list of steps {"op": name, "args": [...], "expected": ...}.
Floats are written by json (Python's shortest round-trip repr), so parsing
them back gives the exact doubles.
"""
import json
import os
import random

import numpy as np

assert np.__version__.startswith('1.24'), np.__version__

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'numpy_random_cases.json')


def run(op, args):
    r = np.random
    if op == 'seed':
        r.seed(args[0])
        return None
    if op == 'seed_array':
        r.seed(np.array(args, dtype=np.uint32))
        return None
    if op == 'uint32':
        # rng == 2**32 - 1 takes one raw output per draw.
        return int(r.randint(0, 2**32, dtype=np.uint32))
    if op == 'random_sample':
        return float(r.random_sample())
    if op == 'standard_normal':
        return float(r.standard_normal())
    if op == 'normal':
        return float(r.normal(args[0], args[1]))
    if op == 'uniform':
        return float(r.uniform(args[0], args[1]))
    if op == 'randint':
        return int(r.randint(args[0], args[1]))
    if op == 'permutation':
        return [int(v) for v in r.permutation(args[0])]
    if op == 'shuffle':
        a = np.arange(args[0])
        r.shuffle(a)
        return [int(v) for v in a]
    if op == 'random_sample_fill':
        return [float(v) for v in r.random_sample(args[0])]
    if op == 'standard_normal_fill':
        return [float(v) for v in r.standard_normal(args[0])]
    if op == 'normal_fill':
        return [float(v) for v in r.normal(args[1], args[2], size=args[0])]
    if op == 'uniform_fill':
        return [float(v) for v in r.uniform(args[1], args[2], size=args[0])]
    raise ValueError(op)


sequences = []


def sequence(title, steps):
    out = []
    for op, args in steps:
        out.append({'op': op, 'args': list(args), 'expected': run(op, args)})
    sequences.append({'title': title, 'steps': out})


# The values quoted in the brief and in Chainer's Links tutorial.
sequence('seed 0 standard_normal(6)', [('seed', [0]), ('standard_normal_fill', [6])])
sequence('seed 0 normal(0, sqrt(1/3), 6) (L.Linear(3, 2).W)',
         [('seed', [0]), ('normal_fill', [6, 0.0, float(np.sqrt(1. / 3))])])

# Seeding resets the cached second normal value.
sequence('seed resets gauss cache', [
    ('seed', [0]), ('standard_normal', []), ('seed', [0]), ('standard_normal', []), ('standard_normal', []),
    ('seed', [1]), ('standard_normal', []), ('random_sample', []), ('standard_normal', [])])

# Raw outputs and every kind of call after each seed.
for seed in [0, 1, 42, 2**32 - 1, 12345, 2**31]:
    sequence('raw outputs seed %d' % seed, [('seed', [seed])] + [('uint32', [])] * 700)
    sequence('basics seed %d' % seed, [
        ('seed', [seed]), ('random_sample', []), ('standard_normal', []), ('normal', [3.0, 2.0]),
        ('uniform', [-1.0, 1.0]), ('randint', [0, 10]), ('permutation', [10]), ('standard_normal', []),
        ('standard_normal', []), ('uniform', [5.0, 2.0]), ('randint', [-2**63, 2**63 - 1])])

# Randint spans around every branch: empty span, 32-bit, exactly 2**32 - 1, 64-bit.
ranges = [(5, 6), (0, 2), (0, 10), (-5, 5), (0, 255), (0, 256), (0, 257), (-1000, 1000), (0, 2**31),
          (0, 2**32 - 1), (0, 2**32), (0, 2**32 + 1), (-2**32, 2**32), (0, 2**40), (0, 3 * 2**61),
          (-2**63, 2**63 - 1), (2**62, 2**63 - 1), (-2**63, -2**63 + 3)]
sequence('randint spans', [('seed', [7])] + [('randint', list(r)) for r in ranges for _ in range(5)])

# Shuffles and permutations of many sizes (0 and 1 draw nothing).
sequence('permutations', [('seed', [3])] + [('permutation', [n]) for n in [0, 1, 2, 3, 5, 10, 31, 100, 257]]
         + [('shuffle', [n]) for n in [0, 1, 2, 7, 64]])

# Bulk draws, including odd counts that leave a cached normal behind.
sequence('bulk', [
    ('seed', [2024]), ('standard_normal_fill', [7]), ('standard_normal', []), ('normal_fill', [5, -1.0, 0.5]),
    ('uniform_fill', [9, -3.0, 4.0]), ('random_sample_fill', [4]), ('normal', [0.0, 1.0]),
    ('normal_fill', [0, 1.0, 2.0]), ('standard_normal', [])])

# Seeding from a key (init_by_array), used by the entropy constructor.
sequence('seed from key', [('seed_array', [1, 2, 3]), ('uint32', []), ('standard_normal', []),
                           ('seed_array', [0xFFFFFFFF] * 700), ('random_sample', []), ('uint32', [])])

# Random interleavings of everything.
choices = [
    ('uint32', lambda g: []), ('random_sample', lambda g: []), ('standard_normal', lambda g: []),
    ('normal', lambda g: [g.uniform(-10, 10), g.uniform(0, 5)]),
    ('uniform', lambda g: [g.uniform(-10, 0), g.uniform(0, 10)]),
    ('randint', lambda g: (lambda lo: [lo, lo + g.choice([1, 2, 3, 10, 1000, 2**33, 2**50])])(
        g.randint(-2**40, 2**40))),
    ('permutation', lambda g: [g.randint(0, 20)]), ('shuffle', lambda g: [g.randint(0, 20)]),
    ('standard_normal_fill', lambda g: [g.randint(0, 6)]),
    ('normal_fill', lambda g: [g.randint(0, 6), g.uniform(-1, 1), g.uniform(0, 3)]),
    ('uniform_fill', lambda g: [g.randint(0, 6), -2.0, 3.0]),
    ('random_sample_fill', lambda g: [g.randint(0, 6)]),
]
for seed in [0, 1, 42, 2**32 - 1, 99]:
    g = random.Random(seed)
    steps = [('seed', [seed])]
    for _ in range(150):
        op, make = g.choice(choices)
        steps.append((op, make(g)))
    sequence('interleaved seed %d' % seed, steps)

with open(OUT, 'w') as f:
    f.write('{"numpy": %s, "sequences": [\n' % json.dumps(np.__version__))
    f.write(',\n'.join(json.dumps(s, separators=(',', ':')) for s in sequences))
    f.write('\n]}\n')
print('wrote %d sequences (%d steps) to %s' % (len(sequences), sum(len(s['steps']) for s in sequences), OUT))
