"""Clients and projects: who the work is for, their rates, currencies and old names.

Every other domain names work by client and project; this package is where those
names are kept, checked against look-alikes and resolved.
"""
