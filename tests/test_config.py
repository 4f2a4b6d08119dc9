"""Settings that depend on each other stay meaningful."""

from __future__ import annotations


def test_rate_keeps_its_currency_when_the_default_currency_changes(gig) -> None:
    gig("config", "set", "rate", "90.50")
    assert gig("config", "get", "rate").stdout.strip() == "90.50 USD"
    gig("config", "set", "currency", "JPY")
    assert gig("config", "get", "rate").stdout.strip() == "90.50 USD"
    gig("log", "add", "acme", "9-10", "--date", "yesterday")
    gig("log", "report", "--week")  # used to fail: 90.50 is not a valid yen amount


def test_rate_is_read_in_the_users_currency_and_decimal_style(gig) -> None:
    gig("config", "set", "currency", "EUR")
    gig("config", "set", "decimal-comma", "true")
    assert gig("config", "set", "rate", "90,50").stdout.strip() == "rate = 90.50 EUR"


def test_a_warning_cannot_come_after_its_alert(gig) -> None:
    result = gig("balance", "set", "day-max", "7h", code=2)
    assert "balance.day-warn (8h) cannot be more than balance.day-max (7h)" in result.stderr
    gig("balance", "set", "day-warn", "6h")
    gig("balance", "set", "day-max", "7h")
    assert gig("config", "get", "balance.day-max").stdout.strip() == "7h"


def test_limits_that_cannot_hold_are_refused(gig) -> None:
    assert "longer than a week" in gig("balance", "set", "weekly-rest", "200h", code=2).stderr
    assert "runs past midnight" in gig("balance", "set", "meal-window", "13:00-12:00", code=2).stderr
    assert gig("balance", "set", "late-window", "23:00-06:00").stdout.strip().endswith(
        "23:00-06:00"
    )
