using System.Collections.Generic;

namespace Chainer.Bindings.Generator.Types;

/// <summary>
/// C scalar types with a fixed size on every platform the package ships for, and
/// their blittable C# equivalents. <c>long</c>, <c>bool</c> and <c>char</c> as values
/// are absent on purpose: their size or marshalling differs between platforms.
/// </summary>
public static class ScalarTypes
{
    private static readonly Dictionary<string, string> Map = new()
    {
        ["int8_t"] = "sbyte",
        ["uint8_t"] = "byte",
        ["int16_t"] = "short",
        ["uint16_t"] = "ushort",
        ["int32_t"] = "int",
        ["uint32_t"] = "uint",
        ["int64_t"] = "long",
        ["uint64_t"] = "ulong",
        ["int"] = "int",
        ["unsigned int"] = "uint",
        ["float"] = "float",
        ["double"] = "double",
        ["size_t"] = "nuint",
        ["ptrdiff_t"] = "nint",
        ["intptr_t"] = "nint",
        ["uintptr_t"] = "nuint",
    };

    public static string? TryMap(string cName) => Map.TryGetValue(cName, out string? cs) ? cs : null;
}
