# Burmese (CLDR my): decimal point, comma grouping. Django has no format module for it.
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "d/m/Y"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
