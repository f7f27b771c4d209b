# Lao (CLDR lo): day-month-year; numbers below. Django has no lo locale.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "j F Y, G:i"
FIRST_DAY_OF_WEEK = 0

# Numbers: one rule per language, on pages, charts and PDFs alike (docs/counting-rules.md,
# "Numbers as written"). Where the language's own convention groups thousands with a point
# (1.038), which a reader of the program's English documents takes for a decimal, thousands
# are grouped with a no-break space (1 038) and the decimal comma is kept.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3
