using Chainer.Bindings.Generator.Types;
using System.Collections.Generic;

namespace Chainer.Bindings.Generator.Model;

/// <summary>
/// Everything the header declares that the bindings are made of, in header order.
/// <see cref="Aliases"/> holds its other typedefs (<c>typedef int32_t ch_bool;</c>) by name,
/// which clang leaves unresolved inside pointer types.
/// </summary>
public sealed record HeaderModel(
    string DisplayPath,
    IReadOnlyList<EnumModel> Enums,
    IReadOnlyList<HandleModel> Handles,
    IReadOnlyList<CallbackModel> Callbacks,
    IReadOnlyList<FunctionModel> Functions,
    IReadOnlyDictionary<string, CType> Aliases);
