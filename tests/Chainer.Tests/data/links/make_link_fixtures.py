"""Fixtures for the link, initializer and serializer tests (tests/Chainer.Tests/Links, Initializers, Serializers).

Two modes:

  generate (default)
      Runs real Chainer 7.8.1 and writes, next to this script:
        initializers.json   seeded draws of every initializer (exact values) and get_fans results
        links.json          per link: the seed, the constructor, the initial parameters, the inputs, the
                            outputs and the parameter gradients of sum(y * gy)
        naming.json         namedparams() of Sequential / ChainList / repeat() models (names and shapes)
        net.json            the interop model: input, outputs in test and train mode, running statistics
        chainer_net.npz, chainer_net_stored.npz, chainer_net_prefixed.npz, chainer_lazy.npz,
        chainer_sequential.npz
                            files written by chainer.serializers.save_npz for the C# tests to load

  verify <dir>
      Loads the .npz files that the C# tests write when CHAINER_LINKS_EXPORT_DIR points at <dir> (see
      <dir>/expected.json) into the same models built with real Chainer, runs them on the recorded inputs and
      compares the outputs (1e-6 relative), the key sets and the dtypes. Exits 1 on any mismatch.

Run from the repository root:

  PYTHONHASHSEED=0 PYTHONPATH=/opt/chainer-src /usr/bin/python3 \
      tests/Chainer.Tests/data/links/make_link_fixtures.py [verify <dir>]
"""

import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

import warnings  # noqa: E402

warnings.simplefilter('ignore')
exec(open('/opt/chainer-src/shim.py').read())  # noqa: E402  (chainerx build info stub, NumPy aliases)

import numpy as np  # noqa: E402
import chainer  # noqa: E402
import chainer.functions as F  # noqa: E402
import chainer.links as L  # noqa: E402
from chainer import initializers as I  # noqa: E402


def arr(a):
    a = np.asarray(a)
    flat = a.ravel(order='C')
    if a.dtype.kind == 'b':
        values = [bool(v) for v in flat]
    elif a.dtype.kind in 'iu':
        values = [int(v) for v in flat]
    else:
        values = [float(v) for v in flat]
    return {'dtype': a.dtype.name, 'shape': list(a.shape), 'values': values}


def var_arr(v):
    return arr(v.array if isinstance(v, chainer.Variable) else v)


# ---------------------------------------------------------------------------------------------------------------
# Initializers


