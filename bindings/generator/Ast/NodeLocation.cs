namespace Chainer.Bindings.Generator.Ast;

/// <summary>
/// Where a declaration is, after macro expansion: the file and line of its name
/// (<see cref="Line"/>) and of its first token (<see cref="BeginLine"/>, where a
/// preceding comment ends).
/// </summary>
public sealed record NodeLocation(string? File, int Line, int BeginLine);
