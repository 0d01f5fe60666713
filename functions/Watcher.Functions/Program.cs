using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Watcher.Api;
using Watcher.Application;
using Watcher.Application.Plugins;
using Watcher.AzureMonitor;
using Watcher.BlobStorage;
using Watcher.Optimization;
using Watcher.Prometheus;
using Watcher.ServiceDefaults;
using Watcher.Simulator;

// The Functions app's composition root: service defaults, the application layer and the adapters this deployment offers.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddServiceDefaults();
// The worker's spans join the trace the Functions host started for each invocation.
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
builder.AddValidatedOptions<WatcherOptions>("Watcher");
builder.AddValidatedOptions<ExecutionOptions>(ExecutionOptions.Section);
builder.Services.AddWatcherApplication().AddBlobStorage(builder.Configuration).AddSimulator(builder.Configuration).AddPrometheus(builder.Configuration).AddAzureMonitor(builder.Configuration);
builder.Services.AddStrategy<OptimalConsolidationStrategy>();
builder.Build().Run();
