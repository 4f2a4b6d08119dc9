"""gig: time, tasks, money and balance for people who work for themselves."""

__version__ = "0.1.0"
