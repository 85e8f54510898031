using System.Threading;
using NUnit.Framework;

namespace Chainer.Tests
{
    /// <summary>Config is thread-local and held natively.</summary>
    [TestFixture]
    public class ConfigTests
    {
        [Test]
        public void Defaults()
        {
            Assert.That(Config.Train, Is.True);
            Assert.That(Config.EnableBackprop, Is.True);
        }

        [Test]
        public void Using_RestoresPreviousValues()
        {
            using (Config.Using(train: false))
            {
                Assert.That(Config.Train, Is.False);
                Assert.That(Config.EnableBackprop, Is.True);
                using (Config.Using(train: true, enableBackprop: false))
                {
                    Assert.That(Config.Train, Is.True);
                    Assert.That(Config.EnableBackprop, Is.False);
                }

                Assert.That(Config.Train, Is.False);
                Assert.That(Config.EnableBackprop, Is.True);
            }

            Assert.That(Config.Train, Is.True);
        }

        [Test]
        public void Setters()
        {
            Config.EnableBackprop = false;
            try
            {
                var x = new Variable(new NdArray(new float[] { 1 }));
                Assert.That((x * 2).Creator, Is.Null);
            }
            finally
            {
                Config.EnableBackprop = true;
            }

            Config.Train = false;
            Assert.That(Config.Train, Is.False);
            Config.Train = true;
        }

        [Test]
        public void ConfigAndNoBackprop_AreThreadLocal()
        {
            bool otherBackprop = false;
            bool otherTrain = false;
            bool otherHasCreator = false;
            using (chainer.NoBackpropMode())
            using (Config.Using(train: false))
            {
                var t = new Thread(() =>
                {
                    otherBackprop = Config.EnableBackprop;
                    otherTrain = Config.Train;
                    var x = new Variable(new NdArray(new float[] { 1 }));
                    otherHasCreator = (x * 2).Creator is not null;
                });
                t.Start();
                t.Join();
                Assert.That(Config.EnableBackprop, Is.False);
            }

            Assert.That(otherBackprop, Is.True);
            Assert.That(otherTrain, Is.True);
            Assert.That(otherHasCreator, Is.True);

            // A mode set on another thread does not leak here.
            var t2 = new Thread(() => Config.EnableBackprop = false);
            t2.Start();
            t2.Join();
            Assert.That(Config.EnableBackprop, Is.True);
        }
    }
}
