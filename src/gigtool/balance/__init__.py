"""Work-life balance: limits and the alerts computed from tracked hours, and focus."""
