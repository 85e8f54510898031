using System;

namespace Chainer.Bindings.Generator;

internal static class Program
{
    private static int Main(string[] args) => GeneratorCommand.Run(args, Console.Out, Console.Error);
}
