"""Reference optimizer trajectories from real Chainer 7.8.1.

Run from the repository root:
    PYTHONHASHSEED=0 PYTHONPATH=/opt/chainer-src /usr/bin/python3 \
        tests/Chainer.Tests/data/optimizers/make_optimizer_cases.py

Writes optimizer_cases.json (and adam_state.npz, momentum_state.npz) next to
this script. A small MLP (L.Linear(3, 4) -> relu -> L.Linear(4, 2), plus an
L.Linear(4, 2) named l3 that only takes part in the first two steps) is built
with np.random.seed(0); each case copies the initial parameters, runs five
updates of one optimizer (with hooks) and records the float32 parameters after
every step. Floats are written as Python floats (exact for float32 values) and
as the float32 bit patterns.
"""
exec(open('/opt/chainer-src/shim.py').read())

import copy
import json
import os
import warnings

import numpy as np

import chainer
import chainer.functions as F
import chainer.links as L
from chainer import optimizer_hooks as H
from chainer import optimizers as O

warnings.simplefilter('ignore')
HERE = os.path.dirname(os.path.abspath(__file__))
STEPS = 5


def bits(a):
    return [int(b) for b in np.ascontiguousarray(a, dtype=np.float32).view(np.uint32).ravel()]


def values(a):
    return [float(v) for v in np.asarray(a, dtype=np.float32).ravel()]


class MLP(chainer.Chain):
    def __init__(self):
        super(MLP, self).__init__()
        with self.init_scope():
            self.l1 = L.Linear(3, 4)
            self.l2 = L.Linear(4, 2)
            self.l3 = L.Linear(4, 2)


np.random.seed(0)
base = MLP()
x = np.random.randn(5, 3).astype(np.float32)
t_reg = np.random.randn(5, 2).astype(np.float32)
t_cls = np.random.randint(0, 2, size=5).astype(np.int32)


def loss_of(model, loss, step):
    h = F.relu(model.l1(x))
    y = model.l2(h)
    if step <= 2:  # l3 takes part in the first two steps only
        y = y + model.l3(h)
    if loss == 'mse':
        return F.mean_squared_error(y, t_reg)
    return F.softmax_cross_entropy(y, t_cls)


def params_of(model, with_values=False):
    out = {}
    for name, p in sorted(model.namedparams()):
        entry = {'shape': list(p.shape), 'bits': bits(p.array)}
        if with_values:
            entry['values'] = values(p.array)
        out[name] = entry
    return out


CASES = [
    # name, optimizer factory, loss, optimizer hooks, per-rule hooks {param path: [hooks]}, use update(lossfun)
    ('sgd_default', lambda: O.SGD(), 'mse', [], {}, False),
    ('sgd', lambda: O.SGD(lr=0.1), 'mse', [], {}, True),
    ('momentum_default', lambda: O.MomentumSGD(), 'mse', [], {}, False),
    ('momentum', lambda: O.MomentumSGD(lr=0.05, momentum=0.8), 'sce', [], {}, True),
    ('adam_default', lambda: O.Adam(), 'mse', [], {}, False),
    ('adam', lambda: O.Adam(alpha=0.01, beta1=0.8, beta2=0.99, eps=1e-6), 'mse', [], {}, True),
    ('adam_sce', lambda: O.Adam(alpha=0.01), 'sce', [], {}, False),
    ('adam_amsgrad', lambda: O.Adam(alpha=0.01, amsgrad=True), 'mse', [], {}, False),
    ('adam_weight_decay', lambda: O.Adam(alpha=0.01, weight_decay_rate=0.1, eta=0.5), 'mse', [], {}, False),
    ('adagrad_default', lambda: O.AdaGrad(), 'mse', [], {}, False),
    ('adagrad', lambda: O.AdaGrad(lr=0.1, eps=1e-6), 'sce', [], {}, True),
    ('rmsprop_default', lambda: O.RMSprop(), 'mse', [], {}, False),
    ('rmsprop_eps_inside_sqrt', lambda: O.RMSprop(lr=0.01, alpha=0.9, eps=1e-4, eps_inside_sqrt=True), 'mse', [], {}, True),
    ('sgd_weight_decay', lambda: O.SGD(lr=0.1), 'mse', [lambda: H.WeightDecay(0.05)], {}, False),
    ('momentum_gradient_clipping', lambda: O.MomentumSGD(lr=0.05), 'mse', [lambda: H.GradientClipping(0.5)], {}, False),
    ('sgd_hard_clipping', lambda: O.SGD(lr=0.1), 'mse', [lambda: H.GradientHardClipping(-0.05, 0.1)], {}, False),
    ('adam_all_hooks', lambda: O.Adam(alpha=0.01), 'mse',
     [lambda: H.WeightDecay(0.01), lambda: H.GradientClipping(0.3), lambda: H.GradientHardClipping(-0.2, 0.2)], {}, True),
    ('rmsprop_rule_hook', lambda: O.RMSprop(lr=0.01), 'mse', [],
     {'/l1/W': [lambda: H.WeightDecay(0.5)], '/l2/b': [lambda: H.GradientHardClipping(-0.01, 0.01)]}, False),
]


