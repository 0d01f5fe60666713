using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using Watcher.Api;
using Watcher.Functions;
using Watcher.LocalHost;
using Watcher.Orchestrations;

namespace Watcher.Functions.Tests;

/// <summary>Checks that the Functions app exposes exactly what the local host and the task registration do.</summary>
public sealed partial class FunctionsAppTests
{
    private static readonly Assembly FunctionsAssembly = typeof(HttpFunctions).Assembly;

    [Fact]
    public void FunctionsApp_HttpTrigger_IsOneCatchAllForEveryMethodOfTheTable()
    {
        var trigger = Assert.Single(FunctionsWith<HttpTriggerAttribute>());
        Assert.Equal(HttpFunctions.Name, trigger.Name);
        Assert.Equal("{*path}", trigger.Trigger.Route);
        var methods = trigger.Trigger.Methods!.Select(m => m.ToUpperInvariant()).ToHashSet();
        var unserved = WatcherApi.Routes.Select(r => r.Method).Where(m => !methods.Contains(m)).Distinct().ToList();
        Assert.True(unserved.Count == 0, $"The catch-all trigger does not accept: {string.Join(", ", unserved)}");
    }

    [Fact]
    public async Task FunctionsDispatcher_EveryRouteAndProbe_ResolvesAsLocalHostRouting()
    {
        // Never started: the port only has to match the API group's RequireHost.
        await using var app = LocalHostApp.Build(["--Watcher:Local:SidecarPort=0", "--Watcher:Local:Url=http://127.0.0.1:18099"]);
        Endpoint? selected = null;
        app.UseRouting();
        app.Run(http =>
        {
            selected = http.GetEndpoint();
            return Task.CompletedTask;
        });
        var pipeline = ((IApplicationBuilder)app).Build();

        async Task<string?> LocalHostResolves(string method, string path)
        {
            selected = null;
            var http = new DefaultHttpContext { RequestServices = app.Services };
            http.Request.Method = method;
            http.Request.Scheme = "http";
            http.Request.Host = new HostString("127.0.0.1", 18099);
            http.Request.Path = path;
            await pipeline(http);
            return selected?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
        }

        // Every route with sample values, the literals that compete with parameters ("detail" vs "{ident}"), a
        // wrong method and unknown paths (both hosts: no route, so Watcher's 404).
        var probes = WatcherApi.Routes.Select(r => (r.Method, Path: "/" + ParameterRegex().Replace(r.Template, "sample-value")))
            .Concat(WatcherApi.Routes.Select(r => (Method: "GET", Path: "/" + ParameterRegex().Replace(r.Template, "detail"))))
            .Concat([("PUT", "/v1/goals"), ("GET", "/v1/unknown"), ("GET", "/v1/goals/a/b"), ("DELETE", "/v1/goals/detail")])
            .Distinct()
            .ToList();
        var differences = new List<string>();
        foreach (var (method, path) in probes)
        {
            var local = await LocalHostResolves(method, path);
            var functions = FunctionsHttp.Resolve(method, path)?.Route.Name;
            if (local != functions)
            {
                differences.Add($"{method} {path}: local host -> {local ?? "404"}, Functions -> {functions ?? "404"}");
            }
        }

        Assert.True(differences.Count == 0, "The Functions dispatcher and the local host resolve differently:\n" + string.Join("\n", differences));
        Assert.All(WatcherApi.Routes, r => Assert.Equal(r.Name, FunctionsHttp.Resolve(r.Method, "/" + ParameterRegex().Replace(r.Template, "sample-value"))?.Route.Name));
    }

    [Fact]
    public void FunctionsDispatcher_RouteWithParameter_ExtractsItsValue()
    {
        var match = FunctionsHttp.Resolve("POST", "/v1/action_plans/3f2a/start");
        Assert.NotNull(match);
        Assert.Equal("StartActionPlan", match.Route.Name);
        Assert.Equal("3f2a", match.Values["uuid"]);
        Assert.Equal("ListGoalsDetail", FunctionsHttp.Resolve("GET", "/v1/goals/detail")?.Route.Name);
        Assert.Equal("GetGoal", FunctionsHttp.Resolve("GET", "/v1/goals/dummy")?.Route.Name);
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
    public void FunctionsApp_TimerTriggers_UseLocalHostDefaultPeriods()
    {
        var timers = FunctionsWith<TimerTriggerAttribute>().OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        Assert.Equal(["ContinuousAuditTimer", "MaintenanceReturnTimer", "ReconcilerTimer"], timers.Select(t => t.Name));
        Assert.All(timers.Where(t => t.Name != "ReconcilerTimer"), t => Assert.Equal("*/30 * * * * *", t.Trigger.Schedule));
        Assert.Equal(30, new WatcherOptions().ContinuousAuditCheckSeconds);
        Assert.Equal(30, new WatcherOptions().ReturnCheckSeconds);
        // The reconciler: every minute, as the local host's Watcher:Reconciler:CheckSeconds default.
        Assert.Equal("0 * * * * *", timers.Single(t => t.Name == "ReconcilerTimer").Trigger.Schedule);
        Assert.Equal(60, new Watcher.Application.Services.ReconcilerOptions().CheckSeconds);
    }

    [Fact]
    public void FunctionsApp_FunctionNames_AreUnique()
    {
        var names = FunctionsAssembly.GetTypes().SelectMany(t => t.GetMethods())
            .Select(m => m.GetCustomAttribute<FunctionAttribute>()?.Name)
            .OfType<string>()
            .ToList();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        // One HTTP dispatcher, the durable triggers, and three timers (continuous audits, automatic return, reconciler).
        Assert.Equal(1 + WatcherTaskRegistration.Orchestrators.Count + WatcherTaskRegistration.Activities.Count + 3, names.Count);
    }

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

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex ParameterRegex();
}
