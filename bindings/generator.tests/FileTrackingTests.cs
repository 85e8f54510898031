using Chainer.Bindings.Generator.Ast;
using NUnit.Framework;
using System.Text.Json;

namespace Chainer.Bindings.Generator.Tests;

/// <summary>Only declarations written in the header itself are bound, wherever clang omits "file".</summary>
public sealed class FileTrackingTests : TempFolderTest
{
    private const string Other = """
        #include <stdint.h>
        typedef enum ch_other_kind { CH_OTHER_A = 0 } ch_other_kind;
        typedef struct ch_other ch_other;
        int ch_other_free(ch_other* o);
        int ch_other_use(int32_t x);
        #define CH_DECLARE_FROM_OTHER(name) int ch_##name(int32_t x)
        """;

    [Test]
    public void DeclarationsFromAnIncludedHeaderAreNotEmitted()
    {
        HeaderFixture.Write(Folder, "other.h", Other);
        var files = Generate("""
            ch_status ch_before(int32_t x);
            #include "other.h"
            ch_status ch_after(int32_t x);
            """);
        string all = files["NativeMethods.g.cs"] + files["Enums.g.cs"] + files["SafeHandles.g.cs"];
        Assert.Multiple(() =>
        {
            Assert.That(all, Does.Not.Contain("ch_other"));
            Assert.That(all, Does.Not.Contain("OtherHandle"));
            Assert.That(all, Does.Not.Contain("ChOtherKind"));
            Assert.That(all, Does.Contain("ch_before(int x)"));
            Assert.That(all, Does.Contain("ch_after(int x)"));
        });
    }

    [Test]
    public void FunctionsDeclaredThroughMacrosAreEmitted()
    {
        HeaderFixture.Write(Folder, "other.h", Other);
        var files = Generate("""
            #include "other.h"
            #define CH_DECLARE_UNARY(name) ch_status ch_##name(int64_t x, int64_t* out_y)
            CH_DECLARE_UNARY(neg);
            CH_DECLARE_UNARY(exp);
            CH_DECLARE_FROM_OTHER(pasted);
            """);
        Assert.Multiple(() =>
        {
            Assert.That(HeaderFixture.Signature(files, "ch_neg"), Does.EndWith("ch_neg(long x, out long out_y);"));
            Assert.That(HeaderFixture.Signature(files, "ch_exp"), Does.EndWith("ch_exp(long x, out long out_y);"));
            Assert.That(HeaderFixture.Signature(files, "ch_pasted"), Does.EndWith("int ch_pasted(int x);"));
        });
    }

    [Test]
    public void UsingATypeFromAnotherHeaderFails()
    {
        HeaderFixture.RequireClang();
        HeaderFixture.Write(Folder, "other.h", Other);
        var e = Assert.Throws<GeneratorException>(() => Generate("#include \"other.h\"\nch_status ch_f(ch_other_kind kind);"));
        Assert.That(e!.Message, Does.Contain("ch_f").And.Contain("ch_other_kind"));
    }

    [Test]
    public void TrackerCarriesFileAndLineForwardInDocumentOrder()
    {
        // As clang writes it: "file" and "line" only when they change, macro locations as spelling + expansion,
        // "includedFrom" naming the includer (which must not become the current file).
        const string json = """
            {"id":"tu","kind":"TranslationUnitDecl","loc":{},"range":{"begin":{},"end":{}},"inner":[
              {"id":"a","kind":"FunctionDecl","loc":{"offset":1,"file":"inc.h","line":3,"col":1,"includedFrom":{"file":"main.h"}},
               "range":{"begin":{"offset":1,"col":1,"includedFrom":{"file":"main.h"}},"end":{"offset":9,"col":9}}},
              {"id":"b","kind":"FunctionDecl","loc":{"offset":5,"line":4,"col":1},"range":{"begin":{"offset":5,"col":1},"end":{"offset":6,"col":2}}},
              {"id":"c","kind":"FunctionDecl","loc":{"offset":40,"file":"main.h","line":7,"col":5},
               "range":{"begin":{"spellingLoc":{"offset":3,"file":"inc.h","line":1,"col":1},"expansionLoc":{"offset":38,"file":"main.h","line":6,"col":1}},"end":{"offset":50,"col":9}}},
              {"id":"d","kind":"FunctionDecl","loc":{"spellingLoc":{"offset":3,"file":"<scratch space>","line":2,"col":1},"expansionLoc":{"offset":60,"file":"main.h","line":9,"col":1}},
               "range":{"begin":{"offset":60,"col":1},"end":{"offset":70,"col":9}}},
              {"id":"e","kind":"FunctionDecl","loc":{"offset":80,"col":3},"range":{"begin":{"offset":80,"col":1},"end":{"offset":90,"line":10,"col":9}}}
            ]}
            """;
        using JsonDocument doc = JsonDocument.Parse(json);
        var locations = SourceLocationTracker.Resolve(doc.RootElement);
        Assert.Multiple(() =>
        {
            Assert.That(locations["a"], Is.EqualTo(new NodeLocation("inc.h", 3, 3)));
            Assert.That(locations["b"], Is.EqualTo(new NodeLocation("inc.h", 4, 4)));
            Assert.That(locations["c"], Is.EqualTo(new NodeLocation("main.h", 7, 6)));
            Assert.That(locations["d"], Is.EqualTo(new NodeLocation("main.h", 9, 9)));
            Assert.That(locations["e"], Is.EqualTo(new NodeLocation("main.h", 9, 9)));
            Assert.That(locations.ContainsKey("tu"), Is.False, "an empty location resolves to nothing");
        });
    }

    [Test]
    public void AstFileGivesTheSameOutputAsRunningClang()
    {
        HeaderFixture.RequireClang();
        string header = HeaderFixture.Write(Folder, "api.h", HeaderFixture.Prelude + "ch_status ch_f(int32_t* out_x);\n");
        string ast = ClangRunner.DumpAst(HeaderFixture.Clang, header);
        Assert.That(BindingsGenerator.Generate(ast, header), Is.EqualTo(BindingsGenerator.GenerateFromHeader(header, HeaderFixture.Clang)));
    }
}
