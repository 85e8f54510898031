"""Fixtures for the .npy/.npz codec tests (tests/Chainer.Tests/Serialization).

Two modes:

  generate (default)
      Writes .npy/.npz files with real NumPy and real Chainer 7.8.1 next to
      this script, plus npz_fixtures.json recording, for every file, the
      entries in archive order with their dtype, shape and C-order values.

  verify <dir>
      Loads every file listed in <dir>/expected.json (written by the C#
      test NpzNumpyInteropTests.WritesVerificationSet when the environment
      variable CHAINER_NPZ_EXPORT_DIR points at <dir>) with np.load, compares
      dtype/shape/values, and checks that each member's bytes equal what
      numpy.lib.format.write_array produces for the same array.  Exits 1 on
      any mismatch.

Run from the repository root:

  PYTHONHASHSEED=0 PYTHONPATH=/opt/chainer-src /usr/bin/python3 \
      tests/Chainer.Tests/data/npz/make_npz_fixtures.py [verify <dir>]

PYTHONHASHSEED=0 matters: Chainer's save_npz key order follows Python set
iteration order, which depends on the string hash seed.
"""

import io
import json
import os
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def _import_chainer():
    # The shim lets Chainer 7.8.1 import against the NumPy of this system.
    exec(open('/opt/chainer-src/shim.py').read(), {'__name__': 'shim'})
    import chainer
    return chainer


def describe(arr):
    """The JSON record of one array: byte-order-free dtype, shape, values."""
    flat = arr.ravel(order='C')
    if arr.dtype.kind == 'b':
        values = [bool(v) for v in flat]
    elif arr.dtype.kind in 'iu':
        values = [int(v) for v in flat]
    else:
        # float(v) of a float16/float32 is its exact double value.
        values = [float(v) for v in flat]
    return {
        'dtype': arr.dtype.str[1:],
        'shape': list(arr.shape),
        'values': values,
    }


def npz_record(path):
    """Entries of an .npz in archive order, read back with np.load."""
    import numpy as np
    with zipfile.ZipFile(path) as z:
        names = [i.filename for i in z.infolist()]
    with np.load(path, allow_pickle=False) as f:
        entries = []
        for name in names:
            key = name[:-4] if name.endswith('.npy') else name
            rec = describe(f[key])
            rec['key'] = key
            entries.append(rec)
    return {'kind': 'npz', 'entries': entries}


def npy_record(path, fortran, big_endian, version):
    import numpy as np
    arr = np.load(path, allow_pickle=False)
    rec = describe(arr)
    rec['key'] = ''
    return {'kind': 'npy', 'fortran_order': fortran, 'big_endian': big_endian,
            'version': version, 'entries': [rec]}


