using Chainer.Bindings.Generator.Types;
using System.Collections.Generic;

namespace Chainer.Bindings.Generator.Model;

/// <summary>A function-pointer typedef (<c>typedef void (*ch_cb)(int64_t);</c>): its return and parameter types.</summary>
public sealed record CallbackModel(string CName, CType Return, IReadOnlyList<CType> Parameters);
