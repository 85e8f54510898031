#!/usr/bin/python3
"""The Python peers of `./build.sh bench`: PyTorch, or real Chainer, timed in-process.

benchmarks/Overhead starts one process per peer and drives it over stdin/stdout, one request per
line and one JSON line per answer, so our library and the peers run alternately in one run:

    info                                   -> {"name", "version", "threads", "openblas_core", ...}
    run WORKLOAD REPS [key=value ...]      -> {"samples": [seconds per call, ...]}
    quit

Workloads (the same definitions as benchmarks/Overhead/Workloads.cs):
    sgemm   m n k ta tb        torch.mm(op(a), op(b)), fresh output                (torch)
    ew      op n               add | mul | relu on n floats, fresh output          (torch)
    chain   shape fb len       `len` adds y = y + x on shape (1,) or (10,10);
                               fb=0 forward, fb=1 forward+backward; per chain     (torch, chainer)
    mlp     batch              784-1000-1000-10 relu MLP, softmax cross entropy, SGD step
    cnn     batch              conv 1->32 3x3, relu, pool 2, conv 32->64 3x3, relu, pool 2,
                               linear ->10 on 28x28 inputs, SGD step
    lstm    vocab seq batch hidden   embed, 2 LSTM layers, linear -> vocab, mean cross entropy
                               over all outputs, SGD step
Every `run` takes threads=N (torch.set_num_threads; 0 = the default the process started with).

    peer.py [--framework torch|chainer] [--device cpu|cuda] [--standalone]

--device cuda (PyTorch only; the GPU mode of the suite, benchmarks/Overhead/GpuSuite.cs) puts operands and
models on cuda:0 and synchronizes after every timed call, so each sample includes the queued kernels.

If the framework cannot be imported, the first line printed is {"error": "..."}, exit code 3.
For Chainer, CHAINER_SRC names its source tree; CHAINER_SRC/shim.py, when it exists, runs first
(Chainer 7.8.1 from source needs a stub chainerx._build_info and NumPy's removed aliases).
"""
import json
import os
import sys
import time
import warnings


def emit(obj):
    sys.stdout.write(json.dumps(obj) + "\n")
    sys.stdout.flush()


FRAMEWORK = "torch"
if "--framework" in sys.argv:
    FRAMEWORK = sys.argv[sys.argv.index("--framework") + 1]
DEVICE = "cpu"
if "--device" in sys.argv:
    DEVICE = sys.argv[sys.argv.index("--device") + 1]

warnings.filterwarnings("ignore")
try:
    import numpy as np
    if FRAMEWORK == "torch":
        import torch
        import torch.nn as nn
        import torch.nn.functional as TF
    elif FRAMEWORK == "chainer":
        src = os.environ.get("CHAINER_SRC", "")
        if not src:
            raise ImportError("CHAINER_SRC is not set")
        sys.path.insert(0, src)
        shim = os.path.join(src, "shim.py")
        if os.path.exists(shim):
            with open(shim) as f:
                exec(compile(f.read(), shim, "exec"))
        else:  # what the shim does
            import types
            m = types.ModuleType("chainerx._build_info")
            m.build_chainerx = False
            m.cuda_version = None
            sys.modules["chainerx._build_info"] = m
            for n, v in [("float", float), ("int", int), ("bool", bool), ("object", object),
                         ("complex", complex), ("str", str)]:
                if not hasattr(np, n):
                    setattr(np, n, v)
        import chainer
        import chainer.functions as CF
        import chainer.links as CL
        from chainer import optimizers
    else:
        raise ImportError("unknown framework " + FRAMEWORK)
    if DEVICE != "cpu":
        if FRAMEWORK != "torch":
            raise ImportError("--device %s needs --framework torch" % DEVICE)
        if not torch.cuda.is_available():
            raise ImportError("torch.cuda is not available (PyTorch %s, built for CUDA %s)" % (torch.__version__, torch.version.cuda))
except Exception as e:  # ImportError, or a broken installation
    emit({"error": "%s is not available: %s: %s" % (FRAMEWORK, type(e).__name__, e)})
    sys.exit(3)


