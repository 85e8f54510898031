using System;
using System.IO;

namespace Chainer.Bindings.Generator.Ast;

/// <summary>
/// How the header is named in the generated files' first line. It must not depend on
/// where the checkout lives, or check.sh would see a difference: relative to the git
/// work tree holding the header, else (a copy without .git) to the current folder when
/// the header is under it (the scripts run from the repository root), else its file name.
/// </summary>
public static class DisplayPath
{
    public static string Of(string headerPath)
    {
        string full = Path.GetFullPath(headerPath);
        for (DirectoryInfo? dir = new FileInfo(full).Directory; dir is not null; dir = dir.Parent)
        {
            string git = Path.Combine(dir.FullName, ".git");
            if (Directory.Exists(git) || File.Exists(git))
            {
                return Relative(dir.FullName, full);
            }
        }

        string cwd = Path.GetFullPath(Directory.GetCurrentDirectory());
        string fromCwd = Path.GetRelativePath(cwd, full);
        return fromCwd.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(fromCwd)
            ? Path.GetFileName(full)
            : Relative(cwd, full);
    }

    private static string Relative(string root, string full) => Path.GetRelativePath(root, full).Replace('\\', '/');
}
