"""Storage: the engine and its pragmas, migrations, derived columns, search index, backups. No Qt here."""
