namespace Chainer.Bindings.Generator.Model;

/// <summary>
/// An opaque handle type (<c>typedef struct ch_x ch_x;</c>), its SafeHandle class name,
/// and its <c>ch_x_free</c> function (null when the header has none: then no class exists).
/// </summary>
public sealed record HandleModel(string CName, string CSharpName, FunctionModel? Free);
