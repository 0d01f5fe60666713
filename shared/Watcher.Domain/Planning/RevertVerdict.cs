using System.Text.Json.Serialization;
using Watcher.Domain.Json;

namespace Watcher.Domain.Planning;

/// <summary>A rollback preview's verdict on one revert, against the cluster as it is now (written <c>ok</c>, <c>already_reverted</c>, <c>drift</c>).</summary>
[JsonConverter(typeof(LowerCaseEnumConverter<RevertVerdict>))]
public enum RevertVerdict
{
    /// <summary>The revert can run: the cluster still shows what the action did, and there is room to undo it.</summary>
    Ok,

    /// <summary>The cluster already shows the action undone; the revert will do nothing.</summary>
    AlreadyReverted,

    /// <summary>The cluster changed since the action ran (deleted, moved, full or down), so the revert cannot run as planned.</summary>
    Drift,
}
