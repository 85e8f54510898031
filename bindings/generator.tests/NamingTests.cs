using NUnit.Framework;

namespace Chainer.Bindings.Generator.Tests;

public sealed class NamingTests
{
    [TestCase("ch_array", "ArrayHandle")]
    [TestCase("ch_variable", "VariableHandle")]
    [TestCase("ch_function_node", "FunctionNodeHandle")]
    public void HandleNames(string c, string cs) => Assert.That(Naming.HandleName(c), Is.EqualTo(cs));

    [TestCase("ch_status", "ChStatus")]
    [TestCase("ch_dtype", "ChDtype")]
    public void EnumNames(string c, string cs) => Assert.That(Naming.EnumName(c), Is.EqualTo(cs));

    [Test]
    public void EnumMembersStripTheLongestCommonPrefixEndingInUnderscore()
    {
        Assert.That(Naming.EnumMembers(new[] { "CH_OK", "CH_ERROR_INVALID_ARGUMENT" }), Is.EqualTo(new[] { "Ok", "ErrorInvalidArgument" }));
        Assert.That(Naming.EnumMembers(new[] { "CH_DTYPE_FLOAT32", "CH_DTYPE_FLOAT64" }), Is.EqualTo(new[] { "Float32", "Float64" }));
        Assert.That(Naming.EnumMembers(new[] { "CH_ERROR_A", "CH_ERRORS_B" }), Is.EqualTo(new[] { "ErrorA", "ErrorsB" }));
        Assert.That(Naming.EnumMembers(new[] { "CH_ONLY_ONE" }), Is.EqualTo(new[] { "One" }));
        Assert.That(Naming.EnumMembers(new[] { "CH_DIM_2D", "CH_DIM_3D" }), Is.EqualTo(new[] { "Dim2d", "Dim3d" }));
        Assert.That(Naming.EnumMembers(new[] { "A", "B" }), Is.EqualTo(new[] { "A", "B" }));
    }

    [TestCase("out", "@out")]
    [TestCase("base", "@base")]
    [TestCase("string", "@string")]
    [TestCase("out_y", "out_y")]
    public void KeywordsAreEscaped(string c, string cs) => Assert.That(Naming.Identifier(c), Is.EqualTo(cs));
}
