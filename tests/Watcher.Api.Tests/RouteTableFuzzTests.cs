using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Watcher.Domain.Persistence;
using Xunit.Abstractions;

namespace Watcher.Api.Tests;

/// <summary>
/// A bounded, seeded fuzz of the whole route table (read from <see cref="WatcherApi.Routes"/>, so a new route is fuzzed
/// without touching this test), as an admin: for every route, hostile path values, query values and bodies (built from
/// the route's body record's schema, or a known-good body, then mutated: wrong types, huge, unicode and control strings,
/// lone surrogates, duplicate members, nulls, extra members, deep nesting, invalid UTF-8, broken JSON, bad patch
/// operations). No request may get a 5xx, and a request answered with a 4xx may write nothing to the store.
/// <c>WATCHER_SOAK=1</c> runs ten times as many cases; <c>WATCHER_FUZZ_SEED</c> replays a seed.
/// </summary>
public sealed class RouteTableFuzzTests(ITestOutputHelper output)
{
    private const int DefaultSeed = 20269;

    private static readonly string[] HostileText =
    [
        string.Empty, " ", "null", "-1", "0", "1e309", "NaN", "Infinity", "true", "a\u0000b", "\u0007", "x\u001b[31m", "\u007f\u0085",
        "ünïcødé ✓ 𝄞", "\u202Eevil", "..%2F..%2Fetc%2Fpasswd", "' OR 1=1 --", "<script>alert(1)</script>", "{}", "[]",
        "*/5 * * * *", "0 0 31 2 *", "99 * * * *", "2026-13-45T99:99:99Z", "00000000-0000-4000-8000-000000000000",
    ];

    private static readonly string[] HostileQuery =
    [
        string.Empty, "-1", "0", "1", "99999999999999999999", "1e309", "NaN", "abc", "%00", "%ED%A0%80", "%C3%28", "%FF%FE",
        "%E2%80%AE", "created_at", "name", "desc", "asc", "sideways", "dummy", "unclassified", ",", "%22%5C", new string('q', 5000),
    ];

    private static readonly string[] HostilePathValues =
    [
        // No %00: the server's URL decoder refuses a path with NUL before any route runs (Kestrel answers 400).
        "00000000-0000-4000-8000-000000000000", "nope", "%01", "%1B", "%ED%A0%80", "%C3%28", "%FF", "..", "%2E%2E%2F", "a%2Fb", "null",
        "-1", "1e309", "%E2%80%AE", "%F0%9D%84%9E", new string('a', 4000), "dashboard.js", "LICENSE", "%20",
    ];

    private static readonly string[] PatchFields =
    [
        "/state", "/name", "/description", "/goal", "/strategy", "/scope", "/parameters", "/interval", "/auto_trigger", "/start_time",
        "/end_time", "/default_parameters", "/execution_policy", "/uuid", "/name/x", "", "/", "~1", "/hosts/0",
    ];

