using Chainer.Bindings.Generator.Model;
using Chainer.Bindings.Generator.Types;
using System.Linq;

namespace Chainer.Bindings.Generator.Emit;

/// <summary>NativeMethods.g.cs: one <c>[LibraryImport]</c> per <c>ch_*</c> function, C names kept.</summary>
public static class NativeMethodsEmitter
{
    public const string FileName = "NativeMethods.g.cs";
    public const string LibraryName = "chainer_native";

    public static string Emit(HeaderModel header, TypeMapper types)
    {
        var w = FilePreamble.Write(new CodeWriter(), header, "System.Runtime.CompilerServices", "System.Runtime.InteropServices");
        w.Line($"/// <summary>One P/Invoke per function of <c>{header.DisplayPath}</c>, with the C names.</summary>");
        w.Open("internal static unsafe partial class NativeMethods");
        w.Line($"internal const string LibraryName = \"{LibraryName}\";");
        foreach (FunctionModel f in header.Functions)
        {
            string returns = types.MapReturn(f);
            string parameters = string.Join(", ", f.Parameters.Select(p => $"{types.MapParameter(f, p)} {Naming.Identifier(p.Name)}"));
            w.Line();
            w.Summary(f.Comment);
            w.Line("[LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]");
            w.Line("[UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]");
            w.Line($"internal static partial {returns} {f.Name}({parameters});");
        }

        w.Close();
        return w.ToString();
    }
}
