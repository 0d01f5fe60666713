using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Watcher.ServiceDefaults;

/// <summary>
/// A readiness check that probes one dependency: healthy, with the probe's description, when it answers; the
/// registration's failure status when it throws, naming only the exception's type (an Azure SDK or HTTP message can
/// quote an endpoint or an account).
/// <para>
/// It answers within <see cref="AnswerWithin"/> whatever the dependency does. One probe runs at a time (callers share
/// it); its outcome is reused for <see cref="ReuseFor"/>; a probe still running <see cref="AnswerWithin"/> after it
/// started counts as down (at once for later callers) and keeps running in the background (up to
/// <see cref="ProbeLimit"/>), so a later answer uses its outcome. A storage outage, where an Azure SDK call retries with back-off for many seconds and may not
/// honour cancellation at once, thus gives a 503 in under 2 s instead of one after the SDK's retries (28 s measured).
/// Hand-written: no served health-check package caches or bounds a check this way.
/// </para>
/// </summary>
internal abstract class ProbeHealthCheck : IHealthCheck
{
    /// <summary>How long a check waits for a running probe before it answers that the dependency did not answer.</summary>
    public static readonly TimeSpan AnswerWithin = TimeSpan.FromSeconds(1);

    /// <summary>How long a finished probe's outcome answers later checks.</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(1);

    /// <summary>How long a background probe may run before it is cancelled.</summary>
    public static readonly TimeSpan ProbeLimit = TimeSpan.FromSeconds(10);

    private readonly Lock _gate = new();
    private Task<ProbeOutcome>? _probe;
    private long _probeStartedAt;

    /// <summary>What is probed, as the failure message names it (<c>The document store</c>).</summary>
    protected abstract string Subject { get; }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        Task<ProbeOutcome> probe;
        TimeSpan wait;
        lock (_gate)
        {
            if (_probe is null || (_probe.IsCompleted && Stopwatch.GetElapsedTime(_probe.Result.FinishedAt) > ReuseFor))
            {
                _probeStartedAt = Stopwatch.GetTimestamp();
                _probe = Task.Run(RunProbeAsync, CancellationToken.None);
            }

            probe = _probe;
            // A probe already running for longer than the bound (an SDK retrying against a dead endpoint) answers at once.
            wait = AnswerWithin - Stopwatch.GetElapsedTime(_probeStartedAt);
        }

        try
        {
            var outcome = await probe.WaitAsync(wait > TimeSpan.Zero ? wait : TimeSpan.Zero, cancellationToken);
            return outcome.Failure is null
                ? HealthCheckResult.Healthy(outcome.Description)
                : new HealthCheckResult(context.Registration.FailureStatus, $"{Subject} did not answer ({outcome.Failure}).");
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"{Subject} did not answer within {AnswerWithin.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Probes the dependency; returns the description of a healthy answer, throws when it does not answer.</summary>
    protected abstract Task<string> ProbeAsync(CancellationToken cancellationToken);

    private async Task<ProbeOutcome> RunProbeAsync()
    {
        using var limit = new CancellationTokenSource(ProbeLimit);
        try
        {
            var description = await ProbeAsync(limit.Token);
            return new ProbeOutcome(description, null, Stopwatch.GetTimestamp());
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new ProbeOutcome(null, e.GetType().Name, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>A finished probe: its description when healthy, else the exception type's name; and when it finished.</summary>
    private sealed record ProbeOutcome(string? Description, string? Failure, long FinishedAt);
}
