using Watcher.Domain.Cluster;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// The projected free and allocated capacity of storage pools while a strategy plans volume moves, so no plan
/// puts more on a pool than it has free (or, for thin pools, than over-subscription allows).
/// </summary>
internal sealed class StoragePoolLedger
{
    private readonly Dictionary<string, double> _free = new(StringComparer.Ordinal);
    private readonly Dictionary<string, double?> _allocated = new(StringComparer.Ordinal);

    public StoragePoolLedger(IEnumerable<StoragePool> pools)
    {
        foreach (var pool in pools)
        {
            _free[pool.Name] = pool.FreeCapacityGb;
            _allocated[pool.Name] = pool.AllocatedCapacityGb;
        }
    }

    public double Free(StoragePool pool) => _free[pool.Name];

    public double Used(StoragePool pool) => pool.TotalCapacityGb - _free[pool.Name];

    /// <summary>True when the pool has <paramref name="sizeGb"/> free and, if its allocation is known, room under over-subscription.</summary>
    public bool CanTake(StoragePool pool, double sizeGb) =>
        _free[pool.Name] + 1e-9 >= sizeGb
        && (_allocated[pool.Name] is not { } allocated || allocated + sizeGb <= (pool.TotalCapacityGb * pool.MaxOverSubscriptionRatio) + 1e-9);

    /// <summary>Projects a volume of <paramref name="sizeGb"/> leaving <paramref name="from"/> (if known) for <paramref name="to"/>.</summary>
    public void Move(double sizeGb, StoragePool? from, StoragePool to)
    {
        if (from is not null && _free.ContainsKey(from.Name))
        {
            _free[from.Name] += sizeGb;
            _allocated[from.Name] -= sizeGb;
        }

        _free[to.Name] -= sizeGb;
        _allocated[to.Name] += sizeGb;
    }
}
