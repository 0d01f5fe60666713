namespace Watcher.Simulator;

/// <summary>Stateless seeded hashing (SplitMix64): the same key always gives the same value, with no allocation.</summary>
internal static class SeededNoise
{
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    /// <summary>A 64-bit key from a seed and a text (FNV-1a, then mixed).</summary>
    public static ulong Hash(int seed, string text)
    {
        var hash = 14695981039346656037UL ^ (ulong)(uint)seed;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return Mix(hash);
    }

    /// <summary>A uniform value in [0, 1) for <paramref name="key"/> and <paramref name="index"/>.</summary>
    public static double Unit(ulong key, long index) => (Mix(key ^ Mix((ulong)index)) >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform value in [-1, 1).</summary>
    public static double Signed(ulong key, long index) => (2 * Unit(key, index)) - 1;
}
