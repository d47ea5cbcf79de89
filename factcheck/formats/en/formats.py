# English pages keep the ISO dates the newsroom used before translation (Django's own "en" is US: m/d/Y).
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
