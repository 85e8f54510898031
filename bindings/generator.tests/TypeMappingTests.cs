using NUnit.Framework;

namespace Chainer.Bindings.Generator.Tests;

/// <summary>Each row of the mapping table in docs/managed-api.md ("Layers"), through clang.</summary>
public sealed class TypeMappingTests : TempFolderTest
{
    private const string Handles = """
        typedef struct ch_array ch_array;
        typedef struct ch_function_node ch_function_node;
        ch_status ch_array_free(ch_array* array);
        ch_status ch_function_node_free(ch_function_node* node);

        """;

    [TestCase("int32_t v", "int v")]
    [TestCase("int64_t v", "long v")]
    [TestCase("uint32_t v", "uint v")]
    [TestCase("uint64_t v", "ulong v")]
    [TestCase("double v", "double v")]
    [TestCase("float v", "float v")]
    [TestCase("size_t v", "nuint v")]
    [TestCase("uint8_t v", "byte v")]
    [TestCase("ch_status v", "ChStatus v")]
    public void ScalarsAndEnumsByValue(string c, string cs) =>
        Assert.That(SignatureOf($"ch_status ch_f({c});", "ch_f"), Does.EndWith($"ch_f({cs});"));

    [TestCase("int32_t* out_n", "out int out_n")]
    [TestCase("int64_t* out_n", "out long out_n")]
    [TestCase("double* out_n", "out double out_n")]
    [TestCase("float* out_n", "out float out_n")]
    [TestCase("uint64_t* out_n", "out ulong out_n")]
    [TestCase("ch_status* out_code", "out ChStatus out_code")]
    public void ScalarOutParameters(string c, string cs) =>
        Assert.That(SignatureOf($"ch_status ch_f({c});", "ch_f"), Does.EndWith($"ch_f({cs});"));

    [TestCase("const int64_t* shape", "long* shape")]
    [TestCase("int64_t* shape", "long* shape")]
    [TestCase("const int32_t* axes", "int* axes")]
    [TestCase("double* values", "double* values")]
    [TestCase("const int64_t* out_shape", "long* out_shape")]
    [TestCase("ch_status* codes", "ChStatus* codes")]
    [TestCase("char* buffer", "byte* buffer")]
    public void ScalarBuffers(string c, string cs) =>
        Assert.That(SignatureOf($"ch_status ch_f({c});", "ch_f"), Does.EndWith($"ch_f({cs});"));

    [TestCase("void* data", "void* data")]
    [TestCase("const void* data", "void* data")]
    [TestCase("const char* name", "string name")]
    [TestCase("const char* CH_NULLABLE name", "string? name")]
    [TestCase("const char** out_message", "out nint out_message")]
    [TestCase("void** out_data", "out nint out_data")]
    [TestCase("const char* const* names", "nint* names")]
    public void PointersAndStrings(string c, string cs) =>
        Assert.That(SignatureOf($"ch_status ch_f({c});", "ch_f"), Does.EndWith($"ch_f({cs});"));

    [TestCase("ch_array* a", "ArrayHandle a")]
    [TestCase("const ch_array* a", "ArrayHandle a")]
    [TestCase("ch_function_node* node", "FunctionNodeHandle node")]
    [TestCase("ch_array* CH_NULLABLE a", "nint a")]
    [TestCase("ch_array** out_array", "out ArrayHandle out_array")]
    [TestCase("ch_array* const* arrays", "nint* arrays")]
    [TestCase("ch_array** grads", "nint* grads")]
    [TestCase("ch_array* const* out_arrays", "nint* out_arrays")]
    public void Handles_(string c, string cs) =>
        Assert.That(SignatureOf(Handles + $"ch_status ch_f({c});", "ch_f"), Does.EndWith($"ch_f({cs});"));

    [Test]
    public void FreeFunctionTakesRawHandle() =>
        Assert.That(SignatureOf(Handles, "ch_array_free"), Does.EndWith("ChStatus ch_array_free(nint array);"));

    [Test]
    public void CallbackTypedefBecomesUnmanagedFunctionPointer()
    {
        string body = """
            typedef void (*ch_memory_callback)(int64_t delta_bytes);
            typedef int32_t (*ch_filter)(ch_status code, const char* message, void* user_data, ch_array* array, const double* values);
            ch_status ch_set_memory_callback(ch_memory_callback callback, int64_t granularity);
            ch_status ch_set_filter(ch_filter filter);
            """;
        var files = Generate(Handles + body);
        Assert.That(HeaderFixture.Signature(files, "ch_set_memory_callback"),
            Does.EndWith("ch_set_memory_callback(delegate* unmanaged[Cdecl]<long, void> callback, long granularity);"));
        Assert.That(HeaderFixture.Signature(files, "ch_set_filter"),
            Does.EndWith("ch_set_filter(delegate* unmanaged[Cdecl]<ChStatus, byte*, void*, nint, double*, int> filter);"));
    }

    [Test]
    public void ScalarTypedefsMapThroughTheirUnderlyingType() =>
        Assert.That(SignatureOf("""
            typedef int32_t ch_bool;
            typedef ch_bool ch_flag;
            typedef ch_status ch_result;
            ch_status ch_f(ch_bool flag, ch_bool* out_flag, const ch_flag* flags, ch_result* out_result);
            """, "ch_f"),
            Does.EndWith("ch_f(int flag, out int out_flag, int* flags, out ChStatus out_result);"));

    [Test]
    public void CSharpKeywordsAreEscaped() =>
        Assert.That(SignatureOf("ch_status ch_f(int32_t out, double base);", "ch_f"),
            Does.EndWith("ch_f(int @out, double @base);"));

    [Test]
    public void ReturnTypesAndEmptyParameterLists()
    {
        var files = Generate("ch_status ch_init(void);\nint64_t ch_count(void);\nvoid ch_reset(void);");
        Assert.Multiple(() =>
        {
            Assert.That(HeaderFixture.Signature(files, "ch_init"), Is.EqualTo("internal static partial ChStatus ch_init();"));
            Assert.That(HeaderFixture.Signature(files, "ch_count"), Is.EqualTo("internal static partial long ch_count();"));
            Assert.That(HeaderFixture.Signature(files, "ch_reset"), Is.EqualTo("internal static partial void ch_reset();"));
        });
    }

    [Test]
    public void EveryFunctionGetsLibraryImportAndCdecl()
    {
        string text = Generate("ch_status ch_f(int32_t x);")["NativeMethods.g.cs"];
        Assert.That(text, Does.Contain("""
                [LibraryImport(LibraryName, StringMarshalling = StringMarshalling.Utf8)]
                [UnmanagedCallConv(CallConvs = new[] { typeof(CallConvCdecl) })]
                internal static partial ChStatus ch_f(int x);
            """.Replace("\r\n", "\n")));
        Assert.That(text, Does.Contain("internal static unsafe partial class NativeMethods"));
        Assert.That(text, Does.Contain("internal const string LibraryName = \"chainer_native\";"));
        Assert.That(text, Does.Contain("namespace Chainer.Interop;"));
    }
}
