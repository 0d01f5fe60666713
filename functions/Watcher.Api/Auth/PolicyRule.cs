namespace Watcher.Api.Auth;

/// <summary>Who may call a route: anyone (<see cref="Public"/>), or callers holding at least <see cref="MinRole"/>.</summary>
public sealed record PolicyRule(bool Public, WatcherRole MinRole)
{
    /// <summary>Anyone, authenticated or not (health, the dashboard's static files).</summary>
    public static PolicyRule Anyone { get; } = new(true, WatcherRole.Reader);

    /// <summary>Callers holding at least <paramref name="role"/>.</summary>
    public static PolicyRule AtLeast(WatcherRole role) => new(false, role);

    /// <summary>The rule in policy.yaml's notation: <c>@</c> for anyone, else the roles allowed.</summary>
    public override string ToString() => Public
        ? "@"
        : string.Join(" or ", Enum.GetValues<WatcherRole>().Where(r => r >= MinRole).Select(r => "role:" + ApiPolicy.RoleName(r)));
}
