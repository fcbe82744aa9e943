using System.Text;
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
        var method = typeof(QueueMessageBinderTests).GetMethod(nameof(Sample), System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static)!;
        var parameter = method.GetParameters()[0];
        return new FunctionDescriptor("Sample", typeof(QueueMessageBinderTests), method, parameter, new QueueTriggerAttribute("q"));
    }

    private static void Sample([QueueTrigger("q")] string body) => _ = body;
}
