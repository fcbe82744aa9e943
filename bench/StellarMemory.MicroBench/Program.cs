using BenchmarkDotNet.Running;
using StellarMemory.MicroBench;

BenchmarkSwitcher.FromAssembly(typeof(ShortJobConfig).Assembly).Run(args, new ShortJobConfig());
