namespace Watcher.Domain.Actions;

/// <summary>Watcher's action type names.</summary>
public static class ActionTypes
{
    public const string Migrate = "migrate";
    public const string ChangeNovaServiceState = "change_nova_service_state";
    public const string Nop = "nop";
    public const string Sleep = "sleep";
    public const string Stop = "stop";
    public const string Resize = "resize";
    public const string ChangeNodePowerState = "change_node_power_state";
    public const string VolumeMigrate = "volume_migrate";
    public const string TurnHostToAcpiS3State = "turn_host_to_acpi_s3_state";
}
