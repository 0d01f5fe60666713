using System.Text.Json.Serialization;

namespace Watcher.Domain.Strategies.Builtin;

/// <summary>
/// <c>priority</c> of <see cref="ZoneMigrationStrategy"/>. Watcher applies its keys in the order given, so each setter
/// also records its key: System.Text.Json sets properties in document order, which makes <see cref="Order"/> that order
/// (a class, not a record, so no <c>with</c> copy can share the order list).
/// </summary>
public sealed class ZoneMigrationPriority
{
    private readonly List<string> _order = [];

    /// <summary>Projects whose instances and volumes go first, in list order.</summary>
    [JsonPropertyName("project")]
    public IReadOnlyList<string>? Project { get; init => Set(ref field, value, "project"); }

    /// <summary>Compute nodes whose instances go first, in list order.</summary>
    [JsonPropertyName("compute_node")]
    public IReadOnlyList<string>? ComputeNode { get; init => Set(ref field, value, "compute_node"); }

    /// <summary>Storage pools whose volumes go first, in list order.</summary>
    [JsonPropertyName("storage_pool")]
    public IReadOnlyList<string>? StoragePool { get; init => Set(ref field, value, "storage_pool"); }

    /// <summary>Instance ordering: <c>vcpu_num</c>, <c>mem_size</c>, <c>disk_size</c> (largest first) or <c>created_at</c> (oldest first).</summary>
    [JsonPropertyName("compute")]
    public string? Compute { get; init => Set(ref field, value, "compute"); }

    /// <summary>Volume ordering: <c>size</c> (largest first) or <c>created_at</c> (oldest first).</summary>
    [JsonPropertyName("storage")]
    public string? Storage { get; init => Set(ref field, value, "storage"); }

    /// <summary>The keys given, in the order given.</summary>
    [JsonIgnore]
    public IReadOnlyList<string> Order => _order;

    private void Set<T>(ref T? slot, T? value, string key)
    {
        slot = value;
        if (!_order.Contains(key, StringComparer.Ordinal))
        {
            _order.Add(key);
        }
    }
}
