using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.PortableHost;

/// <summary>One host serving the routing and result probes, shared by the tests of a class.</summary>
public sealed class EndpointsHostFixture() : ApiHostFixture(["EchoRoute", "GetHealth", "ResultProbe", "NoContentProbe", "PocoProbe"]);