    [Fact]
    public async Task Routes_HostileRequestsAsAdmin_NoServerErrorAndNothingStoredWhenRejected()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("WATCHER_FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : DefaultSeed;
        var perRoute = Environment.GetEnvironmentVariable("WATCHER_SOAK") == "1" ? 1000 : 100;
        var store = new RecordingDocumentStore();
        await using var host = await ApiTestHost.StartAsync(configure: b =>
        {
            b.Services.AddSingleton<IDocumentStore>(store);
            b.Services.Configure<TestServerOptions>(o => o.PreserveExecutionContext = true);
        });
        var known = await SeedAsync(host);
        var random = new Random(seed);
        var failures = new List<string>();
        var statuses = new SortedDictionary<int, int>();
        var cases = 0;
        var started = DateTime.UtcNow;
        foreach (var route in RouteWalk.Registered(host.Services))
        {
            for (var i = 0; i < perRoute; i++)
            {
                var id = $"{route.Name}#{i}";
                var (path, body, description) = Generate(route, random, known);
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), path);
                request.Headers.Add("OpenStack-API-Version", random.Next(10) == 0 ? "infra-optim " + Pick(random, HostileQuery) : "infra-optim latest");
                if (body is not null)
                {
                    request.Content = new ByteArrayContent(body);
                    request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
                }

                int status;
                string text;
                RecordingDocumentStore.Case = id;
                try
                {
                    using var response = await host.Client.SendAsync(request);
                    status = (int)response.StatusCode;
                    text = await response.Content.ReadAsStringAsync();
                }
                finally
                {
                    RecordingDocumentStore.Case = null;
                }

                cases++;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                var what = $"{id} {route.Method} {Shorten(path)} {description}";
                if (status >= 500)
                {
                    failures.Add($"{what}: {status} {Shorten(text)}");
                }
                else if (status >= 400 && store.Writes.TryGetValue(id, out var writes) && !writes.IsEmpty)
                {
                    failures.Add($"{what}: {status} but wrote {string.Join(", ", writes.Distinct())}: {Shorten(text)}");
                }
            }
        }

        // The recorder must see what a request writes, or "nothing stored" would prove nothing.
        var accepted = statuses.Where(p => p.Key is 201 or 202).Sum(p => p.Value);
        Assert.True(accepted > 0 && store.Writes.Count > 0, $"seed {seed}: no accepted creation, or the store recorded no request's writes ({store.Writes.Count}).");
        output.WriteLine($"Route-table fuzz: seed {seed}, {cases} cases over {WatcherApi.Routes.Count} routes in {(DateTime.UtcNow - started).TotalSeconds:F1} s; statuses {string.Join(", ", statuses.Select(p => $"{p.Key}: {p.Value}"))}; failures {failures.Count}.");
        Assert.True(failures.Count == 0, $"seed {seed}: {failures.Count} of {cases} cases failed:\n" + string.Join("\n", failures.Take(25)));
    }

    /// <summary>Real ids the hostile requests can aim at: a template, a finished audit with its plan and actions.</summary>
    private static async Task<Dictionary<string, string[]>> SeedAsync(ApiTestHost host)
    {
        var template = await host.CreateAsync("/v1/audit_templates", new JsonObject { ["name"] = "fuzz-template", ["goal"] = "dummy" });
        var audit = await host.CreateAsync("/v1/audits", new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = "dummy", ["name"] = "fuzz-audit" });
        await host.WaitForAuditAsync(audit["uuid"]!.GetValue<string>(), "SUCCEEDED", "FAILED");
        var plans = (await host.GetOkAsync("/v1/action_plans"))["action_plans"]!.AsArray();
        var actions = (await host.GetOkAsync("/v1/actions"))["actions"]!.AsArray();
        var ids = new List<string> { template["uuid"]!.GetValue<string>(), "fuzz-template", audit["uuid"]!.GetValue<string>(), "fuzz-audit", "dummy" };
        ids.AddRange(plans.Select(p => p!["uuid"]!.GetValue<string>()));
        ids.AddRange(actions.Take(3).Select(a => a!["uuid"]!.GetValue<string>()));
        return new Dictionary<string, string[]>(StringComparer.Ordinal) { ["ids"] = [.. ids] };
    }

    private static (string Path, byte[]? Body, string Description) Generate(ApiRoute route, Random random, Dictionary<string, string[]> known)
    {
        var segments = route.Template.Split('/').Select(segment => segment.StartsWith('{')
            ? random.Next(3) == 0 ? Uri.EscapeDataString(Pick(random, known["ids"])) : Pick(random, HostilePathValues)
            : segment);
        var path = "/" + string.Join('/', segments);
        var names = route.Query.Concat(route.Paged ? ["limit", "marker", "sort_key", "sort_dir"] : []).Append("unexpected").ToList();
        var query = Enumerable.Range(0, random.Next(3))
            .Select(_ => $"{Pick(random, names.ToArray())}={(random.Next(4) == 0 ? Uri.EscapeDataString(Pick(random, known["ids"])) : Pick(random, HostileQuery))}")
            .ToList();
        if (query.Count > 0)
        {
            path += "?" + string.Join('&', query);
        }

        var (body, description) = route.Body switch
        {
            ApiBody.JsonPatch => PatchBody(random),
            ApiBody.Object or ApiBody.OptionalObject => ObjectBody(route, random),
            _ => random.Next(5) == 0 ? ObjectBody(route, random) : (null, "no body"),
        };
        return (path, body, description);
    }

    private static (byte[]? Body, string Description) ObjectBody(ApiRoute route, Random random)
    {
        var roll = random.Next(20);
        if (roll == 0)
        {
            return (Pick(random, RawBodies()), "raw bytes");
        }

        if (roll == 1 && route.Body == ApiBody.OptionalObject)
        {
            return (null, "no body");
        }

        var body = Baseline(route, random);
        var mutations = random.Next(4); // none sometimes: the baseline itself, so creations happen and later cases meet them
        var applied = new List<string>();
        for (var m = 0; m < mutations; m++)
        {
            applied.Add(Mutate(body, random));
        }

        var text = body.ToJsonString();
        if (random.Next(8) == 0 && body.Count > 0)
        {
            // A member given twice: JsonObject cannot hold it, so it is written into the text.
            var key = Pick(random, body.Select(p => p.Key).ToArray());
            text = "{\"" + key + "\": 1, " + text[1..];
            applied.Add($"duplicate {key}");
        }

        if (random.Next(8) == 0)
        {
            text = text.Length > 2 ? text[..^1] + (random.Next(2) == 0 ? ", \"\\udfff\": 1}" : ", \"s\": \"a\\ud800\"}") : "{\"s\": \"\\udc00\"}";
            applied.Add("lone surrogates");
        }

        return (Encoding.UTF8.GetBytes(text), Shorten(string.Join("; ", applied) + " " + text));
    }

    /// <summary>A body the route accepts (or nearly): a known-good one for the routes that need real values, else one built from the body record's schema.</summary>
    private static JsonObject Baseline(ApiRoute route, Random random) => route.Name switch
    {
        "CreateAuditTemplate" => new JsonObject { ["name"] = "t" + random.Next(1_000_000), ["goal"] = "dummy", ["strategy"] = "dummy", ["scope"] = new JsonArray(), ["description"] = "d" },
        "CreateAudit" => random.Next(3) switch
        {
            0 => new JsonObject { ["audit_type"] = "CONTINUOUS", ["goal"] = "dummy", ["interval"] = "*/30 * * * *" },
            1 => new JsonObject
            {
                ["audit_type"] = "ONESHOT", ["goal"] = "unclassified", ["strategy"] = "actuator",
                ["parameters"] = new JsonObject { ["actions"] = new JsonArray(new JsonObject { ["action_type"] = "sleep", ["input_parameters"] = new JsonObject { ["duration"] = 1 } }) },
            },
            _ => new JsonObject { ["audit_type"] = "ONESHOT", ["goal"] = "dummy", ["parameters"] = new JsonObject { ["para1"] = 2.0 } },
        },
        "SetSimulatorFaults" => new JsonObject { ["faults"] = new JsonArray(new JsonObject { ["action_type"] = "migrate", ["occurrence"] = 1, ["times"] = 1 }) },
        "ResetSimulator" => new JsonObject
        {
            ["hosts"] = new JsonArray(new JsonObject { ["uuid"] = "h1", ["hostname"] = "h1", ["vcpus"] = 8, ["memory_mb"] = 8192, ["disk_gb"] = 100 }),
            ["instances"] = new JsonArray(new JsonObject { ["uuid"] = "i1", ["name"] = "i1", ["vcpus"] = 1, ["memory_mb"] = 512, ["disk_gb"] = 1, ["host_uuid"] = "h1" }),
        },
        _ when route.RequestType is { } type => Sample(ApiSchemas.Export(type, ApiRequestBodies.BindOptions), 0) as JsonObject ?? [],
        _ => [],
    };

    /// <summary>A value of the schema's type (the first one a union names), objects with all their properties.</summary>
    private static JsonNode? Sample(JsonNode? schema, int depth)
    {
        var type = schema?["type"] switch
        {
            JsonValue v => v.GetValue<string>(),
            JsonArray a => a.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null"),
            _ => null,
        };
        return type switch
        {
            "object" when depth < 4 => new JsonObject((schema!["properties"] as JsonObject ?? []).Select(p => KeyValuePair.Create(p.Key, Sample(p.Value, depth + 1)))),
            "object" => new JsonObject(),
            "array" => new JsonArray(),
            "string" => "x",
            "integer" => 1,
            "number" => 1.5,
            "boolean" => true,
            _ => null,
        };
    }

    /// <summary>One mutation of <paramref name="body"/> at a random member (recursing into nested objects); its description.</summary>
    private static string Mutate(JsonObject body, Random random)
    {
        var target = body;
        var path = new List<string>();
        while (target.Count > 0 && random.Next(3) == 0 && target.Select(p => p.Value).OfType<JsonObject>().ToList() is { Count: > 0 } nested)
        {
            var next = Pick(random, nested.ToArray());
            path.Add(next.GetPropertyName());
            target = next;
        }

        var key = target.Count == 0 || random.Next(6) == 0 ? Pick(random, ["extra", "name", "__proto__", "x\u0000", "hosts", "actions"]) : Pick(random, target.Select(p => p.Key).ToArray());
        path.Add(key);
        JsonNode? value = random.Next(12) switch
        {
            0 => null,
            1 => JsonValue.Create(Pick(random, HostileText)),
            2 => new string('n', random.Next(2) == 0 ? 300_000 : 70),
            3 => JsonValue.Create(random.Next(2) == 0 ? -1 : int.MaxValue),
            4 => JsonValue.Create(random.Next(2) == 0 ? 1e308 : -1e-300),
            5 => new JsonArray(JsonValue.Create(Pick(random, HostileText)), null, new JsonObject()),
            6 => new JsonObject { ["k"] = Pick(random, HostileText) },
            7 => Nest(random.Next(20, 60)),
            8 => JsonValue.Create(random.Next(2) == 0),
            9 => new JsonArray(new JsonObject { ["action_type"] = Pick(random, ["sleep", "stop", "migrate", "nop", "teleport"]), ["input_parameters"] = new JsonObject { ["duration"] = Pick<double>(random, [-1.0, 1e9, 0.5]), ["resource_id"] = "nope" } }),
            10 => JsonValue.Create(Pick(random, ["0 0 31 2 *", "*/5 * * * *", "61 * * * *", "5", "0", "-3600", "1e400"])),
            _ => JsonValue.Create(Pick(random, HostileText) + Pick(random, HostileText)),
        };
        if (random.Next(10) == 0)
        {
            target.Remove(key);
            return $"remove {string.Join('.', path)}";
        }

        target[key] = value;
        return $"{string.Join('.', path)}={Shorten(value?.ToJsonString() ?? "null", 40)}";
    }

    private static JsonNode Nest(int depth)
    {
        JsonNode node = 1;
        for (var i = 0; i < depth; i++)
        {
            node = i % 2 == 0 ? new JsonArray(node) : new JsonObject { ["a"] = node };
        }

        return node;
    }

    private static (byte[]? Body, string Description) PatchBody(Random random)
    {
        if (random.Next(6) == 0)
        {
            return (Pick(random, RawBodies()), "raw bytes");
        }

        var ops = new JsonArray();
        for (var i = random.Next(4); i >= 0; i--)
        {
            var op = new JsonObject
            {
                ["op"] = Pick(random, ["add", "replace", "replace", "remove", "move", "copy", "test", "bogus", string.Empty]),
                ["path"] = Pick(random, PatchFields),
            };
            if (random.Next(5) != 0)
            {
                op["value"] = random.Next(6) switch
                {
                    0 => Pick(random, ["CANCELLED", "SUSPENDED", "ONGOING", "PENDING", "SKIPPED", "RECOMMENDED", "DELETED"]),
                    1 => null,
                    2 => new JsonObject { ["para1"] = Pick<double>(random, [1.0, -1.0, 1e308]) },
                    3 => new JsonArray(new JsonObject { ["compute"] = new JsonArray() }),
                    4 => new string('n', random.Next(2) == 0 ? 300_000 : 64),
                    _ => Pick(random, HostileText),
                };
            }

            if (random.Next(8) == 0)
            {
                op["from"] = Pick(random, PatchFields);
            }

            ops.Add(random.Next(15) == 0 ? null : op);
        }

        var text = ops.ToJsonString();
        if (random.Next(8) == 0)
        {
            text = text.Replace("{\"op\":", "{\"op\": \"remove\", \"op\":", StringComparison.Ordinal);
        }

        return (Encoding.UTF8.GetBytes(text), Shorten(text));
    }

    private static byte[][] RawBodies() =>
    [
        [], " "u8.ToArray(), "null"u8.ToArray(), "1"u8.ToArray(), "\"s\""u8.ToArray(), "[]"u8.ToArray(), "{}"u8.ToArray(), "{"u8.ToArray(),
        "{\"a\":}"u8.ToArray(), "{\"a\": 1,}"u8.ToArray(), "[{\"op\": \"replace\"]"u8.ToArray(), [0xFF, 0xFE, 0x7B, 0x7D], [0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D],
        "{\"name\": \"\\ud800\"}"u8.ToArray(), "{\"a\": 1e99999}"u8.ToArray(), "{\"a\": -0}"u8.ToArray(), "{\"a\": 123456789012345678901234567890}"u8.ToArray(),
        Encoding.UTF8.GetBytes(new string('[', 5000) + new string(']', 5000)), Encoding.UTF8.GetBytes("{\"a\": \"" + new string('z', 600_000) + "\"}"),
        "\uFEFF{}"u8.ToArray(), "{}{}"u8.ToArray(), "{\"a\": NaN}"u8.ToArray(), "{'a': 1}"u8.ToArray(), "/* c */ {}"u8.ToArray(),
    ];

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];

    private static string Shorten(string text, int max = 300) => text.Length <= max ? text : text[..max] + $"...({text.Length} chars)";
}
