"""Bringing history in from Toggl, Watson and Timewarrior, all or nothing."""
