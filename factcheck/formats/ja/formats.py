# Japanese dates are year first; Django's "ja" has no input formats (ISO 8601 is always accepted).
DATE_INPUT_FORMATS = ["%Y/%m/%d", "%Y年%m月%d日"]
