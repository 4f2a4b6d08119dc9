"""What a new user met in a week of everyday use: small things a careful reader notices."""

from __future__ import annotations


def test_one_of_a_kind_is_said_in_the_singular(gig):
    gig("client", "add", "Acme")
    gig("receipts", "add", "120", "Adobe")
    gig("income", "add", "500", "Acme")
    gig("mileage", "add", "12", "-p", "Client visit")
    assert "1 receipt: 120.00 USD paid" in gig("receipts", "list").stdout
    assert "1 payment " in gig("income", "list").stdout
    assert "1 trip " in gig("mileage", "list").stdout
    money = gig("money").stdout
    assert "1 expense needs a receipt file:" in money
    assert "(s)" not in money


def test_balance_counts_one_warning_in_the_singular(gig):
    gig("log", "add", "acme", "8:00-12:00", "design", "--date", "mon")
    gig("log", "add", "acme", "12:30-17:15", "design", "--date", "mon")
    out = gig("balance").stdout
    assert "1 warning (" in out
    assert "(s)" not in out
