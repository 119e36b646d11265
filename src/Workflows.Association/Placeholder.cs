namespace Workflows.Association;
internal static class Placeholder { }
