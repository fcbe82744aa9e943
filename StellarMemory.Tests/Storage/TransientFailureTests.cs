using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure;
using Npgsql;
using StellarMemory.Core.Billing;
using StellarMemory.Core.Embeddings;
using StellarMemory.Core.Storage;

namespace StellarMemory.Tests.Storage;

/// <summary>Which failures pass (a dependency down, slow or busy: retry, or answer 503) and which would repeat
/// on another attempt (a bad payload, a bug, a refusal).</summary>
public sealed class TransientFailureTests
{
    public static TheoryData<string, Exception> Transient => new()
    {
        { "no connection to PostgreSQL (08006)", Postgres("08006") },
        { "PostgreSQL refuses the connection (08001)", Postgres("08001") },
        { "too many connections (53300)", Postgres("53300") },
        { "out of disk (53100)", Postgres("53100") },
        { "server shutting down (57P01)", Postgres("57P01") },
        { "server crashed (57P02)", Postgres("57P02") },
        { "server starting up (57P03)", Postgres("57P03") },
        { "serialization failure (40001)", Postgres("40001") },
        { "deadlock (40P01)", Postgres("40P01") },
        { "Npgsql over a dead socket", new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused)) },
        { "Npgsql reading a closed stream", new NpgsqlException("Exception while reading from stream", new IOException("closed")) },
        { "Npgsql timing out", new NpgsqlException("Timeout", new TimeoutException()) },
        { "queue service unreachable (no status)", new RequestFailedException(0, "Connection refused") },
        { "queue service timeout (408)", new RequestFailedException(408, "Timeout") },
        { "queue service throttling (429)", new RequestFailedException(429, "Too many requests") },
        { "queue service failing (500)", new RequestFailedException(500, "Internal error") },
        { "queue service busy (503)", new RequestFailedException(503, "Server busy") },
        { "Stripe throttling (429)", new Stripe.StripeException(HttpStatusCode.TooManyRequests, null, "Too many requests") },
        { "Stripe failing (502)", new Stripe.StripeException(HttpStatusCode.BadGateway, null, "Bad gateway") },
        { "Toss timeout (408)", new TossGateway.TossException("TIMEOUT", "timeout", 408) },
        { "Toss throttling (429)", new TossGateway.TossException("TOO_MANY", "slow down", 429) },
        { "Toss failing (500)", new TossGateway.TossException("FAILED_INTERNAL_SYSTEM_PROCESSING", "down", 500) },
        { "HTTP without a response", new HttpRequestException("Connection refused") },
        { "HTTP 503", new HttpRequestException("Service unavailable", null, HttpStatusCode.ServiceUnavailable) },
        { "HTTP 429", new HttpRequestException("Too many requests", null, HttpStatusCode.TooManyRequests) },
        { "socket", new SocketException((int)SocketError.ConnectionReset) },
        { "timeout", new TimeoutException() },
        { "I/O", new IOException("Broken pipe") },
        { "HttpClient timeout", new TaskCanceledException("The request was canceled due to the configured HttpClient.Timeout", new TimeoutException()) },
        { "embedding model unavailable", new EmbeddingUnavailableException("The embedding API is down") },
        { "every inner failure transient", new AggregateException(new RequestFailedException(503, "busy"), new SocketException()) },
        { "Azure retries exhausted", new AggregateException("Retry failed after 4 tries.",
            Enumerable.Range(0, 4).Select(_ => new RequestFailedException(0, "Connection refused", new HttpRequestException("refused")))) },
        { "wrapped transient failure", new InvalidOperationException("Migration 0005_memories.sql failed.", Postgres("57P01")) },
        { "deeply wrapped transient failure", new InvalidOperationException("outer", new ApplicationException("middle", new SocketException())) },
    };

    public static TheoryData<string, Exception> Permanent => new()
    {
        { "unique violation (23505)", Postgres("23505") },
        { "undefined table (42P01)", Postgres("42P01") },
        { "wrong password (28P01)", Postgres("28P01") },
        { "no such database (3D000)", Postgres("3D000") },
        { "query cancelled (57014)", Postgres("57014") },
        { "database dropped (57P04)", Postgres("57P04") },
        { "Npgsql misuse", new NpgsqlException("The connection is already in state 'Executing'") },
        { "queue not found (404)", new RequestFailedException(404, "QueueNotFound") },
        { "bad request (400)", new RequestFailedException(400, "InvalidXmlDocument") },
        { "wrong account key (403)", new RequestFailedException(403, "AuthenticationFailed") },
        { "conflict (409)", new RequestFailedException(409, "QueueBeingDeleted") },
        { "Stripe card declined (402)", new Stripe.StripeException(HttpStatusCode.PaymentRequired, null, "Your card was declined") },
        { "Stripe bad request (400)", new Stripe.StripeException(HttpStatusCode.BadRequest, null, "No such customer") },
        { "Toss answered without a billing key (no status)", new TossGateway.TossException("NO_BILLING_KEY", "No billing key was issued.") },
        { "Toss rejected card (400)", new TossGateway.TossException("REJECT_CARD_COMPANY", "rejected", 400) },
        { "Toss unauthorised (401)", new TossGateway.TossException("UNAUTHORIZED_KEY", "bad key", 401) },
        { "HTTP 404", new HttpRequestException("Not found", null, HttpStatusCode.NotFound) },
        { "HTTP 401", new HttpRequestException("Unauthorized", null, HttpStatusCode.Unauthorized) },
        { "a caller's cancellation", new TaskCanceledException() },
        { "an operation cancelled", new OperationCanceledException() },
        { "a bad payload", new JsonException("'x' is an invalid start of a value.") },
        { "a bug", new InvalidOperationException("Sequence contains no elements") },
        { "a null", new NullReferenceException() },
        { "no inner failures", new AggregateException() },
        { "one inner failure permanent", new AggregateException(new RequestFailedException(503, "busy"), new JsonException("bad")) },
        { "wrapped permanent failure", new InvalidOperationException("outer", new ArgumentException("bad")) },
    };

    [Theory]
    [MemberData(nameof(Transient))]
    public void Failures_of_a_dependency_are_transient(string what, Exception failure) =>
        Assert.True(TransientFailure.Is(failure), what);

    [Theory]
    [MemberData(nameof(Permanent))]
    public void Failures_of_the_work_itself_are_not(string what, Exception failure) =>
        Assert.False(TransientFailure.Is(failure), what);

    private static PostgresException Postgres(string sqlState) => new("failure " + sqlState, "ERROR", "ERROR", sqlState);
}