def openblas_info():
    """The OpenBLAS this process loaded (found in /proc/self/maps), asked through ctypes."""
    import ctypes
    try:
        with open("/proc/self/maps") as f:
            paths = sorted({line.split()[-1] for line in f if "libopenblas" in line and "/" in line})
        for p in paths:
            lib = ctypes.CDLL(p)
            lib.openblas_get_corename.restype = ctypes.c_char_p
            lib.openblas_get_config.restype = ctypes.c_char_p
            return {"openblas_path": p,
                    "openblas_core": lib.openblas_get_corename().decode(),
                    "openblas_config": lib.openblas_get_config().decode(),
                    "openblas_threads": lib.openblas_get_num_threads()}
    except Exception as e:  # not found, or not OpenBLAS
        return {"openblas_core": "unknown (%s)" % e}
    return {"openblas_core": "not loaded"}


# ---------------------------------------------------------------------------------------------
# PyTorch

DEFAULT_THREADS = torch.get_num_threads() if FRAMEWORK == "torch" else 1
STATE = {}  # prepared operands and models, by workload key


def sync():
    """Waits for the GPU's queued work (nothing on the CPU)."""
    if DEVICE != "cpu":
        torch.cuda.synchronize()


# Seconds each request runs untimed before its samples, as ours and the C limits do (Workloads.WarmSeconds):
# rows compare steady states, not thread pools waking up.
WARM_SECONDS = 0.15


def timed(fn, reps):
    out = []
    sync()
    w0 = time.perf_counter()
    while True:
        fn()
        sync()
        if time.perf_counter() - w0 >= WARM_SECONDS:
            break
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        sync()
        out.append(time.perf_counter() - t0)
    return out


def torch_sgemm(p, reps):
    m, n, k, ta, tb = (int(p[x]) for x in ("m", "n", "k", "ta", "tb"))
    key = ("sgemm", m, n, k, ta, tb)
    if key not in STATE:
        STATE.clear()  # keep one set of large operands
        g = torch.Generator().manual_seed(0)
        a = torch.rand(k, m, generator=g).t() if ta else torch.rand(m, k, generator=g)
        b = torch.rand(n, k, generator=g).t() if tb else torch.rand(k, n, generator=g)
        STATE[key] = (a.to(DEVICE), b.to(DEVICE))
    a, b = STATE[key]
    with torch.no_grad():
        return timed(lambda: torch.mm(a, b), reps)


def torch_ew(p, reps):
    op, n = p["op"], int(p["n"])
    key = ("ew", n)
    if key not in STATE:
        STATE.clear()
        g = torch.Generator().manual_seed(0)
        STATE[key] = ((torch.rand(n, generator=g) - 0.5).to(DEVICE), (torch.rand(n, generator=g) - 0.5).to(DEVICE))
    a, b = STATE[key]
    fn = {"add": lambda: torch.add(a, b), "mul": lambda: torch.mul(a, b), "relu": lambda: torch.relu(a)}[op]
    with torch.no_grad():
        return timed(fn, reps)


def torch_chain(p, reps):
    shape = tuple(int(s) for s in p["shape"].split("x"))
    fb, length = int(p["fb"]), int(p["len"])
    x = torch.ones(shape, dtype=torch.float32, device=DEVICE, requires_grad=True)

    def forward():
        y = x
        for _ in range(length):
            y = y + x
        return y

    def forward_backward():
        y = forward()
        y.backward(torch.ones_like(y))
        x.grad = None

    return timed(forward_backward if fb else forward, reps)


def torch_train_step(model, opt, x, t):
    def step():
        opt.zero_grad()
        loss = TF.cross_entropy(model(x), t)
        loss.backward()
        opt.step()
    return step


def torch_mlp(p, reps):
    batch = int(p["batch"])
    key = ("mlp", batch)
    if key not in STATE:
        torch.manual_seed(0)
        model = nn.Sequential(nn.Linear(784, 1000), nn.ReLU(), nn.Linear(1000, 1000), nn.ReLU(),
                              nn.Linear(1000, 10)).to(DEVICE)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x = torch.rand(batch, 784).to(DEVICE)
        t = torch.randint(0, 10, (batch,)).to(DEVICE)
        STATE[key] = torch_train_step(model, opt, x, t)
    return timed(STATE[key], reps)


def torch_cnn(p, reps):
    batch = int(p["batch"])
    key = ("cnn", batch)
    if key not in STATE:
        torch.manual_seed(0)
        model = nn.Sequential(nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Conv2d(32, 64, 3), nn.ReLU(), nn.MaxPool2d(2),
                              nn.Flatten(), nn.Linear(64 * 5 * 5, 10)).to(DEVICE)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x = torch.rand(batch, 1, 28, 28).to(DEVICE)
        t = torch.randint(0, 10, (batch,)).to(DEVICE)
        STATE[key] = torch_train_step(model, opt, x, t)
    return timed(STATE[key], reps)


