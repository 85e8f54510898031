// The packaging smoke test (./build.sh smoke, part of ./build.sh test): build.sh copies this file
// into a fresh `dotnet new console` app that references the Chainer.Native package from a local
// feed, runs it, and compares its output with expected.txt. It is not part of any project here.
using System;
using Chainer;

// "Variables and Derivatives": y = x^2 - 2x + 1 at x = 5.
var x = new Variable(new NdArray(new float[] { 5 }));
var y = x.Pow(2) - 2 * x + 1;
Console.WriteLine($"y.Array = {y.Array}");
y.Backward();
Console.WriteLine($"x.Grad = {x.Grad}");
