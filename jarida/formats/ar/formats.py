"""Django's date formats for Arabic, the paper's way (CLDR order: day, month, year), where
Django's own `ar` formats leave DATETIME_FORMAT unset and the admin printed «ديسمبر 2, 2026».
Month names (`F`) are the newsroom's (NEWSROOM_LOCALE, NEWSROOM_MONTH_STYLE: «كانون
الأول/ديسمبر»), set by `jarida.newsroom.apps` from the same Babel data as the reader site."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y، H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "Y/m/d"
SHORT_DATETIME_FORMAT = "Y/m/d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday, as Wagtail's date picker shows Lebanese calendars
