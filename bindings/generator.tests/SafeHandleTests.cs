using NUnit.Framework;

namespace Chainer.Bindings.Generator.Tests;

public sealed class SafeHandleTests : TempFolderTest
{
    [Test]
    public void HandleWithFreeFunctionGetsASealedSafeHandle()
    {
        string text = Generate("""
            typedef struct ch_function_node ch_function_node;
            ch_status ch_function_node_free(ch_function_node* node);
            """)["SafeHandles.g.cs"];
        Assert.That(text, Does.Contain("""
            internal sealed class FunctionNodeHandle : SafeHandle
            {
                public FunctionNodeHandle() : base(IntPtr.Zero, ownsHandle: true)
                {
                }

                /// <summary>Takes ownership of a raw handle (one returned through an <c>nint*</c> array).</summary>
                internal FunctionNodeHandle(nint handle) : this()
                {
                    SetHandle(handle);
                }

                public override bool IsInvalid => handle == IntPtr.Zero;

                protected override bool ReleaseHandle() => NativeMethods.ch_function_node_free(handle) == ChStatus.Ok;
            }
            """.Replace("\r\n", "\n")));
    }

    [Test]
    public void HandlesAreEmittedInHeaderOrder()
    {
        string text = Generate("""
            typedef struct ch_variable ch_variable;
            typedef struct ch_array ch_array;
            ch_status ch_array_free(ch_array* array);
            ch_status ch_variable_free(ch_variable* variable);
            """)["SafeHandles.g.cs"];
        Assert.That(text.IndexOf("class VariableHandle", System.StringComparison.Ordinal),
            Is.LessThan(text.IndexOf("class ArrayHandle", System.StringComparison.Ordinal)));
    }

    [Test]
    public void HandleWithoutFreeFunctionGetsNoClass()
    {
        string text = Generate("typedef struct ch_cookie ch_cookie;\nch_status ch_f(int32_t x);")["SafeHandles.g.cs"];
        Assert.That(text, Does.Not.Contain("CookieHandle"));
    }

    [Test]
    public void UsingAHandleWithoutFreeFunctionFails()
    {
        HeaderFixture.RequireClang();
        var e = Assert.Throws<GeneratorException>(() => Generate("typedef struct ch_cookie ch_cookie;\nch_status ch_bake(ch_cookie* cookie);"));
        Assert.That(e!.Message, Does.Contain("ch_bake").And.Contain("ch_cookie_free"));
    }

    [Test]
    public void PointerTypedefToAStructIsNotAHandle()
    {
        HeaderFixture.RequireClang();
        var e = Assert.Throws<GeneratorException>(() => Generate("typedef struct ch_blob* ch_blob_ptr;\nch_status ch_f(ch_blob_ptr p);"));
        Assert.That(e!.Message, Does.Contain("ch_f").And.Contain("ch_blob_ptr"));
    }

    [Test]
    public void StructWithABodyIsNotAHandle()
    {
        HeaderFixture.RequireClang();
        var e = Assert.Throws<GeneratorException>(() => Generate("typedef struct ch_pair { int32_t a, b; } ch_pair;\nch_status ch_f(ch_pair* p);"));
        Assert.That(e!.Message, Does.Contain("ch_f").And.Contain("ch_pair"));
    }
}
