"""Tasks: urgent and important, triage, recurrence, and the morning's frog."""
