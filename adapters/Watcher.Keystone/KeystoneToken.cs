namespace Watcher.Keystone;

/// <summary>What Keystone says about a valid token: its user, the project it is scoped to (if any), its role names (implied ones included) and its expiry.</summary>
public sealed record KeystoneToken(string UserId, string UserName, string? ProjectId, string? ProjectName, IReadOnlyList<string> Roles, DateTimeOffset ExpiresAt);
