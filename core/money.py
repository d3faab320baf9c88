"""Money on screen: amounts are integer cents everywhere; this is the one place they become text."""


def format_cents(cents: int | None, currency: str = "usd") -> str:
    """4900 → "$49", 1250 → "$12.50", other currencies as "EUR 12"; None → ""."""
    if cents is None:
        return ""
    symbol = "$" if currency.lower() == "usd" else f"{currency.upper()} "
    return f"{symbol}{cents // 100:,}" if cents % 100 == 0 else f"{symbol}{cents / 100:,.2f}"