def torch_lstm_model(vocab, hidden):
    class LstmModel(nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = nn.Embedding(vocab, hidden)
            self.rnn = nn.LSTM(hidden, hidden, num_layers=2)  # (seq, batch, feature), zero initial state
            self.out = nn.Linear(hidden, vocab)

        def forward(self, x):
            h, _ = self.rnn(self.embed(x))
            return self.out(h.reshape(-1, h.shape[-1]))
    return LstmModel()


def torch_lstm(p, reps):
    vocab, seq, batch, hidden = (int(p[x]) for x in ("vocab", "seq", "batch", "hidden"))
    key = ("lstm", vocab, seq, batch, hidden)
    if key not in STATE:
        torch.manual_seed(0)
        model = torch_lstm_model(vocab, hidden).to(DEVICE)
        opt = torch.optim.SGD(model.parameters(), lr=0.01)
        x = torch.randint(0, vocab, (seq, batch)).to(DEVICE)
        t = torch.randint(0, vocab, (seq * batch,)).to(DEVICE)
        STATE[key] = torch_train_step(model, opt, x, t)
    return timed(STATE[key], reps)


# ---------------------------------------------------------------------------------------------
# Chainer 7.8.1 (NumPy on the CPU)

def chainer_chain(p, reps):
    shape = tuple(int(s) for s in p["shape"].split("x"))
    fb, length = int(p["fb"]), int(p["len"])
    x = chainer.Variable(np.ones(shape, dtype=np.float32))

    def forward():
        y = x
        for _ in range(length):
            y = y + x
        return y

    def forward_backward():
        y = forward()
        y.grad = np.ones(shape, dtype=np.float32)
        y.backward()
        x.cleargrad()

    return timed(forward_backward if fb else forward, reps)


def chainer_train_step(model, x, t, loss_of):
    opt = optimizers.SGD(lr=0.01)
    opt.setup(model)

    def step():
        model.cleargrads()
        loss = loss_of(model, x, t)
        loss.backward()
        opt.update()
    return step


def chainer_mlp(p, reps):
    batch = int(p["batch"])
    key = ("mlp", batch)
    if key not in STATE:
        np.random.seed(0)
        model = chainer.Sequential(CL.Linear(784, 1000), CF.relu, CL.Linear(1000, 1000), CF.relu,
                                   CL.Linear(1000, 10))
        x = np.random.rand(batch, 784).astype(np.float32)
        t = np.random.randint(0, 10, batch).astype(np.int32)
        STATE[key] = chainer_train_step(model, x, t, lambda m, x, t: CF.softmax_cross_entropy(m(x), t))
    return timed(STATE[key], reps)


def chainer_cnn(p, reps):
    batch = int(p["batch"])
    key = ("cnn", batch)
    if key not in STATE:
        np.random.seed(0)
        model = chainer.Sequential(
            CL.Convolution2D(1, 32, 3), CF.relu, lambda h: CF.max_pooling_2d(h, 2, cover_all=False),
            CL.Convolution2D(32, 64, 3), CF.relu, lambda h: CF.max_pooling_2d(h, 2, cover_all=False),
            CL.Linear(64 * 5 * 5, 10))
        x = np.random.rand(batch, 1, 28, 28).astype(np.float32)
        t = np.random.randint(0, 10, batch).astype(np.int32)
        STATE[key] = chainer_train_step(model, x, t, lambda m, x, t: CF.softmax_cross_entropy(m(x), t))
    return timed(STATE[key], reps)


def _chainer_language_model(p, reps, name, rnn_links, x_shape, t_shape, loss_of):
    """An embed -> recurrent links -> linear language model trained by SGD; rnn_links(hidden) names its links."""
    vocab, seq, batch, hidden = (int(p[x]) for x in ("vocab", "seq", "batch", "hidden"))
    key = (name, vocab, seq, batch, hidden)
    if key not in STATE:
        np.random.seed(0)
        model = chainer.Chain()
        with model.init_scope():
            model.embed = CL.EmbedID(vocab, hidden)
            for link_name, link in rnn_links(hidden):
                setattr(model, link_name, link)
            model.out = CL.Linear(hidden, vocab)
        x = np.random.randint(0, vocab, x_shape(seq, batch)).astype(np.int32)
        t = np.random.randint(0, vocab, t_shape(seq, batch)).astype(np.int32)
        STATE[key] = chainer_train_step(model, x, t, lambda m, x, t: loss_of(m, x, t, seq))
    return timed(STATE[key], reps)


def chainer_lstm(p, reps):
    def loss_of(m, x, t, seq):
        m.l1.reset_state()
        m.l2.reset_state()
        loss = 0
        for i in range(seq):
            h = m.l2(m.l1(m.embed(x[i])))
            loss += CF.softmax_cross_entropy(m.out(h), t[i])
        return loss / seq
    return _chainer_language_model(
        p, reps, "lstm", lambda h: [("l1", CL.LSTM(h, h)), ("l2", CL.LSTM(h, h))],
        lambda seq, batch: (seq, batch), lambda seq, batch: (seq, batch), loss_of)


def chainer_lstm_nstep(p, reps):
    def loss_of(m, x, t, seq):
        _, _, ys = m.rnn(None, None, list(CF.separate(m.embed(x), 0)))
        return CF.softmax_cross_entropy(m.out(CF.concat(ys, 0)), t)
    return _chainer_language_model(
        p, reps, "lstm-nstep", lambda h: [("rnn", CL.NStepLSTM(2, h, h, 0.0))],
        lambda seq, batch: (batch, seq), lambda seq, batch: (batch * seq,), loss_of)


WORKLOADS = {
    "torch": {"sgemm": torch_sgemm, "ew": torch_ew, "chain": torch_chain, "mlp": torch_mlp,
              "cnn": torch_cnn, "lstm": torch_lstm, "lstm-nstep": torch_lstm},
    "chainer": {"chain": chainer_chain, "mlp": chainer_mlp, "cnn": chainer_cnn, "lstm": chainer_lstm,
                "lstm-nstep": chainer_lstm_nstep},
}[FRAMEWORK]


def info():
    d = {"name": "PyTorch" if FRAMEWORK == "torch" else "Chainer",
         "version": torch.__version__ if FRAMEWORK == "torch" else chainer.__version__,
         "threads": DEFAULT_THREADS,
         "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
         "openblas_coretype_env": os.environ.get("OPENBLAS_CORETYPE"),
         "workloads": sorted(WORKLOADS)}
    if FRAMEWORK == "torch":
        d["interop_threads"] = torch.get_num_interop_threads()
        d["parallel_info"] = torch.__config__.parallel_info()
        # torch loads OpenBLAS lazily on some builds: one tiny GEMM first
        torch.mm(torch.ones(2, 2), torch.ones(2, 2))
        d["device"] = DEVICE if DEVICE == "cpu" else "%s (%s, CUDA %s)" % (
            DEVICE, torch.cuda.get_device_name(0), torch.version.cuda)
    else:
        d["numpy"] = np.__version__
        np.dot(np.ones((2, 2), np.float32), np.ones((2, 2), np.float32))
    d.update(openblas_info())
    return d


def run(name, reps, params):
    if FRAMEWORK == "torch":
        threads = int(params.get("threads", 0)) or DEFAULT_THREADS
        if torch.get_num_threads() != threads:
            torch.set_num_threads(threads)
    return WORKLOADS[name](params, reps)


def main():
    if "--standalone" in sys.argv:
        for fb in (0, 1):
            run("chain", 50, {"shape": "1", "fb": fb, "len": 100})
            s = sorted(run("chain", 300, {"shape": "1", "fb": fb, "len": 100}))
            print("chain (1,) %s: %.3f us/op" % ("fwd+bwd" if fb else "fwd", s[len(s) // 2] * 1e6 / 100))
        return
    for line in sys.stdin:
        parts = line.split()
        if not parts:
            continue
        try:
            if parts[0] == "info":
                emit(info())
            elif parts[0] == "run" and len(parts) >= 3:
                if parts[1] not in WORKLOADS:
                    emit({"error": "%s has no workload %s" % (FRAMEWORK, parts[1])})
                    continue
                params = dict(kv.split("=", 1) for kv in parts[3:])
                emit({"samples": run(parts[1], int(parts[2]), params)})
            elif parts[0] == "quit":
                return
            else:
                emit({"error": "unknown request: " + line.strip()})
        except Exception as e:  # report, keep serving
            emit({"error": "%s: %s" % (type(e).__name__, e)})


if __name__ == "__main__":
    main()