def initializer_cases():
    cases = []

    def add(name, make, shape, dtype, seed, rng_seed=None):
        np.random.seed(seed)
        kwargs = {}
        if rng_seed is not None:
            kwargs['rng'] = np.random.RandomState(rng_seed)
        init = make(**kwargs)
        a = np.empty(shape, dtype=dtype)
        init(a)
        cases.append({'name': name, 'shape': list(shape), 'dtype': np.dtype(dtype).name, 'seed': seed,
                      'rng_seed': rng_seed, 'values': arr(a)})

    for dtype in (np.float32, np.float64):
        add('Normal', lambda **k: I.Normal(**k), (3, 4), dtype, 1)
        add('Normal(0.7)', lambda **k: I.Normal(0.7, **k), (2, 3, 2), dtype, 2)
        add('LeCunNormal', lambda **k: I.LeCunNormal(**k), (3, 4, 2, 2), dtype, 3)
        add('GlorotNormal(2.0)', lambda **k: I.GlorotNormal(2.0, **k), (4, 3, 2), dtype, 4)
        add('HeNormal', lambda **k: I.HeNormal(**k), (5, 3), dtype, 5)
        add('HeNormal(fan_out)', lambda **k: I.HeNormal(0.5, fan_option='fan_out', **k), (5, 3, 3), dtype, 6)
        add('Uniform', lambda **k: I.Uniform(**k), (3, 4), dtype, 7)
        add('Uniform(0.3)', lambda **k: I.Uniform(0.3, **k), (2, 5), dtype, 8)
        add('LeCunUniform', lambda **k: I.LeCunUniform(**k), (4, 3, 2), dtype, 9)
        add('GlorotUniform', lambda **k: I.GlorotUniform(**k), (3, 6), dtype, 10)
        add('HeUniform(1.5)', lambda **k: I.HeUniform(1.5, **k), (6, 2, 3), dtype, 11)
        add('Orthogonal', lambda **k: I.Orthogonal(**k), (3, 5), dtype, 12)
        add('Orthogonal', lambda **k: I.Orthogonal(**k), (5, 3), dtype, 13)
        add('Orthogonal(1.0)', lambda **k: I.Orthogonal(1.0, **k), (4, 4), dtype, 14)
        add('Orthogonal', lambda **k: I.Orthogonal(**k), (4, 2, 3), dtype, 15)
        add('Orthogonal', lambda **k: I.Orthogonal(**k), (), dtype, 16)
        add('Orthogonal(2.0)', lambda **k: I.Orthogonal(2.0, **k), (7, 1), dtype, 17)
        add('Identity(2.0)', lambda **k: I.Identity(2.0), (3, 3), dtype, 0)
    add('Normal(rng)', lambda **k: I.Normal(1.0, **k), (2, 3), np.float32, 0, rng_seed=5)
    add('GlorotUniform(rng)', lambda **k: I.GlorotUniform(**k), (3, 3), np.float64, 0, rng_seed=6)
    add('Orthogonal(rng)', lambda **k: I.Orthogonal(**k), (2, 4), np.float32, 0, rng_seed=7)
    add('HeUniform(rng)', lambda **k: I.HeUniform(**k), (4, 2), np.float32, 0, rng_seed=8)

    fans = []
    from chainer import initializer
    for shape in [(2, 3), (4, 3, 2), (5, 1, 3, 3), (6, 2, 2, 2, 2)]:
        fin, fout = initializer.get_fans(shape)
        fans.append({'shape': list(shape), 'fan_in': int(fin), 'fan_out': int(fout)})
    return {'cases': cases, 'fans': fans}


# ---------------------------------------------------------------------------------------------------------------
# Links: initial parameters, outputs and gradients


def rand(rs, shape, dtype=np.float32):
    return rs.uniform(-1, 1, shape).astype(dtype)


def params_of(link):
    return {name: (var_arr(p) if p.array is not None else None) for name, p in sorted(link.namedparams())}


def grads_of(link):
    return {name: (var_arr(p.grad) if p.grad is not None else None) for name, p in sorted(link.namedparams())}


def link_case(name, seed, make, inputs, call, override=None, extra=None):
    """make() builds the link after np.random.seed(seed); call(link, *inputs) returns a list of output Variables."""
    np.random.seed(seed)
    link = make()
    record = {'name': name, 'seed': seed}
    init_params = params_of(link)
    record['params_init'] = init_params
    if override is not None:
        override(link)
    ins = [chainer.Variable(x) if x.dtype.kind == 'f' else x for x in inputs]
    outs = call(link, *ins)
    record['params_init_after_call'] = params_of(link)
    if override is not None:
        record['params_used'] = params_of(link)
    record['inputs'] = [arr(x) for x in inputs]
    record['outputs'] = [var_arr(y) for y in outs]
    rs = np.random.RandomState(seed + 1000)
    loss = 0
    gys = []
    for y in outs:
        gy = rs.uniform(-1, 1, y.shape).astype(y.dtype)
        gys.append(arr(gy))
        loss = loss + F.sum(y * gy)
    link.cleargrads()
    loss.backward()
    record['gys'] = gys
    record['param_grads'] = grads_of(link)
    record['input_grads'] = [var_arr(x.grad) if isinstance(x, chainer.Variable) and x.grad is not None else None
                             for x in ins]
    if extra is not None:
        record.update(extra(link))
    return record


def set_random(link, seed):
    rs = np.random.RandomState(seed)
    for _, p in sorted(link.namedparams()):
        p.array[...] = rs.uniform(-1, 1, p.shape).astype(p.dtype)


