using Watcher.Domain.Model;

namespace Watcher.Testing;

/// <summary>
/// Walks a plan's dependency graph the plain way, for tests that compute expected outcomes independently of the
/// domain's revert engine (their oracle must not reuse the code under test).
/// </summary>
public static class PlanGraphs
{
    /// <summary>Every action reachable from <paramref name="uuid"/> through dependents (down) or parents (up), not itself.</summary>
    public static HashSet<string> Reach(ActionPlan plan, string uuid, bool down)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var found = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([uuid]);
        while (stack.TryPop(out var next))
        {
            var neighbours = down ? plan.Actions.Where(a => a.Parents.Contains(next)).Select(a => a.Uuid) : plan.FindAction(next)!.Parents;
            foreach (var n in neighbours.Where(found.Add))
            {
                stack.Push(n);
            }
        }

        return found;
    }
}
