"""Time: the timer, time entries, the time language, reports, importers and exporters.

Owns the `time_entry` and `tag` tables. Other domains read tracked hours through
it (tasks start timers, money prices hours, balance weighs them).
"""
