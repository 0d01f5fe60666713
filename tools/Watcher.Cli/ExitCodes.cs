namespace Watcher.Cli;

/// <summary>The tool's exit codes.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>An unexpected failure (a strategy bug, an I/O error).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: unknown strategy or planner, bad parameter, invalid snapshot, bad command line.</summary>
    public const int Usage = 2;

    /// <summary>The plan failed <c>PlanVerifier</c>: it would overload a host or names unknown resources.</summary>
    public const int UnsafePlan = 3;
}
