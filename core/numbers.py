"""One rounding rule for every figure the portal shows or hands out: pages, CSV and XLSX agree."""

from decimal import ROUND_HALF_UP, Decimal


def rounded(value, decimals=1):
    """``value`` to ``decimals`` places, halves away from zero (−29.95 → −30.0, 0.45 → 0.5), as a Decimal.

    Never −0: a change that rounds to nothing is 0.0, not "−0.0".
    """
    if value is None:
        return None
    number = value if isinstance(value, Decimal) else Decimal(str(value))
    number = number.quantize(Decimal(1).scaleb(-int(decimals)), rounding=ROUND_HALF_UP)
    return abs(number) if number.is_zero() else number
