using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NUnit.Framework;

namespace Chainer.Tests.LinksTests
{
    /// <summary>
    /// Access to the fixtures of data/links (written by real Chainer 7.8.1 through data/links/make_link_fixtures.py)
    /// and helpers shared by the link, initializer and serializer tests.
    /// </summary>
    internal static class LinkTestUtil
    {
        private static readonly Dictionary<string, JsonDocument> Documents = new Dictionary<string, JsonDocument>();

        /// <summary>The absolute path of a fixture file in data/links.</summary>
        internal static string FixturePath(string name) =>
            Path.Combine(TestContext.CurrentContext.TestDirectory, "data", "links", name);

        /// <summary>The parsed JSON fixture <paramref name="name"/> (cached).</summary>
        internal static JsonElement Json(string name)
        {
            lock (Documents)
            {
                if (!Documents.TryGetValue(name, out JsonDocument? doc))
                {
                    doc = JsonDocument.Parse(File.ReadAllText(FixturePath(name)));
                    Documents[name] = doc;
                }

                return doc.RootElement;
            }
        }

        /// <summary>The case named <paramref name="name"/> of a fixture holding <c>{"cases": [...]}</c>.</summary>
        internal static JsonElement Case(string file, string name) =>
            Json(file).GetProperty("cases").EnumerateArray().First(c => c.GetProperty("name").GetString() == name);

        /// <summary>The names of the cases of a fixture.</summary>
        internal static IEnumerable<string> CaseNames(string file) =>
            Json(file).GetProperty("cases").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList();

        /// <summary>The shape of a recorded array.</summary>
        internal static long[] Shape(JsonElement rec) => rec.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray();

        /// <summary>The values of a recorded array as doubles.</summary>
        internal static double[] Values(JsonElement rec) => rec.GetProperty("values").EnumerateArray().Select(e => e.ValueKind switch
        {
            JsonValueKind.True => 1.0,
            JsonValueKind.False => 0.0,
            _ => e.GetDouble(),
        }).ToArray();

        /// <summary>A new array holding a recorded array (its dtype, shape and values).</summary>
        internal static NdArray ToNdArray(JsonElement rec)
        {
            string dtype = rec.GetProperty("dtype").GetString()!;
            long[] shape = Shape(rec);
            double[] values = Values(rec);
            return dtype switch
            {
                "float32" => new NdArray(values.Select(v => (float)v).ToArray(), shape),
                "float64" => new NdArray(values, shape),
                "int32" => new NdArray(values.Select(v => (int)v).ToArray(), shape),
                "int64" => new NdArray(values.Select(v => (long)v).ToArray(), shape),
                "bool" => new NdArray(values.Select(v => v != 0).ToArray(), shape),
                _ => throw new NotSupportedException(dtype),
            };
        }

        /// <summary>Asserts that an array has a recorded array's shape and values within tolerances.</summary>
        internal static void AssertArray(NdArray actual, JsonElement expected, string label, double rtol = 1e-6, double atol = 1e-7)
        {
            Assert.That(actual.Shape, Is.EqualTo(Shape(expected)), $"{label}: shape");
            double[] e = Values(expected);
            double[] a = TestUtil.F64(actual);
            Assert.That(a.Length, Is.EqualTo(e.Length), $"{label}: size");
            for (int i = 0; i < a.Length; i++)
            {
                double tol = atol + (rtol * Math.Abs(e[i]));
                if (!(Math.Abs(a[i] - e[i]) <= tol) && !(double.IsNaN(a[i]) && double.IsNaN(e[i])))
                {
                    Assert.Fail($"{label}: element {i} is {a[i]:R}, expected {e[i]:R} (tolerance {tol:G3})");
                }
            }
        }

        /// <summary>Asserts that two arrays are element-wise close.</summary>
        internal static void AssertClose(NdArray actual, NdArray expected, string label, double rtol = 1e-6, double atol = 1e-7)
        {
            Assert.That(actual.Shape, Is.EqualTo(expected.Shape), $"{label}: shape");
            double[] a = TestUtil.F64(actual);
            double[] e = TestUtil.F64(expected);
            for (int i = 0; i < a.Length; i++)
            {
                double tol = atol + (rtol * Math.Abs(e[i]));
                if (!(Math.Abs(a[i] - e[i]) <= tol))
                {
                    Assert.Fail($"{label}: element {i} is {a[i]:R}, expected {e[i]:R}");
                }
            }
        }

        /// <summary>Copies recorded parameter values (a {"/path": array} object) into the link's parameters.</summary>
        internal static void SetParams(Link link, JsonElement values)
        {
            var byName = link.NamedParams().ToDictionary(p => p.Name, p => p.Param);
            foreach (JsonProperty prop in values.EnumerateObject())
            {
                if (prop.Value.ValueKind == JsonValueKind.Null)
                {
                    continue;
                }

                using NdArray src = ToNdArray(prop.Value);
                using NdArray dst = byName[prop.Name].Array;
                dst.CopyFrom(src);
            }
        }

