using System.Collections.Generic;

namespace Chainer.Bindings.Generator.Model;

/// <summary>
/// A C enum (<c>typedef enum ch_x {...} ch_x;</c>) and its C# name. <see cref="CName"/>
/// is the typedef name (or the tag when there is no typedef); a parameter may spell
/// either, so the tag is kept too.
/// </summary>
public sealed record EnumModel(string CName, string? TagName, string CSharpName, IReadOnlyList<EnumMemberModel> Members, IReadOnlyList<string> Comment);

/// <summary>One enumerator: C name, C# member name, value, and the comment above it.</summary>
public sealed record EnumMemberModel(string CName, string CSharpName, long Value, IReadOnlyList<string> Comment);
