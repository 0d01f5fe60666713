using Microsoft.Extensions.DependencyInjection;
using Watcher.Application.Ports;
using Watcher.Application.Requests;
using Watcher.Application.Services;
using Watcher.Domain.Errors;
using Watcher.Domain.Execution;
using Watcher.Domain.Persistence;

namespace Watcher.Application.Tests;

/// <summary>Templates and audits refuse an execution policy their plans could not run with.</summary>
public sealed class ExecutionPolicyValidationTests
{
    private static readonly ExecutionPolicy BadWindow = new() { Window = new MaintenanceWindow { Cron = "nightly", DurationSeconds = 3600 } };

    private static ServiceProvider Services() => ComposedServices.Build(s => s.AddSingleton<IWorkflowEngine>(new RecordingWorkflowEngine()));

    [Fact]
    public async Task CreateTemplate_InvalidWindow_RejectedAndNothingStored()
    {
        using var services = Services();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => services.GetRequiredService<AuditTemplateService>().CreateAsync(new AuditTemplateRequest
        {
            Name = "t", Goal = "dummy", ExecutionPolicy = BadWindow,
        }));

        Assert.Contains("'execution_policy.window.cron' 'nightly'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await services.GetRequiredService<WatcherRepository>().ListTemplatesAsync());
    }

    [Fact]
    public async Task CreateAudit_InvalidWindow_Rejected()
    {
        using var services = Services();

        var ex = await Assert.ThrowsAsync<ValidationException>(() => services.GetRequiredService<AuditService>().CreateAsync(new AuditRequest
        {
            Goal = "dummy", ExecutionPolicy = BadWindow,
        }));

        Assert.Contains("'execution_policy.window.cron' 'nightly'", ex.Message, StringComparison.Ordinal);
    }
}