def link_cases():
    rs = np.random.RandomState(1234)
    cases = []
    one = lambda l, x: [l(x)]  # noqa: E731

    cases.append(link_case('Linear', 1, lambda: L.Linear(3, 4), [rand(rs, (2, 3))], one))
    cases.append(link_case('LinearLazy', 2, lambda: L.Linear(None, 4), [rand(rs, (2, 3, 2))], one))
    cases.append(link_case('LinearNoBias', 3, lambda: L.Linear(3, 2, nobias=True), [rand(rs, (4, 3))], one))
    cases.append(link_case('Convolution2D', 4, lambda: L.Convolution2D(2, 3, 3, stride=2, pad=1),
                           [rand(rs, (2, 2, 5, 5))], one))
    cases.append(link_case('Convolution2DGroups', 5,
                           lambda: L.Convolution2D(4, 6, (3, 2), stride=1, pad=(1, 0), dilate=2, groups=2),
                           [rand(rs, (1, 4, 6, 5))], one))
    cases.append(link_case('Convolution2DLazy', 6, lambda: L.Convolution2D(None, 2, 2), [rand(rs, (1, 3, 3, 3))], one))
    cases.append(link_case('Convolution1D', 7, lambda: L.Convolution1D(2, 3, 3, pad=1), [rand(rs, (2, 2, 6))], one))
    cases.append(link_case('Convolution3D', 8, lambda: L.Convolution3D(2, 2, 2), [rand(rs, (1, 2, 3, 3, 3))], one))
    cases.append(link_case('Deconvolution2D', 9, lambda: L.Deconvolution2D(2, 3, 3, stride=2, pad=1),
                           [rand(rs, (2, 2, 3, 3))], one))
    cases.append(link_case('Deconvolution1D', 10, lambda: L.Deconvolution1D(2, 3, 3, stride=2),
                           [rand(rs, (2, 2, 4))], one))
    cases.append(link_case('Deconvolution3D', 11, lambda: L.Deconvolution3D(2, 2, 2), [rand(rs, (1, 2, 2, 2, 2))], one))
    cases.append(link_case('DepthwiseConvolution2D', 12, lambda: L.DepthwiseConvolution2D(3, 2, 3, pad=1),
                           [rand(rs, (2, 3, 4, 4))], one))
    cases.append(link_case('DilatedConvolution2D', 13, lambda: L.DilatedConvolution2D(2, 3, 3, pad=2, dilate=2),
                           [rand(rs, (2, 2, 5, 5))], one))
    cases.append(link_case('EmbedID', 14, lambda: L.EmbedID(7, 3, ignore_label=-1),
                           [np.array([[0, 3, -1], [6, 2, 2]], dtype=np.int32)], one))
    cases.append(link_case('Bilinear', 15, lambda: L.Bilinear(3, 4, 2), [rand(rs, (2, 3)), rand(rs, (2, 4))],
                           lambda l, a, b: [l(a, b)]))
    cases.append(link_case('BilinearNoBias', 16, lambda: L.Bilinear(3, 2, 2, nobias=True),
                           [rand(rs, (2, 3)), rand(rs, (2, 2))], lambda l, a, b: [l(a, b)]))

    def bn_call(l, x):
        y_train = l(x)
        stats = {'avg_mean_after_train': arr(l.avg_mean), 'avg_var_after_train': arr(l.avg_var)}
        with chainer.using_config('train', False):
            y_test = l(x)
        bn_call.stats = stats
        return [y_train, y_test]

    cases.append(link_case('BatchNormalization', 17, lambda: L.BatchNormalization(3), [rand(rs, (4, 3, 2, 2))],
                           bn_call, override=lambda l: set_random(l, 99), extra=lambda l: dict(bn_call.stats, N=int(l.N))))

    def bn_finetune(l, x):
        y1 = l(x, finetune=True)
        y2 = l(x * 2, finetune=True)
        bn_finetune.stats = {'avg_mean_after_train': arr(l.avg_mean), 'avg_var_after_train': arr(l.avg_var)}
        return [y1, y2]

    cases.append(link_case('BatchNormalizationFinetune', 18, lambda: L.BatchNormalization(2, decay=0.5, eps=1e-3),
                           [rand(rs, (3, 2))], bn_finetune, extra=lambda l: dict(bn_finetune.stats, N=int(l.N))))
    cases.append(link_case('LayerNormalization', 19, lambda: L.LayerNormalization(5), [rand(rs, (3, 5))], one,
                           override=lambda l: set_random(l, 98)))
    cases.append(link_case('LayerNormalizationLazy', 20, lambda: L.LayerNormalization(), [rand(rs, (3, 4))], one))
    cases.append(link_case('GroupNormalization', 21, lambda: L.GroupNormalization(2, 4), [rand(rs, (2, 4, 3, 3))], one,
                           override=lambda l: set_random(l, 97)))

    def lstm_call(l, x1, x2):
        l.reset_state()
        h1 = l(x1)
        h2 = l(x2)
        return [h1, h2, l.c, l.h]

    cases.append(link_case('LSTM', 22, lambda: L.LSTM(3, 4), [rand(rs, (3, 3)), rand(rs, (2, 3))], lstm_call))
    cases.append(link_case('LSTMLazy', 23, lambda: L.LSTM(4), [rand(rs, (3, 3)), rand(rs, (2, 3))], lstm_call))

    def stateless_lstm_call(l, x1, x2):
        c, h = l(None, None, x1)
        c2, h2 = l(c, h, x2)
        return [c, h, c2, h2]

    cases.append(link_case('StatelessLSTM', 24, lambda: L.StatelessLSTM(3, 4), [rand(rs, (2, 3)), rand(rs, (2, 3))],
                           stateless_lstm_call))

    def gru_call(l, x1, x2):
        l.reset_state()
        return [l(x1), l(x2)]

    cases.append(link_case('StatefulGRU', 25, lambda: L.StatefulGRU(3, 4), [rand(rs, (2, 3)), rand(rs, (2, 3))],
                           gru_call))
    cases.append(link_case('StatelessGRU', 26, lambda: L.StatelessGRU(3, 4), [rand(rs, (2, 4)), rand(rs, (2, 3))],
                           lambda l, h, x: [l(h, x)]))

    lengths = [2, 4, 3]
    seq_inputs = [rand(rs, (n, 3)) for n in lengths]

    def nstep_lstm_call(l, *xs):
        hy, cy, ys = l(None, None, list(xs))
        return [hy, cy] + list(ys)

    cases.append(link_case('NStepLSTM', 27, lambda: L.NStepLSTM(2, 3, 4, 0.0), seq_inputs, nstep_lstm_call))

    hx0 = rand(rs, (2, 3, 4))
    cx0 = rand(rs, (2, 3, 4))

    def nstep_lstm_hx_call(l, hx, cx, *xs):
        hy, cy, ys = l(hx, cx, list(xs))
        return [hy, cy] + list(ys)

    cases.append(link_case('NStepLSTMWithState', 28, lambda: L.NStepLSTM(2, 3, 4, 0.0), [hx0, cx0] + seq_inputs,
                           nstep_lstm_hx_call))

    def nstep_gru_call(l, *xs):
        hy, ys = l(None, list(xs))
        return [hy] + list(ys)

    cases.append(link_case('NStepGRU', 29, lambda: L.NStepGRU(2, 3, 4, 0.0), seq_inputs, nstep_gru_call))
    cases.append(link_case('NStepBiLSTM', 30, lambda: L.NStepBiLSTM(2, 3, 2, 0.0), seq_inputs, nstep_lstm_call))
    cases.append(link_case('NStepBiGRU', 31, lambda: L.NStepBiGRU(1, 3, 2, 0.0), seq_inputs, nstep_gru_call))
    cases.append(link_case('Maxout', 32, lambda: L.Maxout(4, 3, 2), [rand(rs, (2, 4))], one))
    cases.append(link_case('PReLU', 33, lambda: L.PReLU((3,)), [rand(rs, (2, 3, 2))], one,
                           override=lambda l: set_random(l, 96)))
    cases.append(link_case('Highway', 34, lambda: L.Highway(4), [rand(rs, (2, 4))], one))
    cases.append(link_case('Bias', 35, lambda: L.Bias(axis=1, shape=(3,)), [rand(rs, (2, 3, 2))], one,
                           override=lambda l: set_random(l, 95)))
    cases.append(link_case('Scale', 36, lambda: L.Scale(axis=1, W_shape=(3, 2), bias_term=True),
                           [rand(rs, (2, 3, 2, 2))], one, override=lambda l: set_random(l, 94)))

    t = np.array([0, 3, 1, 1, 2], dtype=np.int32)

    def classifier_call(l, x, t):
        loss = l(x, t)
        classifier_call.acc = float(l.accuracy.array)
        return [loss, l.y]

    cases.append(link_case('Classifier', 37, lambda: L.Classifier(L.Linear(3, 4)), [rand(rs, (5, 3)), t],
                           classifier_call, extra=lambda l: {'accuracy': classifier_call.acc}))
    # The "Creating Models" page: a Chain with children, a ChainList, and a small CNN.
    cases.append(link_case('MyChain', 38, MyChain, [rand(rs, (2, 4))], one))
    cases.append(link_case('MyChain2', 39, MyChain2, [rand(rs, (2, 4))], one))
    labels = np.array([3, 1], dtype=np.int32)

    def cnn_call(l, x, t):
        y = l(x)
        return [F.softmax_cross_entropy(y, t), y]

    cases.append(link_case('CNN', 40, CNN, [rand(rs, (2, 1, 8, 8)), labels], cnn_call))
    return cases


