using Chainer.Bindings.Generator.Model;
using Chainer.Bindings.Generator.Types;
using System.Linq;

namespace Chainer.Bindings.Generator.Emit;

/// <summary>SafeHandles.g.cs: a sealed SafeHandle per opaque handle type that has a <c>ch_x_free</c>.</summary>
public static class SafeHandlesEmitter
{
    public const string FileName = "SafeHandles.g.cs";

    public static string Emit(HeaderModel header, TypeMapper types)
    {
        var w = FilePreamble.Write(new CodeWriter(), header, "System", "System.Runtime.InteropServices");
        bool first = true;
        foreach (HandleModel h in header.Handles)
        {
            if (h.Free is not FunctionModel free)
            {
                continue; // no free function, no owner: parameters of this type fail in TypeMapper instead
            }

            if (!first)
            {
                w.Line();
            }

            first = false;
            w.Line($"/// <summary>Owns one <c>{h.CName}</c> reference; released with <c>{free.Name}</c>.</summary>");
            w.Open($"internal sealed class {h.CSharpName} : SafeHandle");
            // Public and parameterless: the LibraryImport marshaller creates it for out parameters.
            w.Open($"public {h.CSharpName}() : base(IntPtr.Zero, ownsHandle: true)");
            w.Close();
            w.Line();
            w.Line("/// <summary>Takes ownership of a raw handle (one returned through an <c>nint*</c> array).</summary>");
            w.Open($"internal {h.CSharpName}(nint handle) : this()");
            w.Line("SetHandle(handle);");
            w.Close();
            w.Line();
            w.Line("public override bool IsInvalid => handle == IntPtr.Zero;");
            w.Line();
            w.Line($"protected override bool ReleaseHandle() => {ReleaseExpression(free, types)};");
            w.Close();
        }

        return w.ToString();
    }

    private static string ReleaseExpression(FunctionModel free, TypeMapper types)
    {
        if (free.Parameters.Count != 1 || types.HandleOf(free.Parameters[0].Type) is null)
        {
            throw new GeneratorException($"{free.Name}: a free function must take exactly one handle pointer");
        }

        string call = $"NativeMethods.{free.Name}(handle)";
        string returns = types.MapReturn(free);
        EnumModel? status = types.EnumOf(returns);
        EnumMemberModel? ok = status?.Members.FirstOrDefault(m => m.Value == 0);
        if (ok is not null)
        {
            return $"{call} == {status!.CSharpName}.{ok.CSharpName}";
        }

        throw new GeneratorException($"{free.Name}: a free function must return a status enum with a 0 (ok) member, not {free.Return}");
    }
}
