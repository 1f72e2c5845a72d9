"""Signals the news app offers to feature apps, so that `news` imports none of them.

`article_page_changed` (with `article`): something a feature app shows on an article's page
and its cards changed (the comments app: a comment approved or removed, comments opened or
closed). Send it after the transaction commits. `cache_rules` purges what shows it.
"""

from django.dispatch import Signal

article_page_changed = Signal()
