# Khmer dates are day first; Django's "km" has no input formats (ISO 8601 is always accepted).
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y"]
