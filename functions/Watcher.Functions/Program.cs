using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Watcher.Api;
using Watcher.Prometheus;
using Watcher.ServiceDefaults;
using Watcher.Simulator;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.AddServiceDefaults();
// The worker's spans join the trace the Functions host started for each invocation.
builder.Services.AddOpenTelemetry().UseFunctionsWorkerDefaults();
builder.AddValidatedOptions<WatcherOptions>("Watcher");
builder.AddValidatedOptions<SimulatorOptions>("Watcher:Simulator");
builder.AddValidatedOptions<PrometheusOptions>("Watcher:Prometheus");
builder.Services.AddWatcherCore(builder.Configuration);
builder.Build().Run();