def generate():
    import numpy as np
    chainer = _import_chainer()
    import chainer.links as L
    import chainer.functions as F
    from chainer import optimizers, serializers

    out = {}

    def save_npy(name, arr, version=None, fortran=False, big_endian=False):
        path = os.path.join(HERE, name)
        if version is None:
            np.save(path, arr, allow_pickle=False)
            ver = '1.0'
        else:
            with open(path, 'wb') as fh:
                np.lib.format.write_array(fh, arr, version=version,
                                          allow_pickle=False)
            ver = '%d.%d' % version
        out[name] = npy_record(path, fortran, big_endian, ver)

    base = np.arange(6).reshape(2, 3)
    # One C-order (2, 3) array per dtype, values chosen so each dtype's
    # range is exercised (negative numbers, fractions, >2^31).
    save_npy('f2.npy', (base * 0.25 - 0.5).astype('<f2'))
    save_npy('f4.npy', (base * 0.1 - 0.25).astype('<f4'))
    save_npy('f8.npy', (base / 3.0 - 1.0).astype('<f8'))
    save_npy('i1.npy', (base * 40 - 128).astype('|i1'))
    save_npy('u1.npy', (base * 51).astype('|u1'))
    save_npy('i2.npy', (base * 10000 - 30000).astype('<i2'))
    save_npy('u2.npy', (base * 13000).astype('<u2'))
    save_npy('i4.npy', (base * 700000000 - 2000000000).astype('<i4'))
    save_npy('u4.npy', (base * 800000000).astype('<u4'))
    save_npy('i8.npy', (base * 3000000000000 - 7).astype('<i8'))
    save_npy('u8.npy', (base * 3000000000000).astype('<u8'))
    save_npy('b1.npy', np.array([[True, False, True], [False, False, True]]))
    # 0-d and zero-size arrays.
    save_npy('scalar_f4.npy', np.array(3.5, dtype='<f4'))
    save_npy('scalar_i8.npy', np.array(-42, dtype='<i8'))
    save_npy('empty_f4.npy', np.zeros((0, 3), dtype='<f4'))
    save_npy('empty_i8.npy', np.zeros((0,), dtype='<i8'))
    # Fortran-ordered data: np.save keeps the layout and says so in the header.
    save_npy('fortran_f8.npy',
             np.asfortranarray(np.arange(24, dtype='<f8').reshape(2, 3, 4)),
             fortran=True)
    save_npy('fortran_i4.npy',
             np.asfortranarray(np.arange(6, dtype='<i4').reshape(2, 3)),
             fortran=True)
    # Big-endian data.
    save_npy('be_f4.npy', (base * 0.5 + 0.125).astype('>f4'), big_endian=True)
    save_npy('be_f8.npy', (base / 7.0).astype('>f8'), big_endian=True)
    save_npy('be_i8.npy', (base * -5000000000).astype('>i8'), big_endian=True)
    save_npy('be_fortran_i2.npy',
             np.asfortranarray((base - 3).astype('>i2')),
             fortran=True, big_endian=True)
    # Explicit format versions 2.0 and 3.0 (the header length field is
    # 4 bytes; 3.0 headers are UTF-8).
    save_npy('v2_f4.npy', (base * 1.5).astype('<f4'), version=(2, 0))
    save_npy('v3_i8.npy', (base - 2).astype('<i8'), version=(3, 0))

    # Plain numpy .npz, stored and deflated.
    arrays = {
        'a': (base * 0.5).astype('<f4'),
        'b': np.array(7, dtype='<i8'),
        'c': np.array([True, False]),
        'nested/key': np.arange(4, dtype='<f8').reshape(2, 2) - 1.5,
    }
    for name, fn in [('numpy_savez.npz', np.savez),
                     ('numpy_savez_compressed.npz', np.savez_compressed)]:
        path = os.path.join(HERE, name)
        fn(path, **arrays)
        out[name] = npz_record(path)

    # Real Chainer files.
    class MLP(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.l1 = L.Linear(3, 2)
                self.l2 = L.Linear(2, 2, nobias=True)

        def forward(self, x):
            return self.l2(F.relu(self.l1(x)))

    np.random.seed(0)
    mlp = MLP()
    for name, compression in [('chainer_chain_linear.npz', True),
                              ('chainer_chain_linear_stored.npz', False)]:
        path = os.path.join(HERE, name)
        serializers.save_npz(path, mlp, compression=compression)
        out[name] = npz_record(path)

    class BNChain(chainer.Chain):
        def __init__(self):
            super().__init__()
            with self.init_scope():
                self.bn = L.BatchNormalization(3)

    np.random.seed(1)
    bnc = BNChain()
    with chainer.using_config('train', True):
        for _ in range(2):
            bnc.bn(np.random.randn(4, 3).astype(np.float32))
        # N only counts fine-tuning batches; two of them make it a non-zero int persistent.
        for _ in range(2):
            bnc.bn(np.random.randn(4, 3).astype(np.float32) + 0.5, finetune=True)
    path = os.path.join(HERE, 'chainer_chain_bn.npz')
    serializers.save_npz(path, bnc)
    out['chainer_chain_bn.npz'] = npz_record(path)

    np.random.seed(2)
    stack = chainer.ChainList(L.Linear(2, 3), L.Linear(3, 1))
    path = os.path.join(HERE, 'chainer_chainlist.npz')
    serializers.save_npz(path, stack)
    out['chainer_chainlist.npz'] = npz_record(path)

    # Optimizer states after two updates of the MLP above.
    for name, opt in [('chainer_adam.npz', optimizers.Adam()),
                      ('chainer_momentum_sgd.npz',
                       optimizers.MomentumSGD(lr=0.1))]:
        np.random.seed(3)
        model = MLP()
        opt.setup(model)
        x = np.random.randn(4, 3).astype(np.float32)
        for _ in range(2):
            model.cleargrads()
            loss = F.sum(model(x) ** 2)
            loss.backward()
            opt.update()
        path = os.path.join(HERE, name)
        serializers.save_npz(path, opt)
        out[name] = npz_record(path)

    with open(os.path.join(HERE, 'npz_fixtures.json'), 'w') as fh:
        json.dump(out, fh, indent=1, sort_keys=True)
        fh.write('\n')
    total = sum(os.path.getsize(os.path.join(HERE, n)) for n in out)
    print('wrote %d fixtures (%d bytes)' % (len(out), total))


def verify(directory):
    import numpy as np
    with open(os.path.join(directory, 'expected.json')) as fh:
        expected = json.load(fh)
    failures = 0

    def check(label, arr, rec):
        nonlocal failures
        want = np.array(rec['values'], dtype=rec['dtype']).reshape(rec['shape'])
        ok = (arr.dtype.str[1:] == rec['dtype']
              and list(arr.shape) == rec['shape']
              and np.array_equal(arr, want, equal_nan=arr.dtype.kind == 'f'))
        print('%s %s dtype=%s shape=%s' % ('OK  ' if ok else 'FAIL', label,
                                            arr.dtype.str, arr.shape))
        failures += 0 if ok else 1

    def same_bytes_as_numpy(label, raw, arr):
        nonlocal failures
        buf = io.BytesIO()
        np.lib.format.write_array(buf, arr, allow_pickle=False)
        if buf.getvalue() != raw:
            print('FAIL %s: bytes differ from numpy.lib.format.write_array'
                  % label)
            failures += 1

    for name, spec in sorted(expected.items()):
        path = os.path.join(directory, name)
        if spec['kind'] == 'npy':
            arr = np.load(path, allow_pickle=False)
            check(name, arr, spec['entries'][0])
            with open(path, 'rb') as fh:
                same_bytes_as_numpy(name, fh.read(), arr)
            continue
        with zipfile.ZipFile(path) as z:
            bad = z.testzip()
            if bad is not None:
                print('FAIL %s: CRC error in %s' % (name, bad))
                failures += 1
            members = {i.filename: z.read(i.filename) for i in z.infolist()}
        with np.load(path, allow_pickle=False) as f:
            if sorted(f.files) != sorted(e['key'] for e in spec['entries']):
                print('FAIL %s: keys %s' % (name, f.files))
                failures += 1
            for rec in spec['entries']:
                arr = f[rec['key']]
                check('%s:%s' % (name, rec['key']), arr, rec)
                same_bytes_as_numpy('%s:%s' % (name, rec['key']),
                                    members[rec['key'] + '.npy'], arr)
    print('verify: %d failure(s)' % failures)
    return 1 if failures else 0


if __name__ == '__main__':
    if len(sys.argv) >= 2 and sys.argv[1] == 'verify':
        sys.exit(verify(sys.argv[2]))
    generate()