def run_case(name, make_opt, loss, hooks, rule_hooks, use_lossfun):
    model = copy.deepcopy(base)
    opt = make_opt()
    opt.setup(model)
    for make_hook in hooks:
        opt.add_hook(make_hook())
    params = dict(model.namedparams())
    for path, hs in rule_hooks.items():
        for make_hook in hs:
            params[path].update_rule.add_hook(make_hook())
    steps = []
    for step in range(1, STEPS + 1):
        if use_lossfun:
            holder = {}

            def lossfun():
                holder['loss'] = loss_of(model, loss, step)
                return holder['loss']
            opt.update(lossfun)
            loss_value = float(holder['loss'].array)
        else:
            model.cleargrads()
            lv = loss_of(model, loss, step)
            lv.backward()
            opt.update()
            loss_value = float(lv.array)
        steps.append({'loss': loss_value, 'params': params_of(model)})
    states = {}
    for n, p in sorted(model.namedparams()):
        rule = p.update_rule
        st = {k: {'bits': bits(v)} for k, v in sorted((rule.state or {}).items())}
        states[n] = {'t': rule.t, 'state': st}
    return opt, {
        'name': name,
        'optimizer': type(opt).__name__,
        'hyperparam': {k: (v if not isinstance(v, (np.floating,)) else float(v))
                       for k, v in sorted(opt.hyperparam.get_dict().items())},
        'loss': loss,
        'hooks': [type(h()).__name__ for h in hooks],
        'use_lossfun': use_lossfun,
        't': opt.t,
        'steps': steps,
        'states': states,
    }


def main():
    out = {
        'chainer': chainer.__version__,
        'numpy': np.__version__,
        'steps': STEPS,
        'x': {'shape': list(x.shape), 'values': values(x)},
        't_reg': {'shape': list(t_reg.shape), 'values': values(t_reg)},
        't_cls': [int(v) for v in t_cls],
        'initial': params_of(base, with_values=True),
        'grads_step1_mse': None,
        'cases': [],
    }
    # gradients of the first step (mse), to tell backward differences from update differences
    m = copy.deepcopy(base)
    m.cleargrads()
    loss_of(m, 'mse', 1).backward()
    out['grads_step1_mse'] = {n: {'bits': bits(p.grad)} for n, p in sorted(m.namedparams())}
    m.cleargrads()
    loss_of(m, 'sce', 1).backward()
    out['grads_step1_sce'] = {n: {'bits': bits(p.grad)} for n, p in sorted(m.namedparams())}

    for case in CASES:
        opt, rec = run_case(*case)
        out['cases'].append(rec)
        if rec['name'] in ('adam', 'momentum'):
            opt.new_epoch()
            opt.new_epoch()
            path = os.path.join(HERE, rec['name'] + '_state.npz')
            chainer.serializers.save_npz(path, opt)
            with np.load(path) as z:
                rec['npz'] = {k: {'dtype': str(z[k].dtype), 'shape': list(z[k].shape),
                                  'values': [float(v) for v in np.asarray(z[k]).ravel()]} for k in z.files}
            rec['npz_file'] = rec['name'] + '_state.npz'
            rec['epoch'] = opt.epoch
            # one more step after saving: a loaded optimizer must continue exactly like this
            model = opt.target
            model.cleargrads()
            loss_of(model, rec['loss'], STEPS + 1).backward()
            opt.update()
            rec['step6'] = {'params': params_of(model)}

    # eps too small for float32
    errors = {}
    for label, make in [('adam', lambda: O.Adam(eps=1e-50)), ('rmsprop', lambda: O.RMSprop(eps=1e-50))]:
        m = copy.deepcopy(base)
        opt = make()
        opt.setup(m)
        m.cleargrads()
        loss_of(m, 'mse', 1).backward()
        try:
            opt.update()
            errors[label] = None
        except Exception as e:  # noqa
            errors[label] = '%s: %s' % (type(e).__name__, e)
    out['errors'] = errors

    with open(os.path.join(HERE, 'optimizer_cases.json'), 'w') as f:
        json.dump(out, f, sort_keys=True, separators=(',', ':'))


def verify(path):
    """Loads an optimizer file written by Chainer.Native (the 'adam' case after five steps and two epochs)
    into real Chainer and compares it with Chainer's own state."""
    case = [c for c in CASES if c[0] == 'adam'][0]
    opt, _ = run_case(*case)
    opt.new_epoch()
    opt.new_epoch()
    model = copy.deepcopy(base)
    mine = case[1]()
    mine.setup(model)
    chainer.serializers.load_npz(path, mine)
    assert mine.t == opt.t and mine.epoch == opt.epoch, (mine.t, mine.epoch)
    theirs = dict(opt.target.namedparams())
    for name, p in model.namedparams():
        r, q = p.update_rule, theirs[name].update_rule
        assert r.t == q.t, name
        assert sorted(r.state) == sorted(q.state), name
        for k in r.state:
            assert r.state[k].dtype == q.state[k].dtype and np.array_equal(r.state[k], q.state[k]), (name, k)
    print('OK: Chainer loaded %s (t=%d, epoch=%d, %d update rules, states identical)'
          % (path, mine.t, mine.epoch, len(theirs)))


if __name__ == '__main__':
    import sys
    if len(sys.argv) == 3 and sys.argv[1] == '--verify':
        verify(sys.argv[2])
    else:
        main()
