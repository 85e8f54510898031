using System;
using Chainer.Interop;

namespace Chainer
{
    /// <summary>
    /// Chainer's thread-local configuration (<c>chainer.config</c>), held by the native library so that
    /// routines see it without a managed call.
    /// </summary>
    public static class Config
    {
        /// <summary>Whether the code runs in training mode (<c>chainer.config.train</c>, default <c>true</c>) on this thread.</summary>
        public static bool Train
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_config_get_train(out int train));
                return train != 0;
            }

            set => Ensure.Ok(NativeMethods.ch_config_set_train(value ? 1 : 0));
        }

        /// <summary>
        /// Whether routines record the computational graph (<c>chainer.config.enable_backprop</c>, default
        /// <c>true</c>) on this thread.
        /// </summary>
        public static bool EnableBackprop
        {
            get
            {
                Ensure.Ok(NativeMethods.ch_config_get_enable_backprop(out int enabled));
                return enabled != 0;
            }

            set => Ensure.Ok(NativeMethods.ch_config_set_enable_backprop(value ? 1 : 0));
        }

        /// <summary>
        /// Sets the given options on this thread until the returned object is disposed, which restores the
        /// previous values (<c>chainer.using_config</c>). Options left null are not changed.
        /// </summary>
        /// <param name="train">The value of <see cref="Train"/> inside the block, or null.</param>
        /// <param name="enableBackprop">The value of <see cref="EnableBackprop"/> inside the block, or null.</param>
        /// <returns>The object that restores the previous values; dispose it on the same thread.</returns>
        public static IDisposable Using(bool? train = null, bool? enableBackprop = null) =>
            new ConfigScope(train, enableBackprop);

        private sealed class ConfigScope : IDisposable
        {
            private readonly bool? _previousTrain;
            private readonly bool? _previousEnableBackprop;
            private bool _disposed;

            internal ConfigScope(bool? train, bool? enableBackprop)
            {
                if (train is bool t)
                {
                    _previousTrain = Train;
                    Train = t;
                }

                if (enableBackprop is bool e)
                {
                    _previousEnableBackprop = EnableBackprop;
                    try
                    {
                        EnableBackprop = e;
                    }
                    catch
                    {
                        if (_previousTrain is bool pt)
                        {
                            Train = pt;
                        }

                        throw;
                    }
                }
            }

            public void Dispose()
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                if (_previousEnableBackprop is bool e)
                {
                    EnableBackprop = e;
                }

                if (_previousTrain is bool t)
                {
                    Train = t;
                }
            }
        }
    }
}
