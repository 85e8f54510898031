using System;
using Chainer.UserFunctions;
using NUnit.Framework;
using F = Chainer.Functions;

namespace Chainer.Tests.UserFunctions
{
    /// <summary>User-defined functions: FunctionNode subclasses run inside the native graph through callbacks.</summary>
    [TestFixture]
    public class UserFunctionTests
    {
        private static NdArray A(params double[] values) => new NdArray(values, values.Length);

        private static NdArray Rand(RandomState rng, params long[] shape) => TestUtil.Uniform(rng, -1, 1, shape);

        [Test]
        public void MulAdd_ForwardAndBackward()
        {
            var x = new Variable(A(1, 2, 3));
            var y = new Variable(A(4, 5, 6));
            var z = new Variable(A(7, 8, 9));
            Variable w = new MulAdd().Apply(x, y, z)[0];
            Assert.That(w.Array.ToArray<double>(), Is.EqualTo(new double[] { 11, 18, 27 }));
            Assert.That(w.Creator!.Label, Is.EqualTo("MulAdd"));
            w.Grad = A(1, 10, 100);
            w.Backward();
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 4, 50, 600 }));
            Assert.That(y.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 1, 20, 300 }));
            Assert.That(z.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 1, 10, 100 }));
        }

        [Test]
        public void Apply_ReturnsOneVariablePerOutput_WithTheGraphNode()
        {
            var x = new Variable(A(1, 2));
            var y = new Variable(A(3, 4));
            var f = new SumAndProduct();
            Variable[] outs = f.Apply(x, y);
            Assert.That(outs, Has.Length.EqualTo(2));
            Assert.That(outs[0].Array.ToArray<double>(), Is.EqualTo(new double[] { 4, 6 }));
            Assert.That(outs[1].Array.ToArray<double>(), Is.EqualTo(new double[] { 3, 8 }));
            Assert.That(outs[0].Creator!.Label, Is.EqualTo("SumAndProduct"));
            Assert.That(outs[0].Creator!.Inputs, Has.Count.EqualTo(2));
            Assert.That(outs[0].Creator!.Inputs[1].SameAs(y), Is.True);
            Assert.That(f.Rank, Is.EqualTo(0), "Chainer: the largest rank of the inputs");
            Assert.That(outs[0].Rank, Is.EqualTo(1));
            Assert.That(outs[0].Creator!.Rank, Is.EqualTo(0));
            Variable again = new Cube().Apply(outs[0])[0];
            Assert.That(again.Rank, Is.EqualTo(2));
            Assert.That(again.Creator!.Rank, Is.EqualTo(1));
            Assert.That(f.Label, Is.EqualTo("SumAndProduct"));
        }

        [Test]
        public void MissingOutputGradient_IsNull_AndUntargetedGradientsAreDropped()
        {
            var x = new Variable(A(1, 2));
            var y = new Variable(A(3, 4), requiresGrad: false);
            var f = new SumAndProduct();
            Variable[] outs = f.Apply(x, y);
            using (Variable s = F.Sum(outs[1]))
            {
                s.Backward();
            }

            Assert.That(f.LastTargets, Is.EqualTo(new[] { 0 }));
            Assert.That(f.LastGradOutputPresent, Is.EqualTo(new[] { false, true }));
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 3, 4 }));
            Assert.That(y.Grad, Is.Null);
        }

        [Test]
        public void Label_CanBeOverridden_AndIsTheGraphNodesName()
        {
            var x = new Variable(A(0, 1));
            Variable y = new ExpFunction().Apply(x)[0];
            Assert.That(y.Creator!.Label, Is.EqualTo("exp"));
            Assert.That(y.Creator!.ToString(), Is.EqualTo("exp"));
        }

        [Test]
        public void MulAdd_PassesGradientChecks()
        {
            var rng = new RandomState(1);
            NdArray[] xs = { Rand(rng, 3, 2), Rand(rng, 3, 2), Rand(rng, 3, 2) };
            NdArray gy = Rand(rng, 3, 2);
            GradientCheck.CheckBackward(v => new MulAdd().Apply(v)[0], xs, gy, rng: rng);
            GradientCheck.CheckDoubleBackward(
                v => new MulAdd().Apply(v)[0], xs, gy, new NdArray?[] { Rand(rng, 3, 2), Rand(rng, 3, 2), Rand(rng, 3, 2) }, rng: rng);
        }

        [Test]
        public void ExpAdd_PassesGradientChecks()
        {
            var rng = new RandomState(2);
            NdArray[] xs = { Rand(rng, 4), Rand(rng, 4) };
            NdArray gy = Rand(rng, 4);
            GradientCheck.CheckBackward(v => new ExpAdd().Apply(v)[0], xs, gy, rng: rng);
            GradientCheck.CheckDoubleBackward(v => new ExpAdd().Apply(v)[0], xs, gy, new NdArray?[] { Rand(rng, 4), Rand(rng, 4) }, rng: rng);
        }

        [Test]
        public void ExpWithRetainedOutput_PassesGradientChecks()
        {
            var rng = new RandomState(3);
            GradientCheck.CheckBackward(x => new ExpFunction().Apply(x)[0], Rand(rng, 2, 3), Rand(rng, 2, 3), rng: rng);
            GradientCheck.CheckDoubleBackward(x => new ExpFunction().Apply(x)[0], Rand(rng, 2, 3), Rand(rng, 2, 3), Rand(rng, 2, 3), rng: rng);
        }

        [Test]
        public void TwoOutputs_PassGradientChecks()
        {
            var rng = new RandomState(4);
            NdArray[] xs = { Rand(rng, 3), Rand(rng, 3) };
            GradientCheck.CheckBackward(v => new SumAndProduct().Apply(v), xs, new NdArray?[] { Rand(rng, 3), Rand(rng, 3) }, rng: rng);
            GradientCheck.CheckDoubleBackward(
                v => new SumAndProduct().Apply(v), xs, new[] { Rand(rng, 3), Rand(rng, 3) }, new NdArray?[] { Rand(rng, 3), Rand(rng, 3) }, rng: rng);
        }

        [Test]
        public void Cube_DoubleBackprop_ThroughGradVar()
        {
            var x = new Variable(A(1, 2, 3));
            Variable y = new Cube().Apply(x)[0];
            y.Grad = A(1, 1, 1);
            y.Backward(enableDoubleBackprop: true);
            Variable gx = x.GradVar!;
            Assert.That(gx.Array.ToArray<double>(), Is.EqualTo(new double[] { 3, 12, 27 }));
            Assert.That(gx.Creator, Is.Not.Null, "the gradient is differentiable");
            x.ClearGrad();
            gx.Grad = A(1, 1, 1);
            gx.Backward();
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 6, 12, 18 }));
        }

        [Test]
        public void Cube_ThirdDerivative_ThroughChainerGrad()
        {
            var x = new Variable(A(0.5, -2));
            Variable y = F.Sum(new Cube().Apply(x)[0]);
            Variable g1 = chainer.Grad(new[] { y }, new[] { x }, enableDoubleBackprop: true)[0]!;
            Variable g2 = chainer.Grad(new[] { F.Sum(g1) }, new[] { x }, enableDoubleBackprop: true)[0]!;
            Variable g3 = chainer.Grad(new[] { F.Sum(g2) }, new[] { x })[0]!;
            Assert.That(g1.Array.ToArray<double>(), Is.EqualTo(new double[] { 0.75, 12 }));
            Assert.That(g2.Array.ToArray<double>(), Is.EqualTo(new double[] { 3, -12 }));
            Assert.That(g3.Array.ToArray<double>(), Is.EqualTo(new double[] { 6, 6 }));
        }

        [Test]
        public void Cube_PassesDoubleBackwardCheck()
        {
            var rng = new RandomState(5);
            GradientCheck.CheckBackward(x => new Cube().Apply(x)[0], Rand(rng, 3, 2), Rand(rng, 3, 2), rng: rng);
            GradientCheck.CheckDoubleBackward(x => new Cube().Apply(x)[0], Rand(rng, 3, 2), Rand(rng, 3, 2), Rand(rng, 3, 2), rng: rng);
        }

        [Test]
        public void MixesWithBuiltInFunctions()
        {
            var x = new Variable(A(0.1, 0.2, 0.3));
            var y = new Variable(A(1, 2, 3));
            Variable h = new MulAdd().Apply(x * 2, y, F.Exp(x))[0];
            Variable loss = F.Sum(new ExpFunction().Apply(h)[0]);
            loss.Backward();
            double[] xv = { 0.1, 0.2, 0.3 }, yv = { 1, 2, 3 };
            double[] gx = x.Grad!.ToArray<double>();
            for (int i = 0; i < 3; i++)
            {
                double hv = 2 * xv[i] * yv[i] + Math.Exp(xv[i]);
                double expected = Math.Exp(hv) * (2 * yv[i] + Math.Exp(xv[i]));
                Assert.That(gx[i], Is.EqualTo(expected).Within(1e-12 * expected));
            }
        }

        [Test]
        public void Float32_Works()
        {
            var x = new Variable(new NdArray(new float[] { 1, 2 }, 2));
            Variable y = new Cube().Apply(x)[0];
            Assert.That(y.Dtype, Is.EqualTo(DType.Float32));
            y.Grad = new NdArray(new float[] { 1, 1 }, 2);
            y.Backward();
            Assert.That(x.Grad!.ToArray<float>(), Is.EqualTo(new float[] { 3, 12 }));
        }

        [Test]
        public void WithoutGradRequirement_NoNodeIsRecorded_AndTheObjectIsReleased()
        {
            long before = SettledLive();
            var x = new Variable(A(1, 2), requiresGrad: false);
            Variable y = new Cube().Apply(x)[0];
            Assert.That(y.Creator, Is.Null);
            Assert.That(y.RequiresGrad, Is.False);
            Assert.That(UserFunctionBridge.LiveCount, Is.EqualTo(before), "released at once");
            Assert.That(y.Array.ToArray<double>(), Is.EqualTo(new double[] { 1, 8 }));
        }

        [Test]
        public void InNoBackpropMode_NoNodeIsRecorded()
        {
            var x = new Variable(A(1, 2));
            Variable y;
            using (chainer.NoBackpropMode())
            {
                y = new Cube().Apply(x)[0];
            }

            Assert.That(y.Creator, Is.Null);
        }

        [Test]
        public void Forward_RunsWithBackpropDisabled()
        {
            bool? seen = null;
            var f = new Probe(() => seen = Config.EnableBackprop);
            f.Apply(new Variable(A(1)));
            Assert.That(seen, Is.False);
            Assert.That(Config.EnableBackprop, Is.True, "restored after Forward");
        }

        [Test]
        public void NdArrayInputs_ConvertImplicitly()
        {
            Variable y = new MulAdd().Apply(A(1, 2), A(3, 4), A(5, 6))[0];
            Assert.That(y.Array.ToArray<double>(), Is.EqualTo(new double[] { 8, 14 }));
            Assert.That(y.Creator, Is.Null);
        }

        [Test]
        public void DefaultBackward_GivesNoGradient()
        {
            var x = new Variable(A(1, 2));
            Variable y = new ForwardOnly().Apply(x)[0];
            Assert.That(y.Creator, Is.Not.Null);
            y.Grad = A(1, 1);
            y.Backward();
            Assert.That(x.Grad, Is.Null);
        }

        [Test]
        public void RecordedCreator_CannotBeAppliedAgain()
        {
            var x = new Variable(A(1));
            Variable y = new Cube().Apply(x)[0];
            FunctionNode creator = y.Creator!;
            var ex = Assert.Throws<InvalidOperationException>(() => creator.Apply(x));
            Assert.That(ex!.Message, Does.Contain("already in the graph"));
        }

        [Test]
        public void ApplyingTwice_Throws()
        {
            var f = new Cube();
            f.Apply(new Variable(A(1)));
            var ex = Assert.Throws<InvalidOperationException>(() => f.Apply(new Variable(A(2))));
            Assert.That(ex!.Message, Does.Contain("already been applied"));
        }

        [Test]
        public void CreatorView_CannotBeApplied()
        {
            Variable y = new Cube().Apply(new Variable(A(1)))[0];
            Assert.Throws<InvalidOperationException>(() => y.Creator!.Apply(new Variable(A(1))));
        }

        [Test]
        public void UserObject_DoesNotExposeInputs()
        {
            var f = new Cube();
            f.Apply(new Variable(A(1)));
            Assert.Throws<InvalidOperationException>(() => _ = f.Inputs);
        }

        [Test]
        public void RetainHelpers_OutsideForwardOrBackward_Throw()
        {
            var f = new Misuse();
            Assert.Throws<InvalidOperationException>(() => f.CallRetainInputs());
            Assert.Throws<InvalidOperationException>(() => f.CallGetRetainedInputs());
            Assert.Throws<InvalidOperationException>(() => new BadRetain().Apply(new Variable(A(1))));
        }

        [Test]
        public void NullInput_Throws()
        {
            Assert.Throws<ArgumentNullException>(() => new Cube().Apply((Variable)null!));
            Assert.Throws<ArgumentNullException>(() => new Cube().Apply(null!));
        }

        [Test]
        public void ExceptionInBackward_SurfacesAsATypedException_AndTheProcessSurvives()
        {
            long before = SettledLive();
            var x = new Variable(A(1, 2));
            Variable y = new Failing(new InvalidOperationException("boom")).Apply(x)[0];
            y.Grad = A(1, 1);
            Exception ex = Assert.Catch(() => y.Backward())!;

            // Without the Ensure hook the native error comes back as GradientException naming the original;
            // with it, the original exception itself.
            Assert.That(ex, Is.TypeOf<InvalidOperationException>().Or.TypeOf<GradientException>());
            Assert.That(ex.Message, Does.Contain("boom"));
            if (ex is GradientException)
            {
                Assert.That(ex.Message, Does.Contain("System.InvalidOperationException in Failing.Backward"));
            }

            // The library keeps working, on this graph's inputs and on new graphs.
            Variable z = new Cube().Apply(x)[0];
            z.Grad = A(1, 1);
            x.ClearGrad();
            z.Backward();
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 3, 12 }));

            y.Dispose();
            z.Dispose();
            Assert.That(SettledLive(), Is.EqualTo(before));
        }

        [Test]
        public void ChainerExceptionInBackward_KeepsItsType()
        {
            var x = new Variable(A(1, 2));
            Variable y = new Failing(new InvalidTypeException("\nInvalid operation is performed in: Failing (Backward)")).Apply(x)[0];
            y.Grad = A(1, 1);
            var ex = Assert.Throws<InvalidTypeException>(() => y.Backward());
            Assert.That(ex!.Message, Does.Contain("Invalid operation is performed in: Failing (Backward)"));
        }

        [Test]
        public void ArgumentExceptionInBackward_IsTyped()
        {
            var x = new Variable(A(1, 2));
            Variable y = new Failing(new ArgumentException("bad argument")).Apply(x)[0];
            y.Grad = A(1, 1);
            Exception ex = Assert.Catch(() => y.Backward())!;
            Assert.That(ex, Is.TypeOf<ArgumentException>().Or.TypeOf<ChainerArgumentException>());
            Assert.That(ex.Message, Does.Contain("bad argument"));
        }

        [Test]
        public void ExceptionInBackward_ThroughChainerGrad()
        {
            var x = new Variable(A(1, 2));
            Variable y = new Failing(new InvalidOperationException("grad boom")).Apply(x)[0];
            Exception ex = Assert.Catch(() => chainer.Grad(new[] { y }, new[] { x }))!;
            Assert.That(ex.Message, Does.Contain("grad boom"));
        }

        [Test]
        public void WrongNumberOfGradients_Throws()
        {
            var x = new Variable(A(1, 2));
            Variable y = new Returning(g => new[] { g[0], g[0], g[0] }).Apply(x)[0];
            y.Grad = A(1, 1);
            Exception ex = Assert.Catch(() => y.Backward())!;
            Assert.That(ex.Message, Does.Contain("The number of gradients returned by Returning.Backward is incorrect: 3 != expected 1"));
        }

        [Test]
        public void GradientOfTheWrongShape_IsAShapeMismatch()
        {
            var x = new Variable(A(1, 2));
            Variable y = new Returning(_ => new Variable?[] { new Variable(A(1, 2, 3)) }).Apply(x)[0];
            y.Grad = A(1, 1);
            var ex = Assert.Throws<ShapeMismatchException>(() => y.Backward());
            Assert.That(ex!.Message, Does.Contain("backward returned a gradient of shape"));
        }

        [Test]
        public void GradientReturnedAsIs_IsKept()
        {
            var x = new Variable(A(1, 2));
            Variable y = new Returning(g => g).Apply(x)[0];   // identity backward: returns the output gradient itself
            y.Grad = A(5, 7);
            y.Backward();
            Assert.That(x.Grad!.ToArray<double>(), Is.EqualTo(new double[] { 5, 7 }));
        }

        [Test]
        public void NullGradientArray_Throws()
        {
            var x = new Variable(A(1, 2));
            Variable y = new Returning(_ => null!).Apply(x)[0];
            y.Grad = A(1, 1);
            Exception ex = Assert.Catch(() => y.Backward())!;
            Assert.That(ex.Message, Does.Contain("Returning.Backward returned null"));
        }

        [Test]
        public void BackwardTemporaries_AreDisposed()
        {
            long before = TestUtil.SettledLiveCount();
            using (MemoryScope scope = chainer.NewScope())
            {
                var x = new Variable(A(1, 2, 3));
                Variable y = new ExpAdd().Apply(x, x)[0];
                y.Grad = A(1, 1, 1);
                y.Backward();
            }

            Assert.That(TestUtil.SettledLiveCount(), Is.EqualTo(before));
        }

        [Test]
        public void GCHandles_AreFreed_After10000Nodes()
        {
            long before = SettledLive();
            long storageBefore = TestUtil.SettledLiveCount();
            var x = new Variable(A(1, 2));
            for (int i = 0; i < 10000; i++)
            {
                using MemoryScope scope = chainer.NewScope();
                Variable y = new MulAdd().Apply(x, x, x)[0];
                if (i % 100 == 0)
                {
                    y.Grad = A(1, 1);
                    y.Backward();
                }
            }

            Assert.That(UserFunctionBridge.LiveCount, Is.EqualTo(before), "every node released its GCHandle when its output was disposed");
            x.Dispose();
            Assert.That(SettledLive(), Is.EqualTo(before));
            Assert.That(TestUtil.SettledLiveCount(), Is.EqualTo(storageBefore));
        }

        [Test]
        public void GCHandles_AreFreed_ByFinalizersToo()
        {
            long before = SettledLive();
            CreateGarbage();
            Assert.That(SettledLive(), Is.EqualTo(before));
        }

        [Test]
        public void DoubleBackpropGraph_ReleasesNodes()
        {
            long before = SettledLive();
            using (MemoryScope scope = chainer.NewScope())
            {
                var x = new Variable(A(1, 2, 3));
                Variable y = new Cube().Apply(new ExpFunction().Apply(x)[0])[0];
                y.Grad = A(1, 1, 1);
                y.Backward(enableDoubleBackprop: true);
                Variable gx = x.GradVar!;
                gx.Grad = A(1, 1, 1);
                x.ClearGrad();
                gx.Backward();
                Assert.That(UserFunctionBridge.LiveCount, Is.GreaterThan(before));
            }

            Assert.That(SettledLive(), Is.EqualTo(before));
        }

        private static void CreateGarbage()
        {
            var x = new Variable(A(1, 2));
            for (int i = 0; i < 100; i++)
            {
                _ = new Cube().Apply(x)[0];
            }
        }

        private static long SettledLive()
        {
            TestUtil.SettledLiveCount();
            return UserFunctionBridge.LiveCount;
        }

        private sealed class Probe : FunctionNode
        {
            private readonly Action _action;

            public Probe(Action action)
            {
                _action = action;
            }

            protected override NdArray[] Forward(NdArray[] inputs)
            {
                _action();
                return new[] { inputs[0].Copy() };
            }
        }
    }
}
