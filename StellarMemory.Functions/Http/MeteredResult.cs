namespace StellarMemory.Functions.Http;

/// <summary>Executes a result, then reports the status actually sent, so metering sees what the client saw.</summary>
public sealed class MeteredResult(IActionResult inner, Action<int> onCompleted) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        try
        {
            await inner.ExecuteResultAsync(context);
        }
        finally
        {
            onCompleted(context.HttpContext.Response.StatusCode);
        }
    }
}
