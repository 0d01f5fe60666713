using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Watcher.OpenStack.Tests;

/// <summary>
/// A scripted HTTP handler for unit tests: answers Keystone's <c>POST /v3/auth/tokens</c> with a numbered token, a
/// catalog (compute in two regions and interfaces) and an expiry, and other requests from a queue of responses.
/// </summary>
public sealed class StubKeystoneHandler(DateTimeOffset expiresAt) : HttpMessageHandler
{
    private readonly Queue<(HttpStatusCode Status, string Body)> _responses = new();

    public List<HttpRequestMessage> Requests { get; } = [];

    public List<string> Bodies { get; } = [];

    public int TokensIssued { get; private set; }

    public DateTimeOffset ExpiresAt { get; set; } = expiresAt;

    public void Enqueue(HttpStatusCode status, string body) => _responses.Enqueue((status, body));

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Requests.Add(request);
        Bodies.Add(request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken));
        if (request.RequestUri!.AbsolutePath.EndsWith("/auth/tokens", StringComparison.Ordinal))
        {
            TokensIssued++;
            var body = new JsonObject
            {
                ["token"] = new JsonObject
                {
                    ["expires_at"] = ExpiresAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", System.Globalization.CultureInfo.InvariantCulture),
                    ["catalog"] = JsonNode.Parse("""
                        [{"type": "compute", "endpoints": [
                          {"interface": "public", "region_id": "RegionTwo", "url": "http://nova-two/v2.1"},
                          {"interface": "internal", "region_id": "RegionOne", "url": "http://nova-internal/v2.1"},
                          {"interface": "public", "region_id": "RegionOne", "url": "http://nova-public/v2.1"}]},
                         {"type": "placement", "endpoints": [{"interface": "public", "region_id": "RegionOne", "url": "http://placement"}]}]
                        """),
                },
            };
            var response = new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
            response.Headers.Add("X-Subject-Token", $"token-{TokensIssued}");
            return response;
        }

        var (status, text) = _responses.Count > 0 ? _responses.Dequeue() : (HttpStatusCode.OK, "{}");
        return new HttpResponseMessage(status) { Content = new StringContent(text, Encoding.UTF8, "application/json") };
    }
}