class MyChain(chainer.Chain):
    def __init__(self):
        super(MyChain, self).__init__()
        with self.init_scope():
            self.l1 = L.Linear(4, 3)
            self.l2 = L.Linear(3, 2)

    def forward(self, x):
        h = self.l1(x)
        return self.l2(h)


class MyChain2(chainer.ChainList):
    def __init__(self):
        super(MyChain2, self).__init__(
            L.Linear(4, 3),
            L.Linear(3, 2),
        )

    def forward(self, x):
        h = self[0](x)
        return self[1](h)


class CNN(chainer.Chain):
    def __init__(self):
        super(CNN, self).__init__()
        with self.init_scope():
            self.conv1 = L.Convolution2D(1, 4, 3)
            self.conv2 = L.Convolution2D(4, 6, 3, pad=1)
            self.fc = L.Linear(None, 5)

    def forward(self, x):
        h = F.max_pooling_2d(F.relu(self.conv1(x)), 2)
        h = F.average_pooling_2d(F.relu(self.conv2(h)), 2)
        return self.fc(h)


def naming_cases():
    cases = []

    def add(name, link):
        cases.append({'name': name, 'params': [[n, list(p.shape)] for n, p in link.namedparams()],
                      'links': [n for n, _ in link.namedlinks()]})

    add('Sequential4', chainer.Sequential(L.Linear(1, 2), F.relu, L.Linear(2, 3), L.Linear(3, 4), L.Linear(4, 5)))
    add('Sequential3', chainer.Sequential(L.Linear(1, 2), L.Linear(2, 3), L.Linear(3, 4)))
    add('SequentialFunctionFirst', chainer.Sequential(F.relu, L.Linear(1, 2), L.Linear(2, 3)))
    add('ChainList', chainer.ChainList(L.Linear(1, 2), L.Linear(2, 3), L.Linear(3, 4)))
    block = chainer.Sequential(L.Linear(2, 2), F.relu)
    add('Repeat3', block.repeat(3))

    class Net(chainer.Chain):
        def __init__(self):
            super(Net, self).__init__()
            with self.init_scope():
                self.zeta = L.Linear(2, 2)
                self.alpha = chainer.ChainList(L.Linear(1, 1), L.BatchNormalization(1))
                self.W = chainer.Parameter(np.zeros((1,), np.float32))
                self.mid = L.Linear(3, 3, nobias=True)

    add('NestedChain', Net())
    return cases


