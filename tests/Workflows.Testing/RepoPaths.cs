namespace Workflows.Testing;

/// <summary>
/// Locates the repository from a running test, whatever its output folder or the runner's working directory.
/// </summary>
public static class RepoPaths
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "Workflows.sln";

    private static readonly Lazy<string> LazyRoot = new(() => FindRoot(AppContext.BaseDirectory));

    /// <summary>The repository root: the nearest folder at or above the test assembly that holds <c>Workflows.sln</c>.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The repository's <c>node_modules</c> folder (filled by <c>npm ci</c> at the root); it may not exist.</summary>
    public static string NodeModules => Path.Combine(Root, "node_modules");

    /// <summary>A path below the repository root.</summary>
    public static string Combine(params string[] relativeParts)
    {
        ArgumentNullException.ThrowIfNull(relativeParts);
        return Path.Combine([Root, .. relativeParts]);
    }

    /// <summary>Walks up from <paramref name="startDirectory"/> to the folder that holds <c>Workflows.sln</c>.</summary>
    /// <exception cref="DirectoryNotFoundException">No parent folder holds the solution file.</exception>
    public static string FindRoot(string startDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(startDirectory);
        for (var dir = new DirectoryInfo(startDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException(
            $"No folder at or above '{startDirectory}' contains {SolutionFileName}; run the tests from inside the repository.");
    }
}
