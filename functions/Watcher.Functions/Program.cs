using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Watcher.Api;
using Watcher.Application;
using Watcher.Application.Plugins;
using Watcher.BlobStorage;
using Watcher.Optimization;
using Watcher.Prometheus;
using Watcher.Simulator;

// The Functions app's composition root: the application layer and the adapters this deployment offers.
var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.Services.AddSingleton(builder.Configuration.GetSection("Watcher").Get<WatcherOptions>() ?? new WatcherOptions());
builder.Services.AddWatcherApplication().AddBlobStorage(builder.Configuration).AddSimulator(builder.Configuration).AddPrometheus(builder.Configuration);
builder.Services.AddStrategy<OptimalConsolidationStrategy>();
builder.Build().Run();
