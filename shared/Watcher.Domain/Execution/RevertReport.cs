using Watcher.Domain.Model;

namespace Watcher.Domain.Execution;

/// <summary>The status message of a plan that failed: what failed, what compensation reverted, and what it did not, and why.</summary>
public static class RevertReport
{
    /// <summary>
    /// For example "Action migrate a1 failed: no room. Compensation (policy all): reverted 2 action(s): migrate b, migrate c.
    /// Could not revert 1: migrate d (stuck). Not reverted 1: change_nova_service_state e (not reverted because ...)."
    /// </summary>
    public static string Compensation(ActionPlan plan, ExecutionRecord record)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(record);
        var failure = record.Failure ?? (record.FailedActionUuid is { } failed ? $"Action {failed} failed." : "The plan failed.");
        var policy = (record.Policy ?? CompensationPolicy.All).ToString().ToLowerInvariant();
        var parts = new List<string> { failure.TrimEnd('.') + "." };
        if (record.Reverted.Count == 0 && record.RevertFailed.Count == 0)
        {
            parts.Add(record.NotReverted.Count == 0
                ? $"Compensation (policy {policy}): nothing had to be reverted."
                : $"Compensation (policy {policy}): nothing was reverted.");
        }
        else
        {
            parts.Add($"Compensation (policy {policy}): reverted {record.Reverted.Count} action(s){List(plan, record.Reverted)}.");
        }

        if (record.RevertFailed.Count > 0)
        {
            parts.Add($"Could not revert {record.RevertFailed.Count}: {string.Join(", ", record.RevertFailed.Select(u => Name(plan, u, plan.FindAction(u)?.StatusMessage)))}.");
        }

        if (record.NotReverted.Count > 0)
        {
            parts.Add($"Not reverted {record.NotReverted.Count}: {string.Join(", ", record.NotReverted.Select(n => Name(plan, n.ActionUuid, n.Reason)))}.");
        }

        return string.Join(' ', parts);
    }

    /// <summary>The rollback counterpart: the actions a rollback left in place and why, or empty.</summary>
    public static string NotReverted(ActionPlan plan, IReadOnlyList<RevertNote> notReverted)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(notReverted);
        return notReverted.Count == 0 ? string.Empty : $" Not reverted {notReverted.Count}: {string.Join(", ", notReverted.Select(n => Name(plan, n.ActionUuid, n.Reason)))}.";
    }

    private static string List(ActionPlan plan, IReadOnlyList<string> uuids) =>
        uuids.Count == 0 ? string.Empty : ": " + string.Join(", ", uuids.Select(u => Name(plan, u, null)));

    private static string Name(ActionPlan plan, string uuid, string? why)
    {
        var name = plan.FindAction(uuid) is { } action ? $"{action.ActionType} {uuid}" : uuid;
        return string.IsNullOrEmpty(why) ? name : $"{name} ({why})";
    }
}
