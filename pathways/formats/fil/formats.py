# Filipino (CLDR fil): "Hunyo 30, 2022", decimal point, comma grouping. Django has no fil locale.
DATE_FORMAT = "F j, Y"
SHORT_DATE_FORMAT = "m/d/Y"
DATETIME_FORMAT = "F j, Y, g:i A"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 0
