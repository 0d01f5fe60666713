using System.Diagnostics.CodeAnalysis;
using Azure;
using Azure.Core;

namespace Watcher.AzureMonitor.Tests;

/// <summary>A canned Azure.Core response: status, headers and a JSON body.</summary>
public sealed class MockResponse : Response
{
    private readonly Dictionary<string, string> _headers = new(StringComparer.OrdinalIgnoreCase);

    public MockResponse(int status, string? body = null, params (string Name, string Value)[] headers)
    {
        Status = status;
        ContentStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body ?? ""));
        foreach (var (name, value) in headers)
        {
            _headers[name] = value;
        }
    }

    public override int Status { get; }

    public override string ReasonPhrase => Status switch { 200 => "OK", 403 => "Forbidden", 404 => "Not Found", 429 => "Too Many Requests", _ => "Error" };

    public override Stream? ContentStream { get; set; }

    public override string ClientRequestId { get; set; } = Guid.Empty.ToString();

    public static MockResponse FromFile(int status, string file, params (string Name, string Value)[] headers) =>
        new(status, File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Responses", file)), headers);

    public override void Dispose() => ContentStream?.Dispose();

    protected override bool ContainsHeader(string name) => _headers.ContainsKey(name);

    protected override IEnumerable<HttpHeader> EnumerateHeaders() => _headers.Select(h => new HttpHeader(h.Key, h.Value));

    protected override bool TryGetHeader(string name, [NotNullWhen(true)] out string? value) => _headers.TryGetValue(name, out value);

    protected override bool TryGetHeaderValues(string name, [NotNullWhen(true)] out IEnumerable<string>? values)
    {
        values = _headers.TryGetValue(name, out var value) ? [value] : null;
        return values is not null;
    }
}
