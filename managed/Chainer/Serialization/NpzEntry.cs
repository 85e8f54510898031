namespace Chainer.Serialization
{
    /// <summary>One array of an .npz archive.</summary>
    /// <param name="Key">The member name without ".npy", e.g. "l1/W" (Chainer's key scheme).</param>
    /// <param name="Array">The array.</param>
    internal sealed record NpzEntry(string Key, NpyArray Array);
}
