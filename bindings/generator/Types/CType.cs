using System.Collections.Generic;
using System.Linq;

namespace Chainer.Bindings.Generator.Types;

/// <summary>One level of indirection: its own qualifiers (<c>* const</c>, <c>* _Nullable</c>).</summary>
public sealed record PointerLevel(bool IsConst, bool IsNullable);

/// <summary>
/// A C type as spelled in clang's "qualType": a base name (<c>int64_t</c>,
/// <c>ch_array</c>, <c>unsigned int</c>), whether the base is const, and the pointer
/// levels from innermost to outermost. <c>ch_variable *const *</c> is base
/// ch_variable with levels [const, plain].
/// </summary>
public sealed record CType(string Spelling, string BaseName, bool IsBaseConst, IReadOnlyList<PointerLevel> Pointers)
{
    public int Depth => Pointers.Count;

    /// <summary>The outermost pointer carries _Nullable (<c>ch_array* CH_NULLABLE</c>).</summary>
    public bool IsNullable => Pointers.Count > 0 && Pointers[^1].IsNullable;

    /// <summary>The same type with typedefs resolved, tried when the spelled one maps to nothing (<c>ch_bool</c> → <c>int</c>).</summary>
    public CType? Desugared { get; init; }

    /// <summary>A spelling that is not a base name with pointers (an unnamed function pointer, an array): maps to nothing.</summary>
    public static CType Unparsed(string spelling) => new(spelling, spelling, false, System.Array.Empty<PointerLevel>());

    public override string ToString() => Spelling;

    public bool Equals(CType? other) =>
        other is not null && Spelling == other.Spelling && BaseName == other.BaseName
        && IsBaseConst == other.IsBaseConst && Pointers.SequenceEqual(other.Pointers);

    public override int GetHashCode() => Spelling.GetHashCode(System.StringComparison.Ordinal);
}