# ---------------------------------------------------------------------------------------------------------------
# The interop model


class InteropNet(chainer.Chain):
    """Linear, Convolution2D, BatchNormalization, EmbedID and a ChainList; fc is lazy."""

    def __init__(self):
        super(InteropNet, self).__init__()
        with self.init_scope():
            self.embed = L.EmbedID(10, 4)
            self.conv = L.Convolution2D(1, 3, 3, pad=1)
            self.bn = L.BatchNormalization(3)
            self.fc = L.Linear(None, 6)
            self.stack = chainer.ChainList(L.Linear(6, 5), L.Linear(5, 4, nobias=True))

    def forward(self, img, ids):
        h = F.relu(self.bn(self.conv(img)))
        e = F.sum(self.embed(ids), axis=1)
        h = F.concat([F.reshape(h, (h.shape[0], -1)), e], axis=1)
        h = F.relu(self.fc(h))
        for link in self.stack:
            h = F.tanh(link(h))
        return h


def net_inputs(seed):
    rs = np.random.RandomState(seed)
    img = rs.uniform(-1, 1, (2, 1, 4, 4)).astype(np.float32)
    ids = rs.randint(0, 10, (2, 3)).astype(np.int32)
    return img, ids


def make_net_files():
    np.random.seed(7)
    net = InteropNet()
    opt = chainer.optimizers.SGD(lr=0.1)
    opt.setup(net)
    rs = np.random.RandomState(8)
    for _ in range(3):
        img = rs.uniform(-1, 1, (4, 1, 4, 4)).astype(np.float32)
        ids = rs.randint(0, 10, (4, 3)).astype(np.int32)
        target = rs.uniform(-1, 1, (4, 4)).astype(np.float32)
        loss = F.mean_squared_error(net(img, ids), target)
        net.cleargrads()
        loss.backward()
        opt.update()

    chainer.serializers.save_npz(os.path.join(HERE, 'chainer_net.npz'), net)
    chainer.serializers.save_npz(os.path.join(HERE, 'chainer_net_stored.npz'), net, compression=False)
    holder = chainer.Chain()
    with holder.init_scope():
        holder.model = net
    chainer.serializers.save_npz(os.path.join(HERE, 'chainer_net_prefixed.npz'), holder)
    with holder.init_scope():
        del holder.model

    img, ids = net_inputs(9)
    with chainer.using_config('train', False):
        y_test = net(img, ids)
    y_train = net(img, ids)
    record = {
        'img': arr(img), 'ids': arr(ids),
        'y_test': var_arr(y_test), 'y_train': var_arr(y_train),
        'avg_mean_after_train': arr(net.bn.avg_mean), 'avg_var_after_train': arr(net.bn.avg_var),
        'N': int(net.bn.N),
        'keys': sorted(np.load(os.path.join(HERE, 'chainer_net.npz')).files),
    }

    # A model saved before its lazy parameter was initialized (Chainer writes None).
    np.random.seed(3)
    lazy = chainer.Chain()
    with lazy.init_scope():
        lazy.l1 = L.Linear(None, 3)
        lazy.l2 = L.Linear(2, 3)
    chainer.serializers.save_npz(os.path.join(HERE, 'chainer_lazy.npz'), lazy)
    record['lazy_l2_W'] = var_arr(lazy.l2.W)

    np.random.seed(4)
    seq = chainer.Sequential(L.Linear(3, 4), F.relu, L.Linear(4, 5), L.Linear(5, 2))
    chainer.serializers.save_npz(os.path.join(HERE, 'chainer_sequential.npz'), seq)
    x = np.random.RandomState(5).uniform(-1, 1, (2, 3)).astype(np.float32)
    record['seq_x'] = arr(x)
    record['seq_y'] = var_arr(seq(x))
    return record


