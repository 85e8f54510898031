using NUnit.Framework;

namespace Chainer.Bindings.Generator.Tests;

public sealed class EnumTests : TempFolderTest
{
    [Test]
    public void StatusEnumLosesItsCommonPrefix()
    {
        string text = Generate("""
            typedef enum ch_code {
              CH_OK = 0,
              CH_ERROR_INVALID_ARGUMENT = 1,
              CH_ERROR_INVALID_TYPE = 2
            } ch_code;
            """, prelude: false)["Enums.g.cs"];
        Assert.That(text, Does.Contain("""
            internal enum ChCode : int
            {
                Ok = 0,
                ErrorInvalidArgument = 1,
                ErrorInvalidType = 2,
            }
            """.Replace("\r\n", "\n")));
    }

    [Test]
    public void DtypeEnumLosesTheLongerPrefix()
    {
        string text = Generate("typedef enum ch_dtype { CH_DTYPE_BOOL = 0, CH_DTYPE_INT32 = 1, CH_DTYPE_FLOAT32 = 3 } ch_dtype;")["Enums.g.cs"];
        Assert.That(text, Does.Contain("internal enum ChDtype : int"));
        Assert.That(text, Does.Contain("    Bool = 0,\n    Int32 = 1,\n    Float32 = 3,\n"));
    }

    [Test]
    public void ImplicitValuesAreWrittenExplicitly()
    {
        string text = Generate("typedef enum ch_mode { CH_MODE_A, CH_MODE_B = 5, CH_MODE_C, CH_MODE_D = -2, CH_MODE_E } ch_mode;")["Enums.g.cs"];
        Assert.That(text, Does.Contain("    A = 0,\n    B = 5,\n    C = 6,\n    D = -2,\n    E = -1,\n"));
    }

    [Test]
    public void PrefixStopsBeforeADigit()
    {
        string text = Generate("typedef enum ch_layout { CH_LAYOUT_2D = 0, CH_LAYOUT_3D = 1 } ch_layout;")["Enums.g.cs"];
        Assert.That(text, Does.Contain("    Layout2d = 0,\n    Layout3d = 1,\n"));
    }

    [Test]
    public void AnonymousEnumTakesTheTypedefName()
    {
        var files = Generate("typedef enum { CH_KIND_X = 1, CH_KIND_Y = 2 } ch_kind;\nch_status ch_f(ch_kind kind, ch_kind* out_kind);");
        Assert.That(files["Enums.g.cs"], Does.Contain("internal enum ChKind : int"));
        Assert.That(HeaderFixture.Signature(files, "ch_f"), Does.EndWith("ch_f(ChKind kind, out ChKind out_kind);"));
    }

    [Test]
    public void EnumSpelledWithItsTagMaps() =>
        Assert.That(SignatureOf("enum ch_side { CH_SIDE_L = 0, CH_SIDE_R = 1 };\nch_status ch_f(enum ch_side side);", "ch_f"),
            Does.EndWith("ch_f(ChSide side);"));

    [Test]
    public void MemberCommentsBecomeSummaries()
    {
        string text = Generate("""
            typedef enum ch_level {
              /* Nothing is logged. */
              CH_LEVEL_QUIET = 0,
              CH_LEVEL_LOUD = 1
            } ch_level;
            """)["Enums.g.cs"];
        Assert.That(text, Does.Contain("    /// <summary>Nothing is logged.</summary>\n    Quiet = 0,\n    Loud = 1,\n"));
    }
}
