namespace StellarMemory.Functions.Http;

/// <summary>The problems the web host writes itself, when no function matched the route or the method: our problem
/// types, and a sentence saying what to do, like every problem a function answers.</summary>
public static class HostProblems
{
    public static void Customize(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var request = context.HttpContext.Request;
        switch (problem.Status)
        {
            case StatusCodes.Status404NotFound:
                problem.Type = ApiResults.ProblemBase + "not-found";
                problem.Title = "No such route.";
                problem.Detail = $"Nothing answers {request.Method} {request.Path}. Every route is listed at /docs and in /openapi.json.";
                break;
            case StatusCodes.Status405MethodNotAllowed:
                problem.Type = ApiResults.ProblemBase + "method-not-allowed";
                problem.Title = "Method not allowed.";
                problem.Detail = $"{request.Path} does not take {request.Method}; the Allow header lists the methods it takes.";
                break;
        }
    }
}
