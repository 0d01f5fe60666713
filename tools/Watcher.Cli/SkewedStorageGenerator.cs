using System.Globalization;
using Watcher.Domain.Cluster;
using Watcher.Domain.Model;

namespace Watcher.Cli;

/// <summary>
/// The storage side of a generated snapshot: one Cinder pool per 25 hosts (at least two; types <c>standard</c> and
/// <c>ssd</c> alternating), an in-use volume on half the instances (a fifth of them bootable) plus unattached ones,
/// spread over the pools with the same log-normal skew as the compute load and capped at 95 % of a pool, so some
/// pools sit above an 80 % threshold and others are nearly empty. Uses its own random stream, so the compute part of
/// a snapshot does not depend on it.
/// </summary>
public static class SkewedStorageGenerator
{
    private static readonly (double SizeGb, double Share)[] Sizes = [(10, 0.2), (20, 0.25), (50, 0.25), (100, 0.15), (200, 0.1), (500, 0.05)];

    public static (IReadOnlyList<StoragePool> Pools, IReadOnlyList<Volume> Volumes) Generate(int hostCount, IReadOnlyList<Instance> instances, int seed, double skew)
    {
        var random = new Random(unchecked((seed * 7919) + 17));
        var poolCount = Math.Max(2, hostCount / 25);
        var wanted = new List<(double Size, Instance? AttachedTo, bool Bootable)>();
        foreach (var instance in instances)
        {
            if (random.NextDouble() < 0.5)
            {
                wanted.Add((PickSize(random), instance, random.NextDouble() < 0.2));
            }
        }

        for (var i = 0; i < (int)(hostCount * 0.4); i++)
        {
            wanted.Add((PickSize(random), null, false));
        }

        var totalSize = wanted.Sum(w => w.Size);
        var capacity = Math.Max(1000, Math.Ceiling(totalSize / poolCount / 0.55 / 1000) * 1000);
        var names = new string[poolCount];
        var cumulative = new double[poolCount];
        var used = new double[poolCount];
        var sum = 0.0;
        for (var k = 0; k < poolCount; k++)
        {
            names[k] = $"storage-{(k + 1).ToString("D3", CultureInfo.InvariantCulture)}@lvm#pool";
            sum += Math.Exp(skew * Gaussian(random));
            cumulative[k] = sum;
        }

        var volumes = new List<Volume>(wanted.Count);
        var created = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        foreach (var (size, attachedTo, bootable) in wanted)
        {
            var k = Array.BinarySearch(cumulative, random.NextDouble() * sum);
            k = k < 0 ? Math.Min(~k, poolCount - 1) : k;
            for (var tried = 0; tried < poolCount && used[k] + size > capacity * 0.95; tried++)
            {
                k = (k + 1) % poolCount;
            }

            if (used[k] + size > capacity * 0.95)
            {
                continue;
            }

            used[k] += size;
            var index = volumes.Count;
            volumes.Add(new Volume
            {
                Uuid = DeterministicGuid.Create($"cli-generator:{seed}:volume:{index}").ToString(),
                Name = $"vol-{(index + 1).ToString("D6", CultureInfo.InvariantCulture)}",
                Size = size,
                Status = attachedTo is null ? "available" : "in-use",
                Pool = names[k],
                Attachments = attachedTo is null ? [] : [attachedTo.Uuid],
                VolumeType = random.NextDouble() < 0.1 ? null : TypeOf(k),
                ProjectId = attachedTo?.ProjectId ?? "project-" + random.Next(1, 9).ToString(CultureInfo.InvariantCulture),
                Bootable = bootable,
                HasSnapshots = random.NextDouble() < 0.05,
                CreatedAt = created.AddMinutes(7 * index),
            });
        }

        var pools = Enumerable.Range(0, poolCount).Select(k => new StoragePool
        {
            Name = names[k],
            TotalCapacityGb = capacity,
            FreeCapacityGb = capacity - used[k],
            AllocatedCapacityGb = used[k],
            MaxOverSubscriptionRatio = 1.0,
            VolumeType = TypeOf(k),
            Zone = "az" + ((k % 3) + 1).ToString(CultureInfo.InvariantCulture),
        }).ToList();
        return (pools, volumes);
    }

    private static string TypeOf(int pool) => pool % 2 == 0 ? "standard" : "ssd";

    private static double PickSize(Random random)
    {
        var r = random.NextDouble();
        foreach (var (size, share) in Sizes)
        {
            r -= share;
            if (r < 0)
            {
                return size;
            }
        }

        return Sizes[^1].SizeGb;
    }

    private static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
