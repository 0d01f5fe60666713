using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Watcher.Api;
using Watcher.Api.Auth;
using Watcher.Api.Hardening;
using Watcher.Application;
using Watcher.Application.Plugins;
using Watcher.AzureMonitor;
using Watcher.BlobStorage;
using Watcher.Keystone;
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
builder.AddValidatedOptions<Watcher.Orchestrations.Activities.Audit.HistoryOptions>(Watcher.Orchestrations.Activities.Audit.HistoryOptions.Section);
builder.Services.AddWatcherApplication().AddBlobStorage(builder.Configuration).AddSimulator(builder.Configuration).AddPrometheus(builder.Configuration).AddAzureMonitor(builder.Configuration);
builder.Services.AddStrategy<OptimalConsolidationStrategy>();
// The API's identity (docs/security.md). Mode none only under func start (Development): behind the Functions host every
// caller looks local, so loopback cannot be told apart from the internet here.
// Host check, links, Content-Type, CORS, rate limits and work limits (Watcher:Http, docs/security.md "Web hardening").
builder.Services.AddWatcherHttp(builder.Configuration);
builder.Services.AddWatcherAuth(builder.Configuration, allowOpenMode: builder.Environment.IsDevelopment()).AddKeystoneAuth(builder.Configuration);
var app = builder.Build();
app.Services.GetRequiredService<WatcherAuthSettings>().LogMode(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Watcher.Auth"));
app.Run();
