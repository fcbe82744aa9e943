using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Functions.Mail;

public sealed class SendOutgoingMailTests
{
    private static readonly string[] Functions = ["RegisterAccount", "SendOutgoingMail"];

    [Fact]
    public async Task A_mail_outage_fails_no_request_and_the_mail_arrives_once_the_relay_is_back()
    {
        await using var database = await TestDatabase.CreateAsync();
        var port = FreePorts.Take();
        await using var host = await TestHost.StartAsync(database.ConnectionString, Functions, SmtpCatcher.SettingsFor(port));
        var email = $"patient-{Guid.NewGuid():N}@example.com";

        // Nothing listens on the relay's port: registering still answers at once, with the key.
        var registered = await StellarApi.RegisterAsync(host.Client, email);
        Assert.StartsWith("sk-stellar-", registered.ApiKey);

        using var smtp = SmtpCatcher.Start(port);
        var mail = await smtp.WaitForAsync(email);
        Assert.Equal("Confirm your email address for Stellar Memory", mail.Subject);
    }

    [Fact]
    public async Task A_mail_that_keeps_failing_goes_to_the_poison_queue_after_the_set_attempts()
    {
        await using var database = await TestDatabase.CreateAsync();
        var queue = TestEnvironment.UniqueName("mail");
        var settings = SmtpCatcher.SettingsFor(FreePorts.Take());
        settings["OutgoingMailQueue"] = queue;
        settings["Mail:MaxAttempts"] = "3";
        var logs = new CapturedLogs();
        await using var host = await TestHost.StartAsync(database.ConnectionString, Functions, settings,
            builder => builder.Logging.AddProvider(logs));

        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(host.Client, email);

        var poison = new QueueClient(TestEnvironment.QueueConnectionString, queue + "-poison",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var poisoned = await Eventually.GetAsync(async () => await poison.ExistsAsync() ? (await poison.PeekMessagesAsync(32)).Value : [],
            messages => messages.Length > 0, TimeSpan.FromSeconds(90), "the mail in the poison queue");
        Assert.Single(poisoned);
        Assert.Contains("\"attempt\":3", poisoned[0].Body.ToString());
        Assert.Contains("Gave up on a message of queue", logs.Text);
        Assert.DoesNotContain(email, logs.Text);
    }

    [Fact]
    public async Task A_relay_refusal_that_quotes_the_address_keeps_it_out_of_the_logs_and_the_poison_reason()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var relay = new RefusingSmtpRelay();
        var queue = TestEnvironment.UniqueName("mail");
        var settings = SmtpCatcher.SettingsFor(relay.Port);
        settings["OutgoingMailQueue"] = queue;
        settings["Mail:MaxAttempts"] = "2";
        var logs = new CapturedLogs();
        await using var host = await TestHost.StartAsync(database.ConnectionString, Functions, settings,
            builder => builder.Logging.AddProvider(logs));

        var email = $"busy-{Guid.NewGuid():N}@example.com";
        await StellarApi.RegisterAsync(host.Client, email);

        var poison = new QueueClient(TestEnvironment.QueueConnectionString, queue + "-poison",
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        await Eventually.GetAsync(async () => await poison.ExistsAsync() ? (await poison.PeekMessagesAsync(32)).Value : [],
            messages => messages.Length > 0, TimeSpan.FromSeconds(90), "the refused mail in the poison queue");
        Assert.True(relay.Refusals >= 2, $"the relay refused {relay.Refusals} times");
        Assert.DoesNotContain(email, logs.Text);
        Assert.Contains("the relay answered 450", logs.Text);
    }
}
