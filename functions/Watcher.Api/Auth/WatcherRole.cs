namespace Watcher.Api.Auth;

/// <summary>
/// Watcher's roles, each including the ones below it: a reader reads, an operator also creates, changes, starts and
/// deletes audits, templates and plans, an admin also controls the simulated cloud. Authenticators map their own
/// role names (Keystone's, an API key's) onto these.
/// </summary>
public enum WatcherRole
{
    /// <summary>Reads everything; never mutates.</summary>
    Reader = 1,

    /// <summary>Reads and mutates Watcher's own resources (audits, templates, plans, actions).</summary>
    Operator = 2,

    /// <summary>Everything, including the simulator's control routes.</summary>
    Admin = 3,
}
