using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Watcher.Api;
using Watcher.Application;
using Watcher.Domain.Persistence;
using Watcher.Prometheus;
using Watcher.Simulator;

namespace Watcher.ServiceDefaults.Tests;

/// <summary>Options are validated when the host starts, with a message naming the bad setting.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("--Watcher:TaskHub=no-dashes", "TaskHub")]
    [InlineData("--Watcher:Container=UPPER", "Container")]
    [InlineData("--Watcher:ContinuousAuditCheckSeconds=0", "ContinuousAuditCheckSeconds")]
    [InlineData("--Watcher:Simulator:Hosts=-1", "Hosts")]
    [InlineData("--Watcher:Prometheus:MaxConcurrentRequests=0", "MaxConcurrentRequests")]
    [InlineData("--Watcher:Execution:DefaultTimeoutSeconds=0", "DefaultTimeoutSeconds")]
    [InlineData("--Watcher:Execution:Timeouts:migrate=-5", "Watcher:Execution:Timeouts:migrate")]
    public async Task Start_InvalidSetting_FailsNamingIt(string argument, string member)
    {
        var builder = TestApps.Builder(new InMemoryDocumentStore(), argument);
        builder.AddValidatedOptions<WatcherOptions>("Watcher");
        builder.AddValidatedOptions<ExecutionOptions>(ExecutionOptions.Section);
        builder.Services.AddSimulator(builder.Configuration).AddPrometheus(builder.Configuration);

        var e = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApps.StartAsync(builder));

        Assert.Contains(member, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_Defaults_AreValid()
    {
        var builder = TestApps.Builder(new InMemoryDocumentStore());
        builder.AddValidatedOptions<WatcherOptions>("Watcher");
        builder.Services.AddSimulator(builder.Configuration).AddPrometheus(builder.Configuration);

        await using var app = await TestApps.StartAsync(builder);

        Assert.Equal("watcher", app.Services.GetRequiredService<IOptions<WatcherOptions>>().Value.TaskHub);
    }

    [Fact]
    public async Task Start_ActionTimeouts_BindPerTypeOverTheDefaults()
    {
        var builder = TestApps.Builder(new InMemoryDocumentStore(), "--Watcher:Execution:Timeouts:resize=120", "--Watcher:Execution:DefaultTimeoutSeconds=600");
        builder.AddValidatedOptions<ExecutionOptions>(ExecutionOptions.Section);

        await using var app = await TestApps.StartAsync(builder);

        var options = app.Services.GetRequiredService<IOptions<ExecutionOptions>>().Value;
        Assert.Equal(120, options.TimeoutSeconds("resize"));
        Assert.Equal(900, options.TimeoutSeconds("migrate"));
        Assert.Equal(600, options.TimeoutSeconds("stop"));
    }
}
