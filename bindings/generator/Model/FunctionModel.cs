using Chainer.Bindings.Generator.Types;
using System.Collections.Generic;

namespace Chainer.Bindings.Generator.Model;

/// <summary>A <c>ch_*</c> function declared in the header.</summary>
public sealed record FunctionModel(string Name, CType Return, IReadOnlyList<ParameterModel> Parameters, IReadOnlyList<string> Comment);

/// <summary>A function parameter with its C name and parsed type.</summary>
public sealed record ParameterModel(string Name, CType Type);
