using StellarMemory.Tests.Support;

namespace StellarMemory.Tests.Landing;

/// <summary>The landing page is code like the rest: split into modules by section, none of them a 1,000-line file.</summary>
public sealed class LandingFilesTests
{
    private const int MaxLines = 400;

    [Fact]
    public void No_landing_file_is_over_400_lines()
    {
        var folder = Path.Combine(TestEnvironment.RepositoryRoot, "landing");
        var files = Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).ToList();

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.True(File.ReadLines(file).Count() <= MaxLines,
            $"{Path.GetRelativePath(folder, file)} has {File.ReadLines(file).Count()} lines; split it by section (at most {MaxLines})."));
    }
}
