using System;

namespace Chainer.Bindings.Generator;

/// <summary>
/// A declaration the generator cannot translate. Thrown instead of skipping it,
/// so a header change can never silently drop a binding.
/// </summary>
public sealed class GeneratorException : Exception
{
    public GeneratorException(string message) : base(message)
    {
    }
}