# ---------------------------------------------------------------------------------------------------------------
# verify: load what the C# tests wrote


def to_np(rec):
    return np.array(rec['values'], dtype=rec['dtype']).reshape(rec['shape'])


def close(name, actual, expected, failures, rtol=1e-6, atol=1e-7):
    actual = np.asarray(actual)
    expected = np.asarray(expected)
    if actual.shape != expected.shape:
        failures.append('%s: shape %s != %s' % (name, actual.shape, expected.shape))
        return
    if not np.allclose(actual, expected, rtol=rtol, atol=atol):
        failures.append('%s: max abs diff %g' % (name, float(np.max(np.abs(actual - expected)))))


def build(kind):
    if kind == 'InteropNet':
        return InteropNet()
    if kind == 'Sequential':
        return chainer.Sequential(L.Linear(3, 4), F.relu, L.Linear(4, 5), L.Linear(5, 2))
    if kind == 'LazyChain':
        c = chainer.Chain()
        with c.init_scope():
            c.l1 = L.Linear(None, 3)
            c.l2 = L.Linear(2, 3)
        return c
    raise ValueError(kind)


def verify(directory):
    with open(os.path.join(directory, 'expected.json')) as f:
        expected = json.load(f)
    failures = []
    checked = 0
    for entry in expected['files']:
        path = os.path.join(directory, entry['file'])
        kind = entry['kind']
        with np.load(path, allow_pickle=True) as npz:
            keys = sorted(npz.files)
            dtypes = {k: npz[k].dtype.name for k in npz.files}
            shapes = {k: list(npz[k].shape) for k in npz.files}
        if keys != sorted(entry['keys']):
            failures.append('%s: keys %s != %s' % (entry['file'], keys, sorted(entry['keys'])))
        for k, dt in entry.get('dtypes', {}).items():
            if dtypes.get(k) != dt:
                failures.append('%s: %s dtype %s != %s' % (entry['file'], k, dtypes.get(k), dt))
            if dt != 'object' and k in shapes and 'shapes' in entry and shapes[k] != entry['shapes'][k]:
                failures.append('%s: %s shape %s != %s' % (entry['file'], k, shapes[k], entry['shapes'][k]))
        model = build(kind)
        if kind == 'InteropNet':
            # Chainer's own key set for this model (after the lazy fc is initialized) must be what we wrote.
            img, ids = to_np(entry['img']), to_np(entry['ids'])
            probe = InteropNet()
            with chainer.using_config('train', False):
                probe(img, ids)
            own = sorted(chainer.serializers.npz.serialize(probe).keys())
            if own != keys:
                failures.append('%s: Chainer would write keys %s' % (entry['file'], own))
            chainer.serializers.load_npz(path, model, strict=True)
            with chainer.using_config('train', False):
                close(entry['file'] + ' y_test', model(img, ids).array, to_np(entry['y_test']), failures)
            close(entry['file'] + ' y_train', model(img, ids).array, to_np(entry['y_train']), failures)
            close(entry['file'] + ' avg_mean', model.bn.avg_mean, to_np(entry['avg_mean_after_train']), failures)
            close(entry['file'] + ' avg_var', model.bn.avg_var, to_np(entry['avg_var_after_train']), failures)
            if int(model.bn.N) != entry['N']:
                failures.append('%s: N %s != %s' % (entry['file'], model.bn.N, entry['N']))
            if not isinstance(model.bn.N, int):
                failures.append('%s: N loaded as %s, not int' % (entry['file'], type(model.bn.N)))
        elif kind == 'Sequential':
            chainer.serializers.load_npz(path, model, strict=True)
            close(entry['file'] + ' y', model(to_np(entry['x'])).array, to_np(entry['y']), failures)
        elif kind == 'LazyChain':
            chainer.serializers.load_npz(path, model, strict=True)
            if model.l1.W.array is not None:
                failures.append('%s: l1.W should stay uninitialized' % entry['file'])
            close(entry['file'] + ' l2.W', model.l2.W.array, to_np(entry['l2_W']), failures)
        checked += 1
    for msg in failures:
        print('FAIL', msg)
    print('verified %d files, %d failures' % (checked, len(failures)))
    return 1 if failures else 0


def main():
    if len(sys.argv) >= 3 and sys.argv[1] == 'verify':
        sys.exit(verify(sys.argv[2]))

    def dump(name, obj):
        with open(os.path.join(HERE, name), 'w') as f:
            json.dump(obj, f, sort_keys=True, separators=(',', ':'))
            f.write('\n')

    dump('initializers.json', initializer_cases())
    dump('links.json', {'cases': link_cases()})
    dump('naming.json', {'cases': naming_cases()})
    dump('net.json', make_net_files())
    print('wrote fixtures to', HERE)


if __name__ == '__main__':
    main()
