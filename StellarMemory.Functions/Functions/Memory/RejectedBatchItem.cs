namespace StellarMemory.Functions.Functions.Memory;

/// <summary>A batch item the plan's memory or agent cap refused, with the problem a single store would have answered.</summary>
public sealed record RejectedBatchItem(RejectedBatchItem.LimitError Error) : StoreBatchItem
{
    /// <summary>The limit that refused the item; <c>limit</c> is "memories" or "agents".</summary>
    public sealed record LimitError(string Type, string Title, string Detail, string Limit, int Maximum);
}