        /// <summary>Asserts that the link's parameters are those recorded ({"/path": array or null for uninitialized}).</summary>
        internal static void AssertParams(Link link, JsonElement expected, string label, double rtol = 1e-6, double atol = 1e-7)
        {
            var ours = link.NamedParams().ToDictionary(p => p.Name, p => p.Param);
            Assert.That(ours.Keys.OrderBy(k => k, StringComparer.Ordinal), Is.EqualTo(expected.EnumerateObject().Select(p => p.Name).OrderBy(k => k, StringComparer.Ordinal)),
                $"{label}: parameter names");
            foreach (JsonProperty prop in expected.EnumerateObject())
            {
                Parameter p = ours[prop.Name];
                if (prop.Value.ValueKind == JsonValueKind.Null)
                {
                    Assert.That(p.IsInitialized, Is.False, $"{label}: {prop.Name} should be uninitialized");
                    continue;
                }

                Assert.That(p.IsInitialized, Is.True, $"{label}: {prop.Name} should be initialized");
                using NdArray a = p.Array;
                Assert.That(a.Dtype.Name(), Is.EqualTo(prop.Value.GetProperty("dtype").GetString()), $"{label}: {prop.Name} dtype");
                AssertArray(a, prop.Value, $"{label}: {prop.Name}", rtol, atol);
            }
        }

        /// <summary>Casts every parameter and persistent array of the hierarchy to float64 (for gradient checks).</summary>
        internal static T ToFloat64<T>(T link)
            where T : Link
        {
            foreach (Parameter p in link.Params(includeUninit: false))
            {
                using NdArray a = p.Array;
                using NdArray d = a.AsType(DType.Float64);
                p.Array = d;
            }

            foreach (Link l in link.Links())
            {
                foreach (string name in l.PersistentNames.ToList())
                {
                    if (l.GetPersistent(name) is NdArray arr && arr.Dtype == DType.Float32)
                    {
                        using NdArray d = arr.AsType(DType.Float64);
                        ReplacePersistent(l, name, d);
                    }
                }
            }

            return link;
        }

        /// <summary>
        /// Checks the gradients of a function of a link with respect to its float inputs and all the link's
        /// initialized parameters, as <c>chainer.gradient_check.check_backward(func, inputs, gy, params=...)</c>:
        /// the directional derivative along a random direction, by central differences in float64, is compared
        /// with the analytic gradients.
        /// </summary>
        internal static void CheckLinkBackward(Link link, Func<Variable[], Variable[]> func, NdArray[] inputs, int seed = 0,
            double eps = 1e-3, double atol = 1e-5, double rtol = 1e-4)
        {
            var rng = new RandomState((uint)seed);
            Parameter[] parameters = link.Params(includeUninit: false).ToArray();

            // Analytic: backward of sum(y * gy).
            Variable[] xs = inputs.Select(a => new Variable(a, requiresGrad: a.Dtype.IsFloat())).ToArray();
            link.ClearGrads();
            Variable[] ys = func(xs);
            NdArray[] gys = ys.Select(y => TestUtil.Uniform(rng, -1, 1, y.Shape)).ToArray();
            Variable loss = ys.Select((y, i) => Functions.Sum(y * gys[i].AsType(y.Dtype))).Aggregate((a, b) => a + b);
            loss.Backward();

            // Directions for the float inputs and the parameters (parameters after the first call: lazy ones exist now).
            parameters = link.Params(includeUninit: false).ToArray();
            var targets = new List<(NdArray Data, NdArray? Grad, string Name)>();
            for (int i = 0; i < xs.Length; i++)
            {
                if (inputs[i].Dtype.IsFloat())
                {
                    targets.Add((inputs[i], xs[i].Grad, $"input {i}"));
                }
            }

            foreach ((string name, Parameter p) in link.NamedParams(includeUninit: false))
            {
                targets.Add((p.Array, p.Grad, "param " + name));
            }

            var directions = targets.Select(t => TestUtil.Uniform(rng, -1, 1, t.Data.Shape).AsType(t.Data.Dtype)).ToArray();
            double analytic = 0;
            for (int i = 0; i < targets.Count; i++)
            {
                if (targets[i].Grad is NdArray g)
                {
                    analytic += Dot(g, directions[i]);
                }
            }

            double Evaluate(double delta)
            {
                var originals = targets.Select(t => t.Data.Copy()).ToArray();
                try
                {
                    for (int i = 0; i < targets.Count; i++)
                    {
                        using NdArray shifted = originals[i] + (directions[i] * delta);
                        targets[i].Data.CopyFrom(shifted);
                    }

                    using (chainer.NoBackpropMode())
                    {
                        Variable[] vs = inputs.Select(a => new Variable(a, requiresGrad: false)).ToArray();
                        Variable[] outs = func(vs);
                        double total = 0;
                        for (int i = 0; i < outs.Length; i++)
                        {
                            total += Dot(outs[i].Array, gys[i]);
                        }

                        return total;
                    }
                }
                finally
                {
                    for (int i = 0; i < targets.Count; i++)
                    {
                        targets[i].Data.CopyFrom(originals[i]);
                    }
                }
            }

            double numerical = (Evaluate(eps) - Evaluate(-eps)) / (2 * eps);
            double tol = atol + (rtol * Math.Abs(numerical));
            Assert.That(Math.Abs(analytic - numerical), Is.LessThanOrEqualTo(tol),
                $"gradient check failed: analytic {analytic:R}, numerical {numerical:R} (over {string.Join(", ", targets.Select(t => t.Name))})");
        }

        private static double Dot(NdArray a, NdArray b)
        {
            double[] x = TestUtil.F64(a);
            double[] y = TestUtil.F64(b);
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                s += x[i] * y[i];
            }

            return s;
        }

        private static void ReplacePersistent(Link link, string name, NdArray value)
        {
            // Persistent arrays are updated in place by SetPersistent; a dtype change needs the protected setter.
            typeof(Link).GetMethod("SetPersistentArray", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)!
                .Invoke(link, new object?[] { name, value });
        }
    }
}
