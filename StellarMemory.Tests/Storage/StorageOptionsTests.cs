using Azure.Core;
using Microsoft.Extensions.Configuration;
using Npgsql;
using StellarMemory.Core.Storage;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Storage;

/// <summary>Locally the app takes connection strings with their secrets; in Azure it signs in with its identity: the
/// queue service by account name, PostgreSQL with a token as the password; and each pool's size is a setting.</summary>
public sealed class StorageOptionsTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))).Build();

    [Fact]
    public void Local_connection_strings_need_no_identity_and_keep_the_default_pools()
    {
        var options = StorageOptions.From(Settings(
            ("ConnectionStrings:Postgres", TestEnvironment.PostgresConnectionString), ("AzureWebJobsStorage", TestEnvironment.QueueConnectionString)));

        Assert.Null(options.Credential);
        Assert.Null(options.QueueServiceUri);
        Assert.False(options.PostgresEntraAuthentication);
        Assert.Null(options.MaxPoolSize);
        Assert.Equal(StorageOptions.DefaultBookkeepingMaxPoolSize, options.BookkeepingMaxPoolSize);
        Assert.Equal("devstoreaccount1", new QueueClientFactory(options).Service.AccountName);
    }

    [Fact]
    public void Without_a_connection_string_the_queue_clients_reach_the_named_account_with_the_identity()
    {
        var options = StorageOptions.From(Settings(
            ("ConnectionStrings:Postgres", "Host=db.example.com;Database=stellar;Username=id-stellar"),
            ("AzureWebJobsStorage:accountName", "ststellar"), ("AzureWebJobsStorage:credential", "managedidentity"),
            ("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000001")));

        Assert.NotNull(options.Credential);
        var service = new QueueClientFactory(options).Service;
        Assert.Equal(new Uri("https://ststellar.queue.core.windows.net"), service.Uri);
        Assert.False(service.CanGenerateAccountSasUri, "a client with an account key");
    }

    [Fact]
    public void Pool_sizes_come_from_settings()
    {
        var options = StorageOptions.From(Settings(
            ("ConnectionStrings:Postgres", TestEnvironment.PostgresConnectionString), ("AzureWebJobsStorage", TestEnvironment.QueueConnectionString),
            ("Postgres:MaxPoolSize", "30"), ("Postgres:BookkeepingMaxPoolSize", "8")));

        Assert.Equal(30, options.MaxPoolSize);
        Assert.Equal(8, options.BookkeepingMaxPoolSize);
        using var dataSource = PostgresDataSourceFactory.Create(options, maxPoolSize: options.MaxPoolSize);
        Assert.Equal(30, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxPoolSize);
    }

    [Theory]
    [InlineData("Postgres:MaxPoolSize", "0")]
    [InlineData("Postgres:BookkeepingMaxPoolSize", "many")]
    [InlineData("Postgres:Authentication", "Kerberos")]
    public void A_setting_out_of_range_is_refused_by_name(string key, string value)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => StorageOptions.From(Settings(
            ("ConnectionStrings:Postgres", TestEnvironment.PostgresConnectionString), ("AzureWebJobsStorage", TestEnvironment.QueueConnectionString),
            (key, value))));

        Assert.Contains(key, refused.Message);
    }

    [Fact]
    public async Task With_entra_authentication_a_connection_signs_in_with_a_token_of_the_identity_as_its_password()
    {
        // The local server checks passwords; its password stands in for the token Entra would issue.
        var server = new NpgsqlConnectionStringBuilder(TestEnvironment.PostgresConnectionString);
        var token = new RecordingCredential(server.Password!);
        server.Password = null;
        var options = new StorageOptions(server.ConnectionString, TestEnvironment.QueueConnectionString)
        {
            PostgresEntraAuthentication = true,
            Credential = token,
        };

        await using var dataSource = PostgresDataSourceFactory.Create(options);
        await using var command = dataSource.CreateCommand("SELECT current_user");

        Assert.Equal(server.Username, await command.ExecuteScalarAsync());
        Assert.Equal([PostgresDataSourceFactory.EntraTokenScope], token.Scopes);
    }

    private sealed class RecordingCredential(string token) : TokenCredential
    {
        public string[] Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            Scopes = requestContext.Scopes;
            return new AccessToken(token, DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}
