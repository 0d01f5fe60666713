using Microsoft.Extensions.Diagnostics.HealthChecks;
using Watcher.Domain.Persistence;

namespace Watcher.ServiceDefaults;

/// <summary>Ready when the document store answers a read (a missing probe document is fine: the store answered).</summary>
internal sealed class StorageHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.GetAsync<System.Text.Json.JsonElement>("health", "probe", cancellationToken);
            return HealthCheckResult.Healthy("The document store answered.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The exception type only: an Azure SDK message can quote the account's endpoint.
            return new HealthCheckResult(context.Registration.FailureStatus, $"The document store did not answer ({e.GetType().Name}).");
        }
    }
}
