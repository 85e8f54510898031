using Chainer.Bindings.Generator.Model;
using System.Globalization;

namespace Chainer.Bindings.Generator.Emit;

/// <summary>Enums.g.cs: one <c>internal enum ChXxx : int</c> per C enum, values explicit.</summary>
public static class EnumsEmitter
{
    public const string FileName = "Enums.g.cs";

    public static string Emit(HeaderModel header)
    {
        var w = FilePreamble.Write(new CodeWriter(), header);
        for (int i = 0; i < header.Enums.Count; i++)
        {
            EnumModel e = header.Enums[i];
            if (i > 0)
            {
                w.Line();
            }

            w.Summary(e.Comment);
            w.Open($"internal enum {e.CSharpName} : int");
            foreach (EnumMemberModel m in e.Members)
            {
                if (m.Value is < int.MinValue or > int.MaxValue)
                {
                    throw new GeneratorException($"enumerator {m.CName} = {m.Value} does not fit the int the C enum is");
                }

                w.Summary(m.Comment);
                w.Line($"{m.CSharpName} = {m.Value.ToString(CultureInfo.InvariantCulture)},");
            }

            w.Close();
        }

        return w.ToString();
    }
}
