using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Watcher.Domain.Actions;
using static Watcher.OpenStack.OpenStackCloud;

namespace Watcher.OpenStack;

/// <summary>
/// Nova's operations as the action handlers use them. Each reads the server (or service) first and acts only when
/// the effect is not already there, or finishes an operation already under way, so a replayed activity does not act
/// twice. Waits poll the server and its <c>/os-migrations</c> record with a growing interval
/// (<see cref="OpenStackOptions.MinPollInterval"/> to <see cref="OpenStackOptions.MaxPollInterval"/>) until
/// <see cref="OpenStackOptions.OperationTimeout"/>. Failures are <see cref="ActionFailedException"/> with Nova's message.
/// </summary>
public sealed class NovaOperations(OpenStackClient client)
{
    private static readonly string[] Terminal = ["completed", "confirmed", "finished", "error", "failed", "cancelled", "done", "reverted"];
    private static readonly string[] Failed = ["error", "failed", "cancelled"];

    // The last microversion accepting "force" on os-migrateLive (2.68 removed it).
    private const string ForceMicroversion = "2.67";

    // Instance action events carry their fault in "details" from 2.84.
    private const string EventDetailsMicroversion = "2.84";

    private OpenStackOptions Options => client.Options;

    /// <summary>The server, or null when Nova does not know it.</summary>
    public async Task<JsonObject?> ServerAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            return (await client.GetAsync(OpenStackClient.Compute, $"servers/{id}", cancellationToken))["server"] as JsonObject;
        }
        catch (OpenStackApiException ex) when (ex.Status == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>The server's migrations of <paramref name="type"/> (live-migration, migration, resize), newest first.</summary>
    public async Task<IReadOnlyList<JsonObject>> MigrationsAsync(string serverId, string type, CancellationToken cancellationToken = default) =>
        Objects((await client.GetAsync(OpenStackClient.Compute, $"os-migrations?instance_uuid={serverId}&migration_type={type}", cancellationToken))["migrations"])
            .OrderByDescending(m => m["id"]?.GetValue<long>() ?? 0).ToList();

    /// <summary>
    /// Live-migrates <paramref name="serverId"/> to the compute service <paramref name="host"/> and waits until Nova's
    /// record completes; on cancellation aborts it and waits for it to end. <paramref name="force"/> bypasses the
    /// scheduler (microversion 2.67, the last that accepts <c>force</c>): a maintenance rollback returns servers to
    /// their host while its service is still disabled, which the scheduler would refuse.
    /// </summary>
    public async Task LiveMigrateAsync(string serverId, string host, CancellationToken cancellationToken, bool force = false)
    {
        var server = await RequireServerAsync(serverId, cancellationToken);
        var previous = await MigrationsAsync(serverId, "live-migration", cancellationToken);
        if (Str(server, "OS-EXT-STS:task_state") is "migrating")
        {
            // A migration already under way (a replay after a crash): wait for it rather than start another.
            await WaitLiveAsync(serverId, host, previous.FirstOrDefault(), cancellationToken);
            return;
        }

        if (HostOf(server) == host)
        {
            await WaitRecordAsync(previous.FirstOrDefault(), serverId, "live-migration", cancellationToken);
            return;
        }

        var migrate = new JsonObject { ["host"] = host, ["block_migration"] = "auto" };
        if (force)
        {
            migrate["force"] = true;
        }

        await ActAsync(serverId, new JsonObject { ["os-migrateLive"] = migrate }, cancellationToken, force ? ForceMicroversion : null);
        await WaitLiveAsync(serverId, host, null, cancellationToken, previous.FirstOrDefault()?["id"]?.GetValue<long>() ?? 0);
    }

    /// <summary>Aborts the server's running live migration (Nova ≥ 2.24; queued or preparing ones ≥ 2.65); false when none is running.</summary>
    public async Task<bool> AbortLiveMigrationAsync(string serverId, CancellationToken cancellationToken = default)
    {
        var running = (await MigrationsAsync(serverId, "live-migration", cancellationToken)).FirstOrDefault(m => !Terminal.Contains(Str(m, "status")));
        if (running is null)
        {
            return false;
        }

        try
        {
            await client.SendAsync(HttpMethod.Delete, OpenStackClient.Compute, $"servers/{serverId}/migrations/{running["id"]}", null, cancellationToken);
            return true;
        }
        catch (OpenStackApiException ex) when (ex.Status is HttpStatusCode.BadRequest or HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            // Finished (or past the point of abort) in the meantime.
            return false;
        }
    }

    /// <summary>Cold-migrates <paramref name="serverId"/> to <paramref name="host"/> (Nova ≥ 2.56) and confirms it.</summary>
    public async Task ColdMigrateAsync(string serverId, string host, CancellationToken cancellationToken)
    {
        var server = await RequireServerAsync(serverId, cancellationToken);
        var previous = (await MigrationsAsync(serverId, "migration", cancellationToken)).FirstOrDefault()?["id"]?.GetValue<long>() ?? 0;
        if (Str(server, "status") == "VERIFY_RESIZE" && HostOf(server) == host)
        {
            await ConfirmAsync(serverId, cancellationToken);
            return;
        }

        if (HostOf(server) == host && Str(server, "OS-EXT-STS:task_state") is null)
        {
            return;
        }

        if (Str(server, "OS-EXT-STS:task_state") is null)
        {
            await ActAsync(serverId, new JsonObject { ["migrate"] = new JsonObject { ["host"] = host } }, CancellationToken.None);
        }

        // A cold migration cannot be aborted: on cancellation it is finished (and confirmed) rather than left half done.
        var after = await WaitServerAsync(serverId, s => Str(s, "status") is "VERIFY_RESIZE" or "ERROR" || (Str(s, "OS-EXT-STS:task_state") is null && HostOf(s) == host),
            $"cold migration of {serverId} to {host}", CancellationToken.None, () => NewRecordFailedAsync(serverId, "migration", previous));
        await FailIfMigrationFailedAsync(serverId, "migration", previous, $"Cold migration of {serverId} to {host}", after);
        if (Str(after, "status") == "VERIFY_RESIZE")
        {
            await ConfirmAsync(serverId, CancellationToken.None);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Resizes <paramref name="serverId"/> to the flavor <paramref name="flavorId"/> (named <paramref name="flavorName"/>) and confirms it.</summary>
    public async Task ResizeAsync(string serverId, string flavorId, string flavorName, CancellationToken cancellationToken)
    {
        var server = await RequireServerAsync(serverId, cancellationToken);
        var previous = (await MigrationsAsync(serverId, "resize", cancellationToken)).FirstOrDefault()?["id"]?.GetValue<long>() ?? 0;
        var at = FlavorOf(server) == flavorName;
        if (at && Str(server, "status") == "VERIFY_RESIZE")
        {
            await ConfirmAsync(serverId, cancellationToken);
            return;
        }

        if (at && Str(server, "OS-EXT-STS:task_state") is null)
        {
            return;
        }

        if (Str(server, "OS-EXT-STS:task_state") is null)
        {
            await ActAsync(serverId, new JsonObject { ["resize"] = new JsonObject { ["flavorRef"] = flavorId } }, CancellationToken.None);
        }

        var after = await WaitServerAsync(serverId, s => Str(s, "status") is "VERIFY_RESIZE" or "ERROR" || (Str(s, "OS-EXT-STS:task_state") is null && FlavorOf(s) == flavorName),
            $"resize of {serverId} to {flavorName}", CancellationToken.None, () => NewRecordFailedAsync(serverId, "resize", previous));
        await FailIfMigrationFailedAsync(serverId, "resize", previous, $"Resize of {serverId} to {flavorName}", after);
        if (Str(after, "status") == "VERIFY_RESIZE")
        {
            await ConfirmAsync(serverId, CancellationToken.None);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>Stops (<paramref name="stop"/>) or starts the server and waits for its vm_state.</summary>
    public async Task SetPowerAsync(string serverId, bool stop, CancellationToken cancellationToken)
    {
        var target = stop ? "stopped" : "active";
        var server = await RequireServerAsync(serverId, cancellationToken);
        if (Str(server, "OS-EXT-STS:vm_state") == target && Str(server, "OS-EXT-STS:task_state") is null)
        {
            return;
        }

        if (Str(server, "OS-EXT-STS:task_state") is null)
        {
            await ActAsync(serverId, new JsonObject { [stop ? "os-stop" : "os-start"] = null }, cancellationToken);
        }

        var after = await WaitServerAsync(serverId, s => Str(s, "OS-EXT-STS:task_state") is null && Str(s, "OS-EXT-STS:vm_state") is var v && (v == target || v == "error"),
            $"{(stop ? "stop" : "start")} of {serverId}", CancellationToken.None);
        if (Str(after, "OS-EXT-STS:vm_state") != target)
        {
            throw new ActionFailedException($"{(stop ? "Stop" : "Start")} of {serverId} failed: {FaultOf(after) ?? "vm_state " + Str(after, "OS-EXT-STS:vm_state")}.");
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    /// <summary>The nova-compute service on <paramref name="host"/>, or an <see cref="ActionFailedException"/> naming it.</summary>
    public async Task<JsonObject> ComputeServiceAsync(string host, CancellationToken cancellationToken = default) =>
        Objects((await client.GetAsync(OpenStackClient.Compute, $"os-services?binary=nova-compute&host={Uri.EscapeDataString(host)}", cancellationToken))["services"]).FirstOrDefault()
        ?? throw new ActionFailedException($"Nova has no nova-compute service on host '{host}'.");

    /// <summary>Enables or disables the nova-compute service on <paramref name="host"/> (with a reason when disabling) unless it is so already.</summary>
    public async Task SetServiceAsync(string host, bool enabled, string? reason, CancellationToken cancellationToken)
    {
        var service = await ComputeServiceAsync(host, cancellationToken);
        var status = enabled ? "enabled" : "disabled";
        if (Str(service, "status") == status && (enabled || Str(service, "disabled_reason") == reason))
        {
            return;
        }

        var body = new JsonObject { ["status"] = status };
        if (!enabled && reason is not null)
        {
            body["disabled_reason"] = reason;
        }

        cancellationToken.ThrowIfCancellationRequested();
        await Wrap(() => client.SendAsync(HttpMethod.Put, OpenStackClient.Compute, $"os-services/{Str(service, "id")}", body, CancellationToken.None));
    }

    /// <summary>The service host a server is on.</summary>
    public static string? HostOf(JsonObject server) => Str(server, "OS-EXT-SRV-ATTR:host");

    private static string? FlavorOf(JsonObject server) => Str(server["flavor"] as JsonObject, "original_name");

    private static string? FaultOf(JsonObject server) => Str(server["fault"] as JsonObject, "message");

    private async Task WaitLiveAsync(string serverId, string host, JsonObject? known, CancellationToken cancellationToken, long after = 0)
    {
        try
        {
            var server = await WaitServerAsync(serverId, s => Str(s, "OS-EXT-STS:task_state") is null || Str(s, "status") == "ERROR",
                $"live migration of {serverId} to {host}", cancellationToken);
            var record = known ?? (await MigrationsAsync(serverId, "live-migration", CancellationToken.None)).FirstOrDefault(m => (m["id"]?.GetValue<long>() ?? 0) > after);
            var final = await WaitRecordAsync(record, serverId, "live-migration", CancellationToken.None);
            if (final is not null && Failed.Contains(Str(final, "status")) || HostOf(server) != host)
            {
                throw new ActionFailedException(
                    $"Live migration of {serverId} to {host} failed: Nova's migration {final?["id"]} is {Str(final, "status") ?? "missing"}"
                    + $"{(await ReasonAsync(serverId, server) is { } why ? ": " + why : "")}; the server is on {HostOf(server)}.");
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Abort: ask Nova to cancel the live migration, then wait (bounded) until it has ended either way,
            // so the server is whole on the source or on the destination, never in between.
            await AbortLiveMigrationAsync(serverId, CancellationToken.None);
            await WaitServerAsync(serverId, s => Str(s, "OS-EXT-STS:task_state") is null || Str(s, "status") == "ERROR", $"abort of the live migration of {serverId}", CancellationToken.None);
            var record = (await MigrationsAsync(serverId, "live-migration", CancellationToken.None)).FirstOrDefault();
            await WaitRecordAsync(record, serverId, "live-migration", CancellationToken.None);
            throw;
        }
    }

    private async Task<JsonObject?> WaitRecordAsync(JsonObject? record, string serverId, string type, CancellationToken cancellationToken)
    {
        if (record is null)
        {
            return null;
        }

        var id = record["id"]?.GetValue<long>();
        var watch = Stopwatch.StartNew();
        var delay = Options.MinPollInterval;
        while (true)
        {
            var current = (await MigrationsAsync(serverId, type, cancellationToken)).FirstOrDefault(m => m["id"]?.GetValue<long>() == id) ?? record;
            if (Terminal.Contains(Str(current, "status")))
            {
                return current;
            }

            if (watch.Elapsed > Options.OperationTimeout)
            {
                throw new ActionFailedException($"Nova's {type} {id} of {serverId} did not end within {Options.OperationTimeout} (status {Str(current, "status")}).");
            }

            await Task.Delay(delay, cancellationToken);
            delay = Next(delay);
        }
    }

    private async Task<bool> NewRecordFailedAsync(string serverId, string type, long previous) =>
        (await MigrationsAsync(serverId, type, CancellationToken.None)).FirstOrDefault(m => (m["id"]?.GetValue<long>() ?? 0) > previous) is { } record
        && Failed.Contains(Str(record, "status"));

    private async Task FailIfMigrationFailedAsync(string serverId, string type, long previous, string what, JsonObject server)
    {
        var record = (await MigrationsAsync(serverId, type, CancellationToken.None)).FirstOrDefault(m => (m["id"]?.GetValue<long>() ?? 0) > previous);
        if (Str(server, "status") == "ERROR" || (record is not null && Failed.Contains(Str(record, "status"))))
        {
            throw new ActionFailedException($"{what} failed: {await ReasonAsync(serverId, server) ?? "Nova's migration is " + Str(record, "status")}.");
        }
    }

    /// <summary>Why Nova's last operation on the server failed: the server fault, else the last instance action's failed event.</summary>
    private async Task<string?> ReasonAsync(string serverId, JsonObject server)
    {
        if (FaultOf(server) is { } fault)
        {
            return fault;
        }

        try
        {
            var actions = Objects((await client.GetAsync(OpenStackClient.Compute, $"servers/{serverId}/os-instance-actions", CancellationToken.None))["instanceActions"]).FirstOrDefault();
            if (actions is null)
            {
                return null;
            }

            var detail = (await client.SendAsync(HttpMethod.Get, OpenStackClient.Compute, $"servers/{serverId}/os-instance-actions/{Str(actions, "request_id")}", null, EventDetailsMicroversion, CancellationToken.None))?["instanceAction"] as JsonObject;
            var failed = Objects(detail?["events"]).FirstOrDefault(e => Str(e, "result") == "Error");
            return failed is not null && Str(failed, "details") is { } details ? $"{Str(failed, "event")}: {details}"
                : failed is not null ? $"{Str(failed, "event")} {Str(failed, "result")}" : Str(detail, "message");
        }
        catch (OpenStackApiException)
        {
            return null;
        }
    }

    private async Task ConfirmAsync(string serverId, CancellationToken cancellationToken)
    {
        await ActAsync(serverId, new JsonObject { ["confirmResize"] = null }, cancellationToken);
        await WaitServerAsync(serverId, s => Str(s, "status") != "VERIFY_RESIZE" && Str(s, "OS-EXT-STS:task_state") is null, $"confirmation of the resize of {serverId}", cancellationToken);
        // The migration record turns 'confirmed' a moment after the server: wait for it so the next operation is not refused.
        var record = (await MigrationsAsync(serverId, "migration", cancellationToken)).Concat(await MigrationsAsync(serverId, "resize", cancellationToken))
            .OrderByDescending(m => m["id"]?.GetValue<long>() ?? 0).FirstOrDefault();
        await WaitRecordAsync(record, serverId, Str(record, "migration_type") ?? "migration", cancellationToken);
    }

    private async Task<JsonObject> WaitServerAsync(string serverId, Func<JsonObject, bool> done, string what, CancellationToken cancellationToken, Func<Task<bool>>? failed = null)
    {
        var watch = Stopwatch.StartNew();
        var delay = Options.MinPollInterval;
        while (true)
        {
            var server = await RequireServerAsync(serverId, cancellationToken);
            if (done(server))
            {
                return server;
            }

            // Idle again without reaching the goal: Nova gave up (e.g. NoValidHost), which its migration record says.
            if (failed is not null && Str(server, "OS-EXT-STS:task_state") is null && await failed())
            {
                return server;
            }

            if (watch.Elapsed > Options.OperationTimeout)
            {
                throw new ActionFailedException($"Nova did not finish the {what} within {Options.OperationTimeout}: status {Str(server, "status")}, task {Str(server, "OS-EXT-STS:task_state")}.");
            }

            await Task.Delay(delay, cancellationToken);
            delay = Next(delay);
        }
    }

    private TimeSpan Next(TimeSpan delay) => TimeSpan.FromTicks(Math.Min(Options.MaxPollInterval.Ticks, (long)(delay.Ticks * 1.5)));

    private async Task<JsonObject> RequireServerAsync(string serverId, CancellationToken cancellationToken) =>
        await ServerAsync(serverId, cancellationToken) ?? throw new ActionFailedException($"Nova has no server {serverId}.");

    // Never cancelled half-way: a request Nova may have received is finished, so an abort sees it and waits for its end.
    private Task ActAsync(string serverId, JsonObject body, CancellationToken cancellationToken, string? microversion = null)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Wrap(() => client.SendAsync(HttpMethod.Post, OpenStackClient.Compute, $"servers/{serverId}/action", body, microversion, CancellationToken.None));
    }

    private static async Task Wrap(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (OpenStackApiException ex)
        {
            // Nova's own message is the action's failure reason.
            throw new ActionFailedException(ex.Message, ex);
        }
    }
}
