using System.Reflection;
using System.Text;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using StellarMemory.Functions.PortableHost;

namespace StellarMemory.Tests.PortableHost;

public sealed class QueueMessageBinderTests
{
    private static readonly QueueMessageBinder Binder = new(Describe(), base64: true);

    [Fact]
    public void Base64_body_is_decoded() =>
        Assert.Equal("héllo", Decode(Convert.ToBase64String(Encoding.UTF8.GetBytes("héllo"))));

    [Fact]
    public void Plain_body_is_kept() =>
        Assert.Equal("{\"a\":1}", Decode("{\"a\":1}"));

    [Fact]
    public void Base64_of_binary_that_is_not_text_is_kept_as_sent() =>
        Assert.Equal("/w==", Decode("/w=="));

    private static string Decode(string stored) => Encoding.UTF8.GetString(Binder.Decode(Encoding.UTF8.GetBytes(stored)));

    private static FunctionDescriptor Describe()
    {
        var method = typeof(QueueMessageBinderTests).GetMethod(nameof(Sample), BindingFlags.NonPublic | BindingFlags.Static)!;
        var parameter = method.GetParameters()[0];
        return new FunctionDescriptor("Sample", typeof(QueueMessageBinderTests), method, parameter, new QueueTriggerAttribute("q"));
    }

    private static void Sample([QueueTrigger("q")] string body) => _ = body;

    private static readonly DateTimeOffset Inserted = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Binding_data_is_supplied_by_name_in_the_parameters_type()
    {
        var binder = new QueueMessageBinder(Describe(nameof(WithBindingData)), base64: false);

        var arguments = binder.Bind(Message("body"), CancellationToken.None);

        Assert.Equal("body", arguments[0]);
        Assert.Equal("id-1", arguments[1]);
        Assert.Equal(3L, arguments[2]);
        Assert.Equal(Inserted, arguments[3]);
        Assert.Equal(Inserted.AddDays(7), arguments[4]);
        Assert.Equal(Inserted.AddMinutes(1), arguments[5]);
        Assert.Equal("receipt-1", arguments[6]);
        Assert.Equal(CancellationToken.None, arguments[7]);
    }

    [Fact]
    public void Absent_binding_data_binds_null()
    {
        var binder = new QueueMessageBinder(Describe(nameof(WithBindingData)), base64: false);
        var message = QueuesModelFactory.QueueMessage("id-1", "receipt-1", new BinaryData("body"u8.ToArray()), 1);

        var arguments = binder.Bind(message, CancellationToken.None);

        Assert.Null(arguments[3]);
        Assert.Null(arguments[4]);
    }

    [Fact]
    public void The_trigger_binds_as_bytes_binary_data_or_the_message_itself()
    {
        var message = Message(Convert.ToBase64String("héllo"u8.ToArray()));

        Assert.Equal("héllo"u8.ToArray(), (byte[])new QueueMessageBinder(Describe(nameof(AsBytes)), base64: true).Bind(message, default)[0]!);
        Assert.Equal("héllo", ((BinaryData)new QueueMessageBinder(Describe(nameof(AsBinaryData)), base64: true).Bind(message, default)[0]!).ToString());
        Assert.Same(message, new QueueMessageBinder(Describe(nameof(AsMessage)), base64: true).Bind(message, default)[0]);
    }

    [Fact]
    public void A_json_body_binds_to_a_poco_with_web_naming()
    {
        var order = (Order)new QueueMessageBinder(Describe(nameof(AsPoco)), base64: true).Bind(Message("""{"orderId":"o-1","quantity":2}"""), default)[0]!;

        Assert.Equal(new Order("o-1", 2), order);
    }

    [Fact]
    public void A_json_null_is_refused_for_a_poco() =>
        Assert.Throws<System.Text.Json.JsonException>(() =>
            new QueueMessageBinder(Describe(nameof(AsPoco)), base64: true).Bind(Message("null"), default));

    [Fact]
    public void Without_base64_the_stored_text_is_the_body() =>
        Assert.Equal("aGk=", new QueueMessageBinder(Describe(nameof(Sample)), base64: false).Bind(Message("aGk="), default)[0]);

    [Fact]
    public void A_parameter_that_is_neither_trigger_nor_binding_data_is_refused_when_the_function_is_set_up()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => new QueueMessageBinder(Describe(nameof(WithUnknown)), base64: true));

        Assert.Contains("'tenant'", refused.Message);
    }

    private static QueueMessage Message(string text) =>
        QueuesModelFactory.QueueMessage("id-1", "receipt-1", new BinaryData(Encoding.UTF8.GetBytes(text)), 3,
            Inserted.AddMinutes(1), Inserted, Inserted.AddDays(7));

    private static FunctionDescriptor Describe(string name)
    {
        var method = typeof(QueueMessageBinderTests).GetMethod(name, BindingFlags.NonPublic | BindingFlags.Static)!;
        return new FunctionDescriptor(name, typeof(QueueMessageBinderTests), method, method.GetParameters()[0], new QueueTriggerAttribute("q"));
    }

    public sealed record Order(string OrderId, int Quantity);

    private static void WithBindingData([QueueTrigger("q")] string body, string id, long dequeueCount,
        DateTimeOffset? insertionTime, DateTimeOffset? expirationTime, DateTimeOffset nextVisibleTime, string popReceipt,
        CancellationToken cancellationToken) => _ = body;

    private static void AsBytes([QueueTrigger("q")] byte[] body) => _ = body;

    private static void AsBinaryData([QueueTrigger("q")] BinaryData body) => _ = body;

    private static void AsMessage([QueueTrigger("q")] QueueMessage message) => _ = message;

    private static void AsPoco([QueueTrigger("q")] Order order) => _ = order;

    private static void WithUnknown([QueueTrigger("q")] string body, string tenant) => _ = body;
}
