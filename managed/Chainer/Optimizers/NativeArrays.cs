using System;
using Chainer.Interop;

namespace Chainer.Optimizers
{
    /// <summary>
    /// Arrays read or made by optimizers. They are never registered with a <see cref="MemoryScope"/>: an update
    /// run inside a scope must not dispose the optimizer's state, and temporaries are disposed at once.
    /// </summary>
    internal static class NativeArrays
    {
        /// <summary>The data of <paramref name="param"/> (the same native array), or null when it is not initialized.</summary>
        internal static NdArray? Data(Parameter param)
        {
            if (!param.IsInitialized)
            {
                return null;
            }

            Ensure.Ok(NativeMethods.ch_variable_array(param.Handle, out ArrayHandle array));
            return NdArray.Unregistered(array);
        }

        /// <summary>The gradient of <paramref name="param"/> (the same native array), or null.</summary>
        internal static NdArray? Grad(Parameter param)
        {
            if (!param.IsInitialized)
            {
                return null;
            }

            Ensure.Ok(NativeMethods.ch_variable_grad(param.Handle, out ArrayHandle grad));
            if (grad.IsInvalid)
            {
                grad.Dispose();
                return null;
            }

            return NdArray.Unregistered(grad);
        }

        /// <summary>A new array of zeros.</summary>
        internal static unsafe NdArray Zeros(long[] shape, DType dtype)
        {
            ArrayHandle handle;
            fixed (long* s = shape)
            {
                Ensure.Ok(NativeMethods.ch_array_full(dtype.ToNative(), s, shape.Length, 0.0, out handle));
            }

            return NdArray.Unregistered(handle);
        }

        /// <summary>
        /// Zeros of the shape and dtype of <paramref name="like"/>, on its device: optimizer state and cleared
        /// gradients must sit beside the parameter, on the GPU for a model moved there.
        /// </summary>
        internal static unsafe NdArray ZerosLike(NdArray like)
        {
            long[] shape = like.ShapeCached;
            DType dtype = like.Dtype;
            Device device = NdArray.DeviceOf(like);
            if (device.IsCpu)
            {
                return Zeros(shape, dtype);
            }

            return NdArray.Unregistered(NdArray.FullOnDevice(device, shape, 0.0, dtype));
        }

        /// <summary>
        /// <paramref name="array"/> on <paramref name="device"/>, unregistered: the same object when it is there
        /// already, else a copy there (the original is disposed).
        /// </summary>
        internal static NdArray MoveTo(NdArray array, Device device)
        {
            if (NdArray.DeviceOf(array) == device)
            {
                return array;
            }

            Ensure.Ok(NativeMethods.ch_array_to_device(array.Handle, device.Name, out ArrayHandle handle));
            array.Dispose();
            return NdArray.Unregistered(handle);
        }

        /// <summary>An unregistered copy of <paramref name="source"/> (for arrays loaded from a file).</summary>
        internal static NdArray Detached(NdArray source)
        {
            NdArray copy = Zeros(source.Shape, source.Dtype);
            copy.CopyFrom(source);
            return copy;
        }
    }
}
