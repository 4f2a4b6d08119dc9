"""Money: receipts and their files, income, mileage, tax tables, the accountant's package."""
