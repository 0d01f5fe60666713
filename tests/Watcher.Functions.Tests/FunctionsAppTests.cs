using System.Reflection;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Watcher.Api;
using Watcher.Functions;
using Watcher.LocalHost;
using Watcher.Orchestrations;

namespace Watcher.Functions.Tests;

/// <summary>Checks that the Functions app exposes exactly what the local host and the task registration do.</summary>
public sealed class FunctionsAppTests
{
    private static readonly Assembly FunctionsAssembly = typeof(HttpFunctions).Assembly;

    [Fact]
    public async Task FunctionsApp_HttpTriggers_MatchLocalHostRouteTable()
    {
        var functions = FunctionsWith<HttpTriggerAttribute>().ToList();
        var fromFunctions = functions.Select(f => Endpoint(f.Trigger.Methods!.Single(), f.Trigger.Route!)).ToHashSet();
        Assert.Equal(functions.Count, fromFunctions.Count);

        await using var app = LocalHostApp.Build(["--Watcher:Local:SidecarPort=0", "--Watcher:Local:Url=http://127.0.0.1:0"]);
        var fromLocalHost = ((IEndpointRouteBuilder)app).DataSources
            .SelectMany(d => d.Endpoints)
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<GrpcMethodMetadata>() is null) // the Durable gRPC sidecar on its own port
            .SelectMany(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [], (e, method) => Endpoint(method, e.RoutePattern.RawText!)) // the fallback has no methods
            .ToHashSet();

        Assert.NotEmpty(fromLocalHost);
        var missing = fromLocalHost.Except(fromFunctions).Order().ToList();
        var extra = fromFunctions.Except(fromLocalHost).Order().ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0,
            $"Functions app and local host routes differ.\nOnly on the local host: {string.Join(", ", missing)}\nOnly in the Functions app: {string.Join(", ", extra)}");

        var routeNames = WatcherApi.Routes.Select(r => r.Name).ToHashSet();
        var unnamed = functions.Select(f => f.Name).Where(n => !routeNames.Contains(n)).ToList();
        Assert.True(unnamed.Count == 0, $"HTTP functions not named after a route: {string.Join(", ", unnamed)}");
        foreach (var function in functions)
        {
            var route = WatcherApi.Find(function.Name);
            Assert.Equal(Endpoint(route.Method, route.Template), Endpoint(function.Trigger.Methods!.Single(), function.Trigger.Route!));
        }
    }

    [Fact]
    public void FunctionsApp_OrchestratorTriggers_MatchOrchestratorClasses()
    {
        var triggers = FunctionsWith<OrchestrationTriggerAttribute>().ToDictionary(f => f.Name, f => f.Method);
        Assert.Equal(WatcherTaskRegistration.Orchestrators.Select(o => o.Name).Order(), triggers.Keys.Order());
        Assert.All(WatcherTaskRegistration.Orchestrators, o =>
            Assert.Equal(typeof(Task<>).MakeGenericType(o.Output), triggers[o.Name].ReturnType));
    }

    [Fact]
    public void FunctionsApp_ActivityTriggers_MatchActivityClassesBothWays()
    {
        var triggers = FunctionsWith<ActivityTriggerAttribute>().ToList();
        var classes = WatcherTaskRegistration.Activities.ToDictionary(a => a.Name);
        var orphanTriggers = triggers.Select(t => t.Name).Where(n => !classes.ContainsKey(n)).ToList();
        var missingTriggers = classes.Keys.Except(triggers.Select(t => t.Name)).ToList();
        Assert.True(orphanTriggers.Count == 0 && missingTriggers.Count == 0,
            $"Activity triggers without a class: {string.Join(", ", orphanTriggers)}; activity classes without a trigger: {string.Join(", ", missingTriggers)}");
        Assert.All(triggers, t =>
        {
            var activity = classes[t.Name];
            var input = Assert.Single(t.Method.GetParameters(), p => p.GetCustomAttribute<ActivityTriggerAttribute>() is not null);
            Assert.Equal(activity.Input, input.ParameterType);
            Assert.Equal(typeof(Task<>).MakeGenericType(activity.Output), t.Method.ReturnType);
        });
    }

    [Fact]
    public void FunctionsApp_TimerTrigger_UsesThirtySecondSchedule()
    {
        var timer = Assert.Single(FunctionsWith<TimerTriggerAttribute>());
        Assert.Equal("ContinuousAuditTimer", timer.Name);
        Assert.Equal("*/30 * * * * *", timer.Trigger.Schedule);
        Assert.Equal(30, new WatcherOptions().ContinuousAuditCheckSeconds);
    }

    [Fact]
    public void FunctionsApp_FunctionNames_AreUnique()
    {
        var names = FunctionsAssembly.GetTypes().SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Equal(WatcherApi.Routes.Count + WatcherTaskRegistration.Orchestrators.Count + WatcherTaskRegistration.Activities.Count + 1, names.Count);
    }

    private static string Endpoint(string method, string route) => $"{method.ToUpperInvariant()} /{route.TrimStart('/')}";

    private static IEnumerable<(string Name, MethodInfo Method, T Trigger)> FunctionsWith<T>()
        where T : Attribute =>
        from type in FunctionsAssembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance)
        let function = method.GetCustomAttribute<FunctionAttribute>()
        where function is not null
        from parameter in method.GetParameters()
        let trigger = parameter.GetCustomAttribute<T>()
        where trigger is not null
        select (function.Name, method, trigger);
}
