using Microsoft.Data.Sqlite;

namespace Workflows.Testing;

/// <summary>The schema of a SQLite file as sorted, comparable lines: migrated databases are compared with the model's.</summary>
public static class SqliteSchema
{
    /// <summary>Tables, columns (type, null, key) and indexes (unique, columns) of a SQLite file, as comparable text.</summary>
    public static List<string> Describe(string file)
    {
        var lines = new List<string>();
        using var connection = new SqliteConnection($"Data Source={file}");
        connection.Open();
        var tables = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '\\_\\_%' ESCAPE '\\' ORDER BY name";
            using var reader = command.ExecuteReader();
            while (reader.Read()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            lines.Add($"table {table}");
            lines.AddRange(Query(connection, $"PRAGMA table_info(\"{table}\")", r => $"  column {table}.{r.GetString(1)} {r.GetString(2)} notnull={r.GetInt64(3)} pk={r.GetInt64(5)}"));
            foreach (var (index, unique) in Query(connection, $"PRAGMA index_list(\"{table}\")", r => (r.GetString(1), r.GetInt64(2))))
            {
                if (index.StartsWith("sqlite_autoindex", StringComparison.Ordinal)) continue;
                var columns = string.Join(",", Query(connection, $"PRAGMA index_info(\"{index}\")", r => r.GetString(2)));
                lines.Add($"  index {index} unique={unique} ({columns})");
            }
        }
        return lines.Order(StringComparer.Ordinal).ToList();
    }

    private static List<T> Query<T>(SqliteConnection connection, string sql, Func<SqliteDataReader, T> map)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read()) list.Add(map(reader));
        return list;
    }

}
