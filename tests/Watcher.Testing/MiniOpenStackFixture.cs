using System.Diagnostics;
using Xunit;

namespace Watcher.Testing;

/// <summary>
/// The mini OpenStack of <c>shared/openstack</c> (Keystone on 127.0.0.1:5000, Nova, Placement, ...): used as it is when
/// Keystone already answers (another test run or engineer started it: never stopped here), otherwise started with the
/// shared script (as root) once per run and stopped at the end. The scripts are found through
/// <c>WATCHER_MINI_OS_SCRIPTS</c> or a <c>shared/openstack</c> folder above the repository.
/// </summary>
public sealed class MiniOpenStackFixture : IAsyncLifetime
{
    /// <summary>Keystone's v3 URL.</summary>
    public const string AuthUrl = "http://127.0.0.1:5000/v3";

    /// <summary>The cloud's admin (the start script's credentials).</summary>
    public const string AdminUser = "admin";

    /// <summary>The admin's password.</summary>
    public const string AdminPassword = "admin";

    /// <summary>The admin's project.</summary>
    public const string AdminProject = "admin";

    /// <summary>The region the script registers its endpoints in.</summary>
    public const string Region = "RegionOne";

    private bool _started;

    /// <summary>Whether this fixture started the cloud (and so stops it).</summary>
    public bool StartedHere => _started;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (await KeystoneAnswersAsync())
        {
            return;
        }

        await RunScriptAsync("start-mini-openstack.sh", TimeSpan.FromMinutes(10));
        _started = true;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!await KeystoneAnswersAsync())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The mini OpenStack started but Keystone does not answer at {AuthUrl}.");
            }

            await Task.Delay(1000);
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_started)
        {
            await RunScriptAsync("stop-mini-openstack.sh", TimeSpan.FromMinutes(2));
        }
    }

    /// <summary>Whether Keystone answers its version document.</summary>
    public static async Task<bool> KeystoneAnswersAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return (await http.GetAsync(new Uri(AuthUrl))).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException)
        {
            return false;
        }
    }

    private static string ScriptsFolder()
    {
        if (Environment.GetEnvironmentVariable("WATCHER_MINI_OS_SCRIPTS") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(RepoPaths.Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "openstack");
            if (File.Exists(Path.Combine(candidate, "start-mini-openstack.sh")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException($"Keystone does not answer at {AuthUrl} and no shared/openstack/start-mini-openstack.sh was found above {RepoPaths.Root}; set WATCHER_MINI_OS_SCRIPTS.");
    }

    private static async Task RunScriptAsync(string script, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("bash") { ArgumentList = { Path.Combine(ScriptsFolder(), script) }, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not run {script}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} did not finish within {timeout}.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}:\n{await output}\n{await errors}");
        }
    }
}
