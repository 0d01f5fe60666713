using Watcher.Api.Handlers;
using Watcher.Application.Ports;

namespace Watcher.Api.Tests;

/// <summary>Orchestration status documents speak the API's snake_case, whatever names the Durable converter wrote.</summary>
public sealed class OrchestrationViewTests
{
    [Fact]
    public void Describe_PascalCaseProgressAndOutput_KeysBecomeSnakeCase()
    {
        var status = new WorkflowStatus(
            "actionplan-1", "ActionPlanOrchestrator", "Completed", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch,
            """{"Phase":"executing","SucceededCount":3,"Actions":[{"ActionUuid":"a","RevertFailed":[]}]}""",
            """{"State":"SUCCEEDED","FailedActionUuid":null,"HTTPStatus":1}""",
            null,
            null);

        var view = OrchestrationHandlers.Describe(status);

        Assert.Equal("executing", view["progress"]!["phase"]!.GetValue<string>());
        Assert.Equal(3, view["progress"]!["succeeded_count"]!.GetValue<int>());
        Assert.Equal("a", view["progress"]!["actions"]![0]!["action_uuid"]!.GetValue<string>());
        Assert.NotNull(view["progress"]!["actions"]![0]!["revert_failed"]);
        Assert.Equal("SUCCEEDED", view["output"]!["state"]!.GetValue<string>());
        Assert.True(view["output"]!.AsObject().ContainsKey("failed_action_uuid"));
        Assert.NotNull(view["output"]!["http_status"]);
        Assert.Null(view["failure"]);
    }

    [Fact]
    public void Describe_FailedInstance_ReportsTheFailure()
    {
        var status = new WorkflowStatus("x", "AuditOrchestrator", "Failed", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, "Watcher.Domain.Errors.ValidationException", "boom");

        var view = OrchestrationHandlers.Describe(status);

        Assert.Equal("boom", view["failure"]!["error_message"]!.GetValue<string>());
        Assert.Null(view["progress"]);
    }

    [Fact]
    public void Describe_InfrastructureFailure_WithholdsItsText()
    {
        var status = new WorkflowStatus("x", "AuditOrchestrator", "Failed", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, "Azure.RequestFailedException", "Server failed to authenticate the request. AccountName=devstoreaccount1");

        var view = OrchestrationHandlers.Describe(status);

        var message = view["failure"]!["error_message"]!.GetValue<string>();
        Assert.DoesNotContain("AccountName", message, StringComparison.Ordinal);
        Assert.Contains("RequestFailedException", message, StringComparison.Ordinal);
    }
}
