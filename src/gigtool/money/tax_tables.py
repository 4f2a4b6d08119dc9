"""US tax data as dated tables: Schedule C lines per tax year, built-in expense
categories, and the IRS standard mileage rate, each with its source.

Line numbers move between forms (the "other expenses" line is 27a on the
2023 and 2024 forms and 27b on the 2025 form), so nothing outside this module
names a line number: categories point at a line *key*, and the number is
looked up for the tax year at hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from gigtool.errors import Refused

# --- Schedule C (Form 1040) ----------------------------------------------------------------

LINES: dict[str, str] = {
    "gross_receipts": "Gross receipts or sales",
    "advertising": "Advertising",
    "car_truck": "Car and truck expenses",
    "commissions_fees": "Commissions and fees",
    "contract_labor": "Contract labor",
    "depletion": "Depletion",
    "depreciation": "Depreciation and section 179 expense",
    "employee_benefits": "Employee benefit programs",
    "insurance": "Insurance (other than health)",
    "interest_mortgage": "Interest: mortgage (paid to banks, etc.)",
    "interest_other": "Interest: other",
    "legal_professional": "Legal and professional services",
    "office": "Office expense",
    "pension_profit_sharing": "Pension and profit-sharing plans",
    "rent_equipment": "Rent or lease: vehicles, machinery, and equipment",
    "rent_property": "Rent or lease: other business property",
    "repairs": "Repairs and maintenance",
    "supplies": "Supplies",
    "taxes_licenses": "Taxes and licenses",
    "travel": "Travel",
    "meals": "Deductible meals",
    "utilities": "Utilities",
    "wages": "Wages",
    "energy_efficient_buildings": "Energy efficient commercial buildings deduction",
    "other": "Other expenses (from Part V)",
    "total_expenses": "Total expenses before expenses for business use of home",
    "tentative_profit": "Tentative profit or (loss)",
    "home_office": "Expenses for business use of your home",
    "other_total": "Total other expenses (Part V)",
}

# The expense lines, in the order they appear on the form.
EXPENSE_LINES = tuple(
    key
    for key in LINES
    if key
    not in {"gross_receipts", "total_expenses", "tentative_profit", "home_office", "other_total"}
)

_FORM_2023 = {
    "gross_receipts": "1",
    "advertising": "8",
    "car_truck": "9",
    "commissions_fees": "10",
    "contract_labor": "11",
    "depletion": "12",
    "depreciation": "13",
    "employee_benefits": "14",
    "insurance": "15",
    "interest_mortgage": "16a",
    "interest_other": "16b",
    "legal_professional": "17",
    "office": "18",
    "pension_profit_sharing": "19",
    "rent_equipment": "20a",
    "rent_property": "20b",
    "repairs": "21",
    "supplies": "22",
    "taxes_licenses": "23",
    "travel": "24a",
    "meals": "24b",
    "utilities": "25",
    "wages": "26",
    "other": "27a",
    "energy_efficient_buildings": "27b",
    "total_expenses": "28",
    "tentative_profit": "29",
    "home_office": "30",
    "other_total": "48",
}


@dataclass(frozen=True)
class Form:
    year: int
    numbers: dict[str, str]
    source: str


FORMS: dict[int, Form] = {
    2023: Form(2023, _FORM_2023, "https://www.irs.gov/pub/irs-prior/f1040sc--2023.pdf"),
    2024: Form(2024, dict(_FORM_2023), "https://www.irs.gov/pub/irs-prior/f1040sc--2024.pdf"),
    # 2025 put the energy efficient buildings deduction first: 27a; other expenses moved to 27b.
    2025: Form(
        2025,
        {**_FORM_2023, "energy_efficient_buildings": "27a", "other": "27b"},
        "https://www.irs.gov/pub/irs-pdf/f1040sc.pdf",
    ),
}


@dataclass(frozen=True)
class LineTable:
    """Line numbers for one tax year, and a note when they are borrowed from another form."""

    tax_year: int
    form_year: int
    numbers: dict[str, str]
    source: str
    note: str | None

    def number(self, line: str | None) -> str | None:
        return None if line is None else self.numbers.get(line)


def schedule_c(tax_year: int) -> LineTable:
    known = sorted(FORMS)
    form_year = min(max(tax_year, known[0]), known[-1])
    form = FORMS[form_year]
    note = None
    if form_year != tax_year:
        yet = " yet" if tax_year > form_year else ""
        note = (
            f"gig does not have the {tax_year} Schedule C{yet}; line numbers are from the "
            f"{form_year} form, so check them against the {tax_year} form"
        )
    return LineTable(tax_year, form_year, form.numbers, form.source, note)


# --- Categories --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    line: str | None  # a key of LINES; None: not a deductible Schedule C expense
    deductible_pct: int = 100
    owner: bool = False  # an owner item: kept out of profit and loss
    needs_note: bool = False  # Part V lists each "other" expense by what it was
    always_receipt: bool = False  # lodging needs its receipt whatever the amount
    builtin: bool = True
    where: str = ""  # for owner items: where they go instead


UNCATEGORIZED = "uncategorized"

BUILTIN: tuple[Category, ...] = (
    Category("advertising", "Advertising", "advertising"),
    Category("car_truck", "Car and truck expenses (actual costs)", "car_truck"),
    Category("commissions_fees", "Commissions and fees", "commissions_fees"),
    Category("contract_labor", "Contract labor", "contract_labor"),
    Category("depreciation", "Depreciation and section 179 (see Form 4562)", "depreciation"),
    Category("employee_benefits", "Employee benefit programs", "employee_benefits"),
    Category("insurance", "Insurance (other than health)", "insurance"),
    Category("interest_mortgage", "Mortgage interest on business property", "interest_mortgage"),
    Category("interest_other", "Other business interest", "interest_other"),
    Category("legal_professional", "Legal and professional services", "legal_professional"),
    Category("office", "Office expense", "office"),
    Category(
        "pension_profit_sharing", "Pension and profit-sharing plans", "pension_profit_sharing"
    ),
    Category("rent_equipment", "Rent or lease: vehicles, machinery, equipment", "rent_equipment"),
    Category("rent_property", "Rent or lease: other business property", "rent_property"),
    Category("repairs", "Repairs and maintenance", "repairs"),
    Category("supplies", "Supplies", "supplies"),
    Category("taxes_licenses", "Taxes and licenses", "taxes_licenses"),
    Category("travel", "Travel: fares, taxis, baggage", "travel"),
    Category("lodging", "Travel: lodging", "travel", always_receipt=True),
    Category("meals", "Business meals", "meals", deductible_pct=50),
    Category("utilities", "Utilities", "utilities"),
    Category("wages", "Wages paid to employees", "wages"),
    Category("other", "Other expenses", "other", needs_note=True),
    Category(UNCATEGORIZED, "Not yet categorized", None),
    Category(
        "estimated_tax",
        "Estimated tax payments",
        None,
        owner=True,
        where="Form 1040-ES payments, credited on your Form 1040",
    ),
    Category(
        "health_insurance",
        "Your own health insurance",
        None,
        owner=True,
        where="self-employed health insurance deduction, Schedule 1",
    ),
    Category(
        "retirement",
        "Your own retirement (SEP, SIMPLE, solo 401(k))",
        None,
        owner=True,
        where="self-employed retirement deduction, Schedule 1",
    ),
    Category(
        "owner_draw",
        "Owner's draw: money you took for yourself",
        None,
        owner=True,
        where="not an expense",
    ),
    Category(
        "personal",
        "Personal, paid from a business account",
        None,
        owner=True,
        where="not deductible",
    ),
)
BUILTIN_KEYS = {c.key: c for c in BUILTIN}


@dataclass(frozen=True)
class Share:
    """A built-in category's deductible share for one tax year, where the law gave it
    another than its usual one."""

    deductible_pct: int
    source: str


_RESTAURANT_MEALS = Share(
    100,
    "Consolidated Appropriations Act, 2021, div. EE, sec. 210 (IRC 274(n)(2)(D)); "
    "IRS Notice 2021-25: food and beverages provided by a restaurant, paid or incurred "
    "in 2021 or 2022, are 100% deductible",
)

# By tax year, then category key. A receipt's share follows its own year, so a 2022
# restaurant meal stays 100% deductible in a package made in 2026.
SHARES: dict[int, dict[str, Share]] = {
    2021: {"meals": _RESTAURANT_MEALS},
    2022: {"meals": _RESTAURANT_MEALS},
}


def share_for(category: Category, tax_year: int) -> Share | None:
    """The year's own share for a built-in category, when it differs from the usual."""
    return SHARES.get(tax_year, {}).get(category.key) if category.builtin else None


