namespace StellarMemory.Functions.Health;

/// <summary>Response of GET /api/v1/health: overall status, each dependency ("up" or "down"), and the app version.</summary>
public sealed record HealthResponse(string Status, string Database, string Queues, string Version);
