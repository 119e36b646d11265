namespace Workflows.Runtime;
internal static class Placeholder { }