def deductible_pct(category: Category, tax_year: int) -> int:
    """The deductible share of an expense in `category` in `tax_year`; 0 for owner
    items and what is not on Schedule C. Your own categories keep the share you gave."""
    if category.owner or category.line is None:
        return 0
    found = share_for(category, tax_year)
    return found.deductible_pct if found else category.deductible_pct


# --- Standard mileage rate --------------------------------------------------------------------


@dataclass(frozen=True)
class MileageRate:
    since: date
    cents_per_mile: Decimal
    source: str


MILEAGE_PAGE = "https://www.irs.gov/tax-professionals/standard-mileage-rates"

# Business rate, by the first day it applies. 2022 changed mid-year.
MILEAGE_RATES: tuple[MileageRate, ...] = (
    MileageRate(date(2022, 1, 1), Decimal("58.5"), "IRS Notice 2022-03"),
    MileageRate(date(2022, 7, 1), Decimal("62.5"), "IRS Announcement 2022-13"),
    MileageRate(date(2023, 1, 1), Decimal("65.5"), "IRS Notice 2023-03"),
    MileageRate(date(2024, 1, 1), Decimal("67"), "IRS Notice 2024-08"),
    MileageRate(date(2025, 1, 1), Decimal("70"), "IRS Notice 2025-5"),
    MileageRate(date(2026, 1, 1), Decimal("72.5"), "IRS Notice 2026-10"),
)


@dataclass(frozen=True)
class RateFor:
    rate: MileageRate
    note: str | None  # set when the rate is carried forward from an earlier year


def mileage_rate(day: date) -> RateFor:
    """The IRS business rate for a drive on `day`."""
    earlier = [r for r in MILEAGE_RATES if r.since <= day]
    if not earlier:
        first = MILEAGE_RATES[0].since
        raise Refused(f"gig knows the IRS mileage rate from {first:%Y-%m-%d} on, not for {day}")
    rate = earlier[-1]
    note = None
    if day.year > MILEAGE_RATES[-1].since.year:
        note = (
            f"the IRS {day.year} rate is not in gig yet; using {cents_text(rate.cents_per_mile)} "
            f"from {rate.since.year}"
        )
    return RateFor(rate, note)


def mileage_value(miles_hundredths: int, cents_per_mile: Decimal) -> int:
    """Miles × rate, in whole cents, rounded half up once."""
    value = Decimal(miles_hundredths) * cents_per_mile / 100
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def cents_text(cents: Decimal) -> str:
    return f"{cents.normalize():f}¢"
