# Thai: day month year; the year is written in the Buddhist era (+543) by articles.i18n.format_date,
# because a Django format string cannot add to the year. Input: Thai dates with a Gregorian or a
# Buddhist-era year (articles.i18n.parse_era_date), and ISO 8601 (Django always accepts it).
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y G:i"
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y"]
