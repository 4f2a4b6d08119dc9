"""Where gig keeps its data: the folder, the SQLite file, its schema and backups."""
