using System.Net.Sockets;
using Azure;
using Npgsql;

namespace StellarMemory.Core.Storage;

/// <summary>Tells failures of a dependency (the database, the queue service, a provider's API, the network),
/// which pass and are worth retrying or answering 503, from failures of the work itself (a bad payload, a bug),
/// which another attempt would repeat.</summary>
public static class TransientFailure
{
    public static bool Is(Exception exception) => exception switch
    {
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(Is),
        PostgresException postgres => IsTransient(postgres.SqlState),
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        RequestFailedException storage => Retriable(storage.Status),
        Stripe.StripeException stripe => Retriable((int)stripe.HttpStatusCode),
        Billing.TossGateway.TossException toss => toss.Status is 408 or 429 or >= 500,
        HttpRequestException http => http.StatusCode is not { } status || Retriable((int)status),
        SocketException or TimeoutException or IOException => true,
        TaskCanceledException { InnerException: TimeoutException } => true,
        Polly.ExecutionRejectedException => true, // an HTTP client's resilience timeout or open circuit

        Embeddings.EmbeddingUnavailableException => true,
        _ => exception.InnerException is { } inner && Is(inner),
    };

    // No answer at all (0), a timeout, throttling, or the service's own failure.
    private static bool Retriable(int status) => status is 0 or 408 or 429 or >= 500;

    // Connection problems (08), too many connections or out of resources (53), the server shutting down or
    // restarting (57P0x), and serialization failures and deadlocks (40001, 40P01), which pass on retry.
    private static bool IsTransient(string sqlState) =>
        sqlState.StartsWith("08", StringComparison.Ordinal) || sqlState.StartsWith("53", StringComparison.Ordinal)
        || sqlState is "57P01" or "57P02" or "57P03" or "40001" or "40P01";
}
