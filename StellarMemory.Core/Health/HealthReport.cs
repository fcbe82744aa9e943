namespace StellarMemory.Core.Health;

/// <summary>What the health endpoint answers: overall status and each dependency's state.</summary>
public sealed record HealthReport(string Status, string Database, string Queues, string Version)
{
    public bool IsHealthy => Status == "ok";
}
